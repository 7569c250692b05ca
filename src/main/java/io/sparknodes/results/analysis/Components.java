package io.sparknodes.results.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The between-application variance components of a split-plot model, estimated from the balanced
 * samples of the groups that ran as two or more applications. The mean log time of point p in
 * application k of its group g is {@code mu_p + a_gk + b_pk + e}: {@code a_gk} is shared by the
 * group's points in that application (variance {@code shared}), {@code b_pk} is the point's own
 * (variance {@code point}), and {@code e} the within-application noise of that mean. {@code
 * point} comes from the point-by-application residual mean square {@code residual} ({@code
 * residualDf} = sum of (P - 1)(K - 1)) less its within share {@code residualWithin} times the
 * pooled within variance; {@code shared} from the variance of the group's application means
 * {@code groupMeans} ({@code groupDf} = sum of K - 1) less {@code inversePoints} times {@code
 * point} and its within share {@code groupWithin}. Each is taken as zero when its estimate is not
 * positive, and neither is known without replicated applications.
 */
record Components(double groupMeans, double groupDf, double inversePoints, double groupWithin,
    double residual, double residualDf, double residualWithin, double pooled, double pooledDf) {
  boolean withinKnown() {
    return !Double.isNaN(pooled);
  }

  double point() {
    return residualDf > 0 ? residual - (withinKnown() ? residualWithin * pooled : 0) : Double.NaN;
  }

  boolean pointKnown() {
    return point() > 0;
  }

  double shared() {
    return groupDf > 0
        ? groupMeans - inversePoints * (pointKnown() ? point() : 0) - (withinKnown() ? groupWithin * pooled : 0)
        : Double.NaN;
  }

  boolean sharedKnown() {
    return shared() > 0;
  }

  /**
   * The degrees of freedom of {@link #point}: Satterthwaite's for the difference of the residual
   * mean square and the within share it loses, at least 1.
   */
  double pointDf() {
    double within = withinKnown() ? residualWithin * pooled : 0;
    return Math.max(1, point() * point()
        / (residual * residual / residualDf + (within == 0 ? 0 : within * within / pooledDf)));
  }

  /** The degrees of freedom of {@link #shared}, as {@link #pointDf}. */
  double sharedDf() {
    double fromPoint = pointKnown() ? inversePoints * point() : 0;
    double within = withinKnown() ? groupWithin * pooled : 0;
    return Math.max(1, shared() * shared() / (groupMeans * groupMeans / groupDf
        + (fromPoint == 0 ? 0 : fromPoint * fromPoint / pointDf())
        + (within == 0 ? 0 : within * within / pooledDf)));
  }

  /**
   * The components from the points of each group that ran in every one of the group's
   * applications, over the groups with two or more; {@code pooled} is the pooled within-application
   * variance with {@code pooledDf} degrees of freedom.
   */
  static Components of(List<Measured> points, double pooled, double pooledDf) {
    Map<String, List<Measured>> byGroup = new LinkedHashMap<>();
    points.forEach(m -> byGroup.computeIfAbsent(m.group(), g -> new ArrayList<>()).add(m));
    double groupSs = 0;
    double groupDf = 0;
    double inversePoints = 0;
    double groupWithin = 0;
    double residualSs = 0;
    double residualDf = 0;
    double residualWithin = 0;
    for (List<Measured> group : byGroup.values()) {
      Set<Integer> apps = new TreeSet<>();
      group.forEach(m -> apps.addAll(m.applications()));
      List<Measured> full = group.stream().filter(m -> m.applications().size() == apps.size()).toList();
      int k = apps.size();
      int p = full.size();
      if (k < 2 || p == 0) {
        continue;
      }
      double[] columns = new double[k];
      double[] rows = new double[p];
      double inverseN = 0;
      for (int i = 0; i < p; i++) {
        Measured m = full.get(i);
        for (int j = 0; j < k; j++) {
          columns[j] += m.applicationMeans()[j] / p;
          inverseN += 1.0 / m.applicationSamples()[j] / (p * k);
        }
        rows[i] = m.mean();
      }
      double grand = Arrays.stream(columns).average().orElseThrow();
      double ss = 0;
      for (double c : columns) {
        ss += (c - grand) * (c - grand);
      }
      groupSs += ss;
      groupDf += k - 1;
      inversePoints += (k - 1) / (double) p;
      groupWithin += (k - 1) * inverseN / p;
      if (p >= 2) {
        for (int i = 0; i < p; i++) {
          for (int j = 0; j < k; j++) {
            double r = full.get(i).applicationMeans()[j] - rows[i] - columns[j] + grand;
            residualSs += r * r;
          }
        }
        residualDf += (p - 1) * (k - 1);
        residualWithin += (p - 1) * (k - 1) * inverseN;
      }
    }
    if (groupDf == 0) {
      return new Components(Double.NaN, 0, 0, 0, Double.NaN, 0, 0, pooled, pooledDf);
    }
    return new Components(groupSs / groupDf, groupDf, inversePoints / groupDf, groupWithin / groupDf,
        residualDf > 0 ? residualSs / residualDf : Double.NaN, residualDf,
        residualDf > 0 ? residualWithin / residualDf : 0, pooled, pooledDf);
  }
}
