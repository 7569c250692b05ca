package io.sparknodes.pipeline.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The fit of a {@link BatchSizer}: weighted least squares of {@code t = a + b n}. It starts from
 * Beam's weights (residuals over n, numpy.polyfit's {@code w = 1/x}), then reweights by the fitted time
 * (residuals over {@code a + b n}, the model of noise proportional to a call's length) until the
 * fit settles: with Beam's weights the few small batches, whose times hardly depend on the
 * per-item cost, also set the per-item cost. Each round drops the slow outliers; the final fit
 * drops points of Cook's distance above 0.5, as Beam does.
 */
final class BatchSizerFits {
  /** Fraction of points dropped as slow outliers before the fit. */
  static final double TRIM_FRACTION = 0.2;
  /** Points of Cook's distance above this are dropped from the final fit, as in Beam. */
  static final double MAX_COOKS_DISTANCE = 0.5;
  /** Kept points needed before the Cook's distance refit, as in Beam. */
  static final int MIN_POINTS_FOR_COOK = 10;
  private static final int MAX_ROUNDS = 50;

  private BatchSizerFits() {}

  static Optional<BatchSizer.Fit> fit(List<double[]> points) {
    int m = points.size();
    double[] n = new double[m];
    double[] t = new double[m];
    double[] w = new double[m];
    for (int i = 0; i < m; i++) {
      n[i] = points.get(i)[0];
      t[i] = points.get(i)[1];
      w[i] = 1 / (n[i] * n[i]);
    }
    boolean[] keep = new boolean[m];
    Arrays.fill(keep, true);
    Optional<double[]> ab = weighted(n, t, w, keep);
    if (ab.isEmpty()) {
      return Optional.empty();
    }
    double typical = Math.max(median(t.clone()), 1);
    double floor = 1e-3 * typical;
    int trim = (int) (m * TRIM_FRACTION);
    for (int round = 0; round < MAX_ROUNDS; round++) {
      double[] fitted = predicted(n, ab.get(), floor);
      for (int i = 0; i < m; i++) {
        w[i] = 1 / (fitted[i] * fitted[i]);
      }
      boolean[] next = trim > 0 ? withoutSlowOutliers(t, fitted, trim) : keep;
      Optional<double[]> refit = weighted(n, t, w, next);
      if (refit.isEmpty()) {
        break;
      }
      boolean settled = Arrays.equals(next, keep)
          && Math.abs(refit.get()[0] - ab.get()[0]) + Math.abs(refit.get()[1] - ab.get()[1]) * n[m - 1]
              <= 1e-9 * typical;
      keep = next;
      ab = refit;
      if (settled) {
        break;
      }
    }
    ab = withoutInfluential(n, t, w, keep, ab.get());
    int used = 0;
    for (boolean k : keep) {
      used += k ? 1 : 0;
    }
    return Optional.of(new BatchSizer.Fit(ab.get()[0], ab.get()[1], used));
  }

  private static double[] predicted(double[] n, double[] ab, double floor) {
    double[] p = new double[n.length];
    for (int i = 0; i < n.length; i++) {
      p[i] = Math.max(ab[0] + ab[1] * n[i], floor);
    }
    return p;
  }

  /**
   * All points but the slowest, by time over the fit's prediction: at most {@code maxDropped} of
   * them, and only those beyond three robust standard deviations (1.4826 MAD) above the median
   * excess, so that plain noise is not trimmed (which would bias the fit towards the fastest).
   */
  private static boolean[] withoutSlowOutliers(double[] t, double[] fitted, int maxDropped) {
    int m = t.length;
    double[] excess = new double[m];
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
      excess[i] = (t[i] - fitted[i]) / fitted[i];
    }
    double median = median(excess.clone());
    double[] deviation = new double[m];
    for (int i = 0; i < m; i++) {
      deviation[i] = Math.abs(excess[i] - median);
    }
    double threshold = median + Math.max(3 * 1.4826 * median(deviation), 1e-6);
    Arrays.sort(order, (x, y) -> excess[x] != excess[y]
        ? Double.compare(excess[y], excess[x]) : Integer.compare(x, y));
    boolean[] keep = new boolean[m];
    Arrays.fill(keep, true);
    for (int k = 0; k < maxDropped && excess[order[k]] > threshold; k++) {
      keep[order[k]] = false;
    }
    return keep;
  }

  private static double median(double[] xs) {
    Arrays.sort(xs);
    int m = xs.length;
    return m % 2 == 1 ? xs[m / 2] : (xs[m / 2 - 1] + xs[m / 2]) / 2;
  }

  /** Refits without the kept points of (weighted) Cook's distance above 0.5, when that leaves a fit. */
  private static Optional<double[]> withoutInfluential(
      double[] n, double[] t, double[] w, boolean[] keep, double[] ab) {
    int m = 0;
    double sw = 0;
    double swn = 0;
    double swt2 = 0;
    for (int i = 0; i < n.length; i++) {
      if (keep[i]) {
        m++;
        sw += w[i];
        swn += w[i] * n[i];
        swt2 += w[i] * t[i] * t[i];
      }
    }
    if (m < MIN_POINTS_FOR_COOK) {
      return Optional.of(ab);
    }
    double nbar = swn / sw;
    double snn = 0;
    double sse = 0;
    for (int i = 0; i < n.length; i++) {
      if (keep[i]) {
        double e = t[i] - (ab[0] + ab[1] * n[i]);
        snn += w[i] * (n[i] - nbar) * (n[i] - nbar);
        sse += w[i] * e * e;
      }
    }
    double s2 = sse / (m - 2);
    if (snn <= 0 || s2 <= 1e-20 * swt2 / sw) {
      return Optional.of(ab); // an exact fit: nothing is influential
    }
    boolean[] next = keep.clone();
    boolean dropped = false;
    for (int i = 0; i < n.length; i++) {
      if (keep[i]) {
        double e = t[i] - (ab[0] + ab[1] * n[i]);
        double h = w[i] * (1 / sw + (n[i] - nbar) * (n[i] - nbar) / snn);
        double cook = w[i] * e * e / (2 * s2) * h / ((1 - h) * (1 - h));
        if (cook > MAX_COOKS_DISTANCE) {
          next[i] = false;
          dropped = true;
        }
      }
    }
    if (!dropped) {
      return Optional.of(ab);
    }
    Optional<double[]> refit = weighted(n, t, w, next);
    if (refit.isPresent()) {
      System.arraycopy(next, 0, keep, 0, keep.length);
      return refit;
    }
    return Optional.of(ab);
  }

  /** {@code {a, b}} of the weighted fit over the kept points, if they hold two distinct sizes. */
  static Optional<double[]> weighted(double[] n, double[] t, double[] w, boolean[] keep) {
    double sw = 0;
    double swn = 0;
    double swt = 0;
    double first = Double.NaN;
    boolean distinct = false;
    for (int i = 0; i < n.length; i++) {
      if (keep[i]) {
        sw += w[i];
        swn += w[i] * n[i];
        swt += w[i] * t[i];
        if (Double.isNaN(first)) {
          first = n[i];
        } else if (n[i] != first) {
          distinct = true;
        }
      }
    }
    if (!distinct) {
      return Optional.empty();
    }
    double nbar = swn / sw;
    double tbar = swt / sw;
    double snn = 0;
    double snt = 0;
    for (int i = 0; i < n.length; i++) {
      if (keep[i]) {
        double dn = n[i] - nbar;
        snn += w[i] * dn * dn;
        snt += w[i] * dn * (t[i] - tbar);
      }
    }
    double b = snt / snn;
    return Optional.of(new double[] {tbar - b * nbar, b});
  }
}
