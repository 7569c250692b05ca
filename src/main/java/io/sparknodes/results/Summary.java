package io.sparknodes.results;

/**
 * The spread of one point's warm samples, in seconds. The interval is the 95% two-sided Student-t
 * interval of the mean. With a single sample there is no spread to estimate: {@link #hasSpread()}
 * is false, {@code std} and {@code cv} are 0 and the interval is {@code [mean, mean]}; no field is
 * ever NaN.
 *
 * @param std sample standard deviation (n - 1)
 * @param cv {@code std / mean}, 0 when the mean is 0
 * @param throughput items per second at the median, 0 when the median is 0
 */
public record Summary(
    int n,
    double mean,
    double median,
    double std,
    double cv,
    double ciLow,
    double ciHigh,
    double min,
    double max,
    double throughput) {

  public Summary {
    if (n <= 0) {
      throw new IllegalArgumentException("a summary needs at least one sample but n was " + n);
    }
    double[] all = {mean, median, std, cv, ciLow, ciHigh, min, max, throughput};
    for (double v : all) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("summary values must be finite but got " + v);
      }
    }
  }

  /** True when there were at least two samples, so that std, cv and the interval mean something. */
  public boolean hasSpread() {
    return n >= 2;
  }

  /** Half the width of the 95% interval. */
  public double halfWidth() {
    return (ciHigh - ciLow) / 2;
  }
}
