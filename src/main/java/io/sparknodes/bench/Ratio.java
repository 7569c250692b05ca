package io.sparknodes.bench;

import io.sparknodes.results.Statistics;
import io.sparknodes.results.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How many times longer {@code numerator} took than {@code denominator}, in wall time and in CPU
 * time. Each figure is the ratio of their medians; its spread comes from the paired ratios of the
 * rounds (both ran in each round): the 95% Student-t interval of the mean of their logarithms,
 * taken back with exp, i.e. the interval of their geometric mean; min and max are the extreme
 * paired ratios. CPU time is read at the operating system's clock tick (10 ms on Linux), so its
 * ratio is given only when every paired run took at least {@value #MIN_CPU_SECONDS} s of CPU;
 * otherwise {@code cpu} is {@link Spread#NONE}.
 *
 * @param label what the ratio answers, e.g. {@code "engine / hand-written Spark, 10k"}
 * @param wall the ratio of wall times
 * @param cpu the ratio of this JVM's CPU times
 */
public record Ratio(String label, String numerator, String denominator, Spread wall, Spread cpu) {
  /** The least CPU time of every paired run for a CPU ratio to be given. */
  public static final double MIN_CPU_SECONDS = 0.1;

  public Ratio {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(numerator, "numerator");
    Objects.requireNonNull(denominator, "denominator");
    Objects.requireNonNull(wall, "wall");
    Objects.requireNonNull(cpu, "cpu");
  }

  /**
   * One ratio with its spread.
   *
   * @param ratio median of the numerator's samples over median of the denominator's
   * @param geoMean geometric mean of the paired ratios
   * @param ciLow low end of the 95% interval of the geometric mean
   * @param ciHigh high end of the 95% interval of the geometric mean
   * @param min smallest paired ratio
   * @param max largest paired ratio
   * @param pairs the number of paired rounds
   */
  public record Spread(double ratio, double geoMean, double ciLow, double ciHigh, double min, double max, int pairs) {
    /** No ratio: too few or too coarse samples. */
    public static final Spread NONE = new Spread(0, 0, 0, 0, 0, 0, 0);

    /** True unless this is {@link #NONE}. */
    public boolean isPresent() {
      return pairs > 0;
    }

    /**
     * The spread of {@code a} over {@code b}, paired by index.
     *
     * @throws IllegalArgumentException if they do not have the same number of samples
     */
    static Spread of(List<Double> a, List<Double> b) {
      if (a.size() != b.size()) {
        throw new IllegalArgumentException("cannot pair " + a.size() + " samples with " + b.size());
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
      return new Spread(Statistics.summarize(a, 0).median() / Statistics.summarize(b, 0).median(), Math.exp(s.mean()),
          Math.exp(s.ciLow()), Math.exp(s.ciHigh()), min, max, a.size());
    }
  }

  /**
   * The ratio of two variants measured in the same rounds.
   *
   * @throws IllegalArgumentException if they do not have the same number of samples
   */
  static Ratio of(String label, VariantResult numerator, VariantResult denominator) {
    if (numerator.samples().size() != denominator.samples().size()) {
      throw new IllegalArgumentException("cannot pair " + numerator.samples().size() + " samples of '"
          + numerator.name() + "' with " + denominator.samples().size() + " of '" + denominator.name() + "'");
    }
    boolean cpuMeasurable = numerator.cpuSamples().stream().allMatch(c -> c >= MIN_CPU_SECONDS)
        && denominator.cpuSamples().stream().allMatch(c -> c >= MIN_CPU_SECONDS);
    return new Ratio(label, numerator.name(), denominator.name(), Spread.of(numerator.samples(), denominator.samples()),
        cpuMeasurable ? Spread.of(numerator.cpuSamples(), denominator.cpuSamples()) : Spread.NONE);
  }

  /** True when the ratio of median wall times is at most {@code target}. */
  public boolean within(double target) {
    return wall.ratio() <= target;
  }
}
