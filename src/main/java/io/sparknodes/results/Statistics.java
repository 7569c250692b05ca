package io.sparknodes.results;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/** Summaries of samples and Welch's test between two of them. */
public final class Statistics {
  /** The confidence level of every interval. */
  public static final double CONFIDENCE = 0.95;

  private Statistics() {}

  /**
   * Summarizes samples of seconds; {@code items} sets the throughput at the median.
   *
   * @throws IllegalArgumentException when there is no sample or one is not finite
   */
  public static Summary summarize(double[] samples, long items) {
    Objects.requireNonNull(samples, "samples");
    if (samples.length == 0) {
      throw new IllegalArgumentException("cannot summarize zero samples");
    }
    for (int i = 0; i < samples.length; i++) {
      if (!Double.isFinite(samples[i])) {
        throw new IllegalArgumentException("sample " + i + " is not finite: " + samples[i]);
      }
    }
    if (items < 0) {
      throw new IllegalArgumentException("items must not be negative but was " + items);
    }
    DescriptiveStatistics d = new DescriptiveStatistics(samples);
    int n = samples.length;
    double mean = d.getMean();
    double median = d.getPercentile(50);
    double std = n >= 2 ? d.getStandardDeviation() : 0.0;
    double half = halfWidth(std, n);
    double cv = mean != 0 ? std / mean : 0.0;
    double throughput = median > 0 ? items / median : 0.0;
    return new Summary(n, mean, median, std, cv, mean - half, mean + half, d.getMin(), d.getMax(), throughput);
  }

  /** {@link #summarize(double[], long)} of a list. */
  public static Summary summarize(List<Double> samples, long items) {
    return summarize(toArray(samples), items);
  }

  /**
   * {@link #summarize(List, long)} of times, which cannot be negative: the mean's interval is cut at
   * zero (the true mean lies in it as often as in the uncut one). Two widely spread samples gave
   * "95% CI -0.200 to 0.341 s" before.
   */
  public static Summary summarizeSeconds(List<Double> seconds, long items) {
    Summary s = summarize(seconds, items);
    return s.ciLow() >= 0 ? s : new Summary(s.n(), s.mean(), s.median(), s.std(), s.cv(), 0.0, s.ciHigh(), s.min(),
        s.max(), s.throughput());
  }

  /**
   * The two-sided p-value of Welch's t-test that two samples have the same mean. Empty when either
   * sample has fewer than two values (no variance to estimate). When both variances are zero the
   * means are exact: p is 1 when they are equal and 0 when they differ.
   */
  public static OptionalDouble welchPValue(double[] a, double[] b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (a.length < 2 || b.length < 2) {
      return OptionalDouble.empty();
    }
    DescriptiveStatistics da = new DescriptiveStatistics(a);
    DescriptiveStatistics db = new DescriptiveStatistics(b);
    double va = da.getVariance() / a.length;
    double vb = db.getVariance() / b.length;
    double diff = da.getMean() - db.getMean();
    if (va + vb == 0) {
      return OptionalDouble.of(diff == 0 ? 1.0 : 0.0);
    }
    double t = diff / Math.sqrt(va + vb);
    double df = (va + vb) * (va + vb)
        / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
    double p = 2 * new TDistribution(null, df).cumulativeProbability(-Math.abs(t));
    return OptionalDouble.of(Math.min(1.0, p));
  }

  /** {@link #welchPValue(double[], double[])} of two lists. */
  public static OptionalDouble welchPValue(List<Double> a, List<Double> b) {
    return welchPValue(toArray(a), toArray(b));
  }

  /** Half the width of the 95% Student-t interval of a mean of n values with sample std; 0 for n < 2. */
  static double halfWidth(double std, int n) {
    if (n < 2) {
      return 0.0;
    }
    return tQuantile(n - 1) * std / Math.sqrt(n);
  }

  /** The two-sided 95% quantile of Student's t with df degrees of freedom. */
  static double tQuantile(double df) {
    return new TDistribution(null, df).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
  }

  /** The mean of values with its 95% interval: {mean, low, high}; the interval is [mean, mean] for one value. */
  static double[] meanInterval(double[] values) {
    DescriptiveStatistics d = new DescriptiveStatistics(values);
    double mean = d.getMean();
    double half = values.length >= 2 ? halfWidth(d.getStandardDeviation(), values.length) : 0.0;
    return new double[] {mean, mean - half, mean + half};
  }

  /** The sample standard deviation, 0 for fewer than two values. */
  public static double std(double[] values) {
    return values.length >= 2 ? new DescriptiveStatistics(values).getStandardDeviation() : 0.0;
  }

  /** The median of values (the mean of the middle two for an even count). */
  public static double median(double[] values) {
    return new DescriptiveStatistics(values).getPercentile(50);
  }

  static double[] toArray(List<Double> values) {
    Objects.requireNonNull(values, "values");
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Objects.requireNonNull(values.get(i), "value " + i);
    }
    return out;
  }
}
