package io.sparknodes.results.analysis;

import io.sparknodes.results.Trial;
import java.util.List;

/**
 * A cell of the model: a measured point's mean log time (the mean of its applications' means), the
 * applications it was sampled in (their means and sample counts in the same order) and its
 * within-application variance {@code s2}, the point's own or, when it has no spread of its own
 * ({@code pooledWithin}), the pooled one.
 */
record Measured(Trial trial, int gridIndex, String group, double mean, List<Integer> applications,
    double[] applicationMeans, int[] applicationSamples, double s2, double dfWithin, boolean pooledWithin) {
  /** The sum over its applications of 1 / (samples in it). */
  double inverseSamples() {
    double sum = 0;
    for (int n : applicationSamples) {
      sum += 1.0 / n;
    }
    return sum;
  }

  /** The factor of {@code s2} in the variance of {@link #mean}: {@link #inverseSamples} over K squared. */
  double withinFactor() {
    return inverseSamples() / ((double) applicationSamples.length * applicationSamples.length);
  }
}
