package io.sparknodes.bench;

import io.sparknodes.results.Statistics;
import io.sparknodes.results.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How many times longer {@code numerator} took than {@code denominator}. The figure is the ratio
 * of their medians. Its spread comes from the paired ratios of the rounds (both ran in each round):
 * the 95% Student-t interval of the mean of their logarithms, taken back with exp, i.e. the
 * interval of their geometric mean; min and max are the extreme paired ratios.
 *
 * @param label what the ratio answers, e.g. {@code "engine / hand-written Spark, 10k"}
 * @param ratio median of numerator over median of denominator
 * @param geoMean geometric mean of the paired ratios
 * @param ciLow low end of the 95% interval of the geometric mean
 * @param ciHigh high end of the 95% interval of the geometric mean
 * @param pairs the number of paired rounds
 */
public record Ratio(String label, String numerator, String denominator, double ratio, double geoMean, double ciLow,
    double ciHigh, double min, double max, int pairs) {
  public Ratio {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(numerator, "numerator");
    Objects.requireNonNull(denominator, "denominator");
  }

  /**
   * The ratio of two variants measured in the same rounds.
   *
   * @throws IllegalArgumentException if they do not have the same number of samples
   */
  static Ratio of(String label, VariantResult numerator, VariantResult denominator) {
    List<Double> a = numerator.samples();
    List<Double> b = denominator.samples();
    if (a.size() != b.size()) {
      throw new IllegalArgumentException("cannot pair " + a.size() + " samples of '" + numerator.name() + "' with "
          + b.size() + " of '" + denominator.name() + "'");
    }
    List<Double> logs = new ArrayList<>(a.size());
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (int i = 0; i < a.size(); i++) {
      double r = a.get(i) / b.get(i);
      logs.add(Math.log(r));
      min = Math.min(min, r);
      max = Math.max(max, r);
    }
    Summary s = Statistics.summarize(logs, 0);
    return new Ratio(label, numerator.name(), denominator.name(),
        numerator.summary().median() / denominator.summary().median(), Math.exp(s.mean()), Math.exp(s.ciLow()),
        Math.exp(s.ciHigh()), min, max, a.size());
  }

  /** True when the ratio of medians is at most {@code target}. */
  public boolean within(double target) {
    return ratio <= target;
  }
}
