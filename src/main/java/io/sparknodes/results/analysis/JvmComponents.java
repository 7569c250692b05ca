package io.sparknodes.results.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The whole-plot variances of the shared design, where several groups ran one after another in each
 * JVM: the mean log time of point p of group g in JVM j is {@code mu_p + c_j + a_gj + b_pj + e}.
 * {@code c_j} is the JVM's, shared by every group in it (variance {@link #jvm}); {@code a_gj} the
 * group's application (SparkContext) in that JVM (variance {@link #session}); {@code b_pj} and
 * {@code e} are {@link Components}' point and within parts. Estimated by the method of moments over
 * the blocks of groups that ran in the same two or more JVMs: per block, the table of each group's
 * mean (over its points in every JVM) by JVM. Its group-by-JVM interaction mean square {@code
 * MS_I} ({@code (G - 1)(J - 1)} degrees of freedom) holds the session variance plus its points' and
 * samples' shares; {@link #session} is it less those shares (Satterthwaite's degrees of freedom, as
 * {@link Components#sharedDf}). The variance of the block's JVM means {@code V_J} ({@code J - 1})
 * holds the JVM variance plus {@code MS_I / G}; {@link #jvm} is {@code V_J} itself, an upper
 * estimate that stays positive (the sessions' share counted twice in a comparison across JVMs:
 * conservative), with its own degrees of freedom. Absent ({@link #known} false) without such a
 * block; the model then is {@link Components}' alone, as under the isolated design.
 */
record JvmComponents(double interaction, double interactionDf, double inversePoints, double sessionWithin,
    double jvm, double jvmDf) {
  static final JvmComponents NONE = new JvmComponents(Double.NaN, 0, 0, 0, Double.NaN, 0);

  boolean known() {
    return interactionDf > 0 && jvmDf > 0;
  }

  /** The session (group-in-JVM) variance under {@code k}'s point and within estimates; NaN when unknown. */
  double session(Components k) {
    if (!(interactionDf > 0)) {
      return Double.NaN;
    }
    return interaction - inversePoints * (k.pointKnown() ? k.point() : 0)
        - (k.withinKnown() ? sessionWithin * k.pooled() : 0);
  }

  /** The degrees of freedom of {@link #session}: Satterthwaite's, at least 1. */
  double sessionDf(Components k) {
    double s = session(k);
    double fromPoint = k.pointKnown() ? inversePoints * k.point() : 0;
    double within = k.withinKnown() ? sessionWithin * k.pooled() : 0;
    return Math.max(1, s * s / (interaction * interaction / interactionDf
        + (fromPoint == 0 ? 0 : fromPoint * fromPoint / k.pointDf())
        + (within == 0 ? 0 : within * within / k.pooledDf())));
  }

  /**
   * The components from the measured points, {@code jvmOf} naming the JVM of a group's application.
   * A group's points that ran in all its applications enter; groups are blocked by the JVMs they
   * ran in.
   */
  static JvmComponents of(List<Measured> points, BiFunction<String, Integer, String> jvmOf) {
    Map<String, List<Measured>> byGroup = new LinkedHashMap<>();
    points.forEach(m -> byGroup.computeIfAbsent(m.group(), g -> new ArrayList<>()).add(m));
    // Per block (the JVMs, sorted): each group's mean by JVM, 1 / points and the within share.
    Map<String, List<double[]>> blocks = new LinkedHashMap<>();
    for (Map.Entry<String, List<Measured>> e : byGroup.entrySet()) {
      List<Measured> group = e.getValue();
      java.util.Set<Integer> apps = new java.util.TreeSet<>();
      group.forEach(m -> apps.addAll(m.applications()));
      List<Measured> full = group.stream().filter(m -> m.applications().size() == apps.size()).toList();
      int k = apps.size();
      int p = full.size();
      if (k < 2 || p == 0) {
        continue;
      }
      TreeMap<String, Integer> jvms = new TreeMap<>();
      List<Integer> appList = List.copyOf(apps);
      for (int j = 0; j < k; j++) {
        jvms.put(jvmOf.apply(e.getKey(), appList.get(j)), j);
      }
      if (jvms.size() != k) {
        continue;
      }
      double[] row = new double[k + 2];
      double inverseN = 0;
      int c = 0;
      for (int j : jvms.values()) {
        for (Measured m : full) {
          row[c] += m.applicationMeans()[j] / p;
          inverseN += 1.0 / m.applicationSamples()[j] / (p * k);
        }
        c++;
      }
      row[k] = 1.0 / p;
      row[k + 1] = inverseN / p;
      blocks.computeIfAbsent(String.join("\u0000", jvms.keySet()), b -> new ArrayList<>()).add(row);
    }
    double ssI = 0;
    double dfI = 0;
    double inversePoints = 0;
    double within = 0;
    double ssJ = 0;
    double dfJ = 0;
    for (List<double[]> rows : blocks.values()) {
      int g = rows.size();
      if (g < 2) {
        continue;
      }
      int k = rows.get(0).length - 2;
      double[] rowMeans = new double[g];
      double[] colMeans = new double[k];
      double grand = 0;
      double h = 0;
      double w = 0;
      for (int i = 0; i < g; i++) {
        for (int j = 0; j < k; j++) {
          rowMeans[i] += rows.get(i)[j] / k;
          colMeans[j] += rows.get(i)[j] / g;
          grand += rows.get(i)[j] / (g * k);
        }
        h += rows.get(i)[k] / g;
        w += rows.get(i)[k + 1] / g;
      }
      double ss = 0;
      for (int i = 0; i < g; i++) {
        for (int j = 0; j < k; j++) {
          double r = rows.get(i)[j] - rowMeans[i] - colMeans[j] + grand;
          ss += r * r;
        }
      }
      double df = (g - 1) * (k - 1);
      ssI += ss;
      dfI += df;
      inversePoints += df * h;
      within += df * w;
      for (int j = 0; j < k; j++) {
        ssJ += (colMeans[j] - grand) * (colMeans[j] - grand);
      }
      dfJ += k - 1;
    }
    if (dfI == 0 || dfJ == 0) {
      return NONE;
    }
    return new JvmComponents(ssI / dfI, dfI, inversePoints / dfI, within / dfI, ssJ / dfJ, dfJ);
  }
}
