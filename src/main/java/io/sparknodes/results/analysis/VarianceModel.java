package io.sparknodes.results.analysis;

import io.sparknodes.results.ApplicationTime;
import io.sparknodes.results.Results;
import io.sparknodes.results.Statistics;
import io.sparknodes.results.Status;
import io.sparknodes.results.Trial;
import io.sparknodes.results.analysis.AnalysisRecords.Noise;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The model of a sweep's times: each measured point a cell of a cell-means model of log(time)
 * ({@link Measured}), and the variance of a linear combination of cells under the split-plot
 * design, with its Welch-Satterthwaite degrees of freedom ({@link #variance}). The cells are built
 * twice: from the balanced samples (the effects and verdicts) and from every sample, racing ones
 * included (the ranking and the tied set); the variance components ({@link Components}) and the
 * noise split come from the balanced samples alone.
 */
final class VarianceModel {
  /** Sample times below this are taken as this, so that log is finite. */
  private static final double TINY = 1e-9;

  /** The cells of the model, and the variances behind them. */
  private record Measurement(List<Measured> points, Optional<Noise> noise, Components components,
      JvmComponents jvms) {}

  private final List<Measured> balanced;
  private final List<Measured> all;
  private final Optional<Noise> noise;
  private final Components components;
  private final JvmComponents jvms;
  private final Map<String, String> jvmOf;

  VarianceModel(Results results) {
    this.jvmOf = jvms(results);
    Measurement b = measure(results, false, this::jvmOf);
    this.balanced = b.points();
    this.noise = b.noise();
    this.components = b.components();
    this.jvms = b.jvms();
    this.all = measure(results, true, this::jvmOf).points();
  }

  /**
   * The JVM of each application that shared one (the shared design), by group and application;
   * empty when none did: every application then is its own JVM, and the model is the isolated one.
   */
  private static Map<String, String> jvms(Results results) {
    Map<String, String> m = new LinkedHashMap<>();
    for (ApplicationTime a : results.applications()) {
      if (a.sharedJvm()) {
        m.put(a.group() + "\u0000" + a.application(), a.jvm());
      }
    }
    return m;
  }

  /** The JVM application {@code application} of {@code group} ran in. */
  String jvmOf(String group, int application) {
    return jvmOf.getOrDefault(group + "\u0000" + application, ApplicationTime.jvmOf(group, application));
  }

  /** The whole-plot variances of the shared design; {@link JvmComponents#NONE} under the isolated one. */
  JvmComponents jvmComponents() {
    return jvms;
  }

  /** The split-plot components of the applications. */
  Components components() {
    return components;
  }

  /** The cells from the balanced samples: the effects and the verdicts. */
  List<Measured> balanced() {
    return balanced;
  }

  /** The cells from every sample, racing ones included: the ranking and the tied set. */
  List<Measured> all() {
    return all;
  }

  /** The noise split of the balanced samples, see {@link Analysis#noise()}. */
  Optional<Noise> noise() {
    return noise;
  }

  private static Measurement measure(Results results, boolean withRacing,
      java.util.function.BiFunction<String, Integer, String> jvmOf) {
    Map<String, Integer> gridOrder = new LinkedHashMap<>();
    List<Map<String, Object>> points = results.grid().allPoints();
    for (int i = 0; i < points.size(); i++) {
      gridOrder.put(Trial.idOf(points.get(i)), i);
    }
    List<Trial> ok = results.trials().stream()
        .filter(t -> t.status() == Status.OK && t.summary().isPresent()).toList();
    // First pass: per point, the applications' means and sample counts (in application order) and
    // the within-application sum of squares; second, each point's within variance, its own or pooled.
    double pooledSs = 0;
    double pooledDf = 0;
    List<double[]> means = new ArrayList<>();
    List<int[]> counts = new ArrayList<>();
    List<List<Integer>> applications = new ArrayList<>();
    List<double[]> stats = new ArrayList<>();
    for (Trial t : ok) {
      Map<Integer, List<Double>> byApp = new TreeMap<>();
      List<Double> warm = withRacing ? t.allSeconds() : t.warmSeconds();
      List<Integer> apps = withRacing ? t.allApplications() : t.applications();
      for (int i = 0; i < warm.size(); i++) {
        int app = apps.isEmpty() ? 0 : apps.get(i);
        byApp.computeIfAbsent(app, k -> new ArrayList<>()).add(Math.log(Math.max(TINY, warm.get(i))));
      }
      double[] m = new double[byApp.size()];
      int[] n = new int[byApp.size()];
      double ss = 0;
      int a = 0;
      for (List<Double> ys : byApp.values()) {
        m[a] = ys.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        n[a] = ys.size();
        for (double y : ys) {
          ss += (y - m[a]) * (y - m[a]);
        }
        a++;
      }
      int df = warm.size() - byApp.size();
      pooledSs += ss;
      pooledDf += df;
      means.add(m);
      counts.add(n);
      applications.add(List.copyOf(byApp.keySet()));
      stats.add(new double[] {ss, df});
    }
    double pooled = pooledDf > 0 ? pooledSs / pooledDf : Double.NaN;
    List<Measured> out = new ArrayList<>();
    for (int i = 0; i < ok.size(); i++) {
      Trial t = ok.get(i);
      double ss = stats.get(i)[0];
      double df = stats.get(i)[1];
      // A point with no spread of its own (one sample an application, or identical samples from a
      // coarse timer) borrows the pooled within-application variance: zero spread is not certainty.
      boolean own = df > 0 && ss > 0;
      out.add(new Measured(t, gridOrder.getOrDefault(t.id(), Integer.MAX_VALUE),
          ApplicationTime.groupOf(t.params()), Arrays.stream(means.get(i)).average().orElseThrow(),
          applications.get(i), means.get(i), counts.get(i), own ? ss / df : pooled, own ? df : pooledDf, !own));
    }
    boolean shared = results.applications().stream().anyMatch(ApplicationTime::sharedJvm);
    return new Measurement(List.copyOf(out), noise(out, pooled, pooledDf), Components.of(out, pooled, pooledDf),
        shared ? JvmComponents.of(out, jvmOf) : JvmComponents.NONE);
  }

  /**
   * The noise split (descriptive): the pooled within-application SD, and the variance between a
   * point's applications' means beyond what their own samples put in them, pooled over the points
   * whose group ran as two or more applications (a group adds K - 1 degrees of freedom, as its
   * points share its applications). Empty without replicated applications or within-application
   * spread.
   */
  private static Optional<Noise> noise(List<Measured> points, double pooled, double pooledDf) {
    double betweenSs = 0;
    double betweenCellDf = 0;
    // What the within-application noise puts in that variance: per point, the mean over its K
    // applications of 1/n, weighted like its K - 1 degrees of freedom.
    double inverseN = 0;
    Map<String, Integer> groupDf = new LinkedHashMap<>();
    for (Measured m : points) {
      int k = m.applications().size();
      if (k >= 2) {
        double sd = Statistics.std(m.applicationMeans());
        betweenSs += sd * sd * (k - 1);
        betweenCellDf += k - 1;
        inverseN += (k - 1) * m.inverseSamples() / k;
        groupDf.merge(m.group(), k - 1, Math::max);
      }
    }
    if (betweenCellDf == 0 || Double.isNaN(pooled)) {
      return Optional.empty();
    }
    double between = betweenSs / betweenCellDf;
    double betweenDf = groupDf.values().stream().mapToInt(Integer::intValue).sum();
    return Optional.of(new Noise(Math.sqrt(pooled), pooledDf,
        Math.sqrt(Math.max(0, between - pooled * inverseN / betweenCellDf)), betweenDf, betweenCellDf / inverseN));
  }

  /**
   * The variance of {@code sum_i weights[i] * cells[i].mean} and its Welch-Satterthwaite degrees of
   * freedom, {variance, df}; NaN for both when it is unknown or estimated as zero. Cells of one group
   * share its applications: the shared component enters through the weights summed per
   * application, so that it cancels from a comparison inside one group's applications and is not
   * averaged away over a group's points; each point adds its own application component and its
   * within-application variance. The estimates behind it (each cell's own within variance, the
   * pooled one, and the two components of {@link Components}) enter once each, with their combined
   * coefficients, so that cells sharing an estimate do not multiply its degrees of freedom.
   */
  double[] variance(List<Measured> cells, double[] weights) {
    Map<String, Double> perApplication = new LinkedHashMap<>();
    Map<String, Double> perJvm = new LinkedHashMap<>();
    double point = 0;
    double pooledCoefficient = 0;
    List<double[]> terms = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      double w = weights[i];
      Measured m = cells.get(i);
      if (w == 0) {
        continue;
      }
      int k = m.applications().size();
      for (int app : m.applications()) {
        perApplication.merge(m.group() + "\u0000" + app, w / k, Double::sum);
        perJvm.merge(jvmOf(m.group(), app), w / k, Double::sum);
      }
      point += w * w / k;
      double c = w * w * m.withinFactor();
      if (m.pooledWithin()) {
        pooledCoefficient += c;
      } else {
        terms.add(new double[] {c, m.s2(), m.dfWithin()});
      }
    }
    double shared = perApplication.values().stream().mapToDouble(u -> u * u).sum();
    Components k = components;
    boolean sharedKnown = k.sharedKnown();
    boolean pointKnown = k.pointKnown();
    if (!k.withinKnown() && (sharedKnown || pointKnown)) {
      // One sample an application: the application components hold the within noise too.
      pooledCoefficient = 0;
    }
    double df = k.pooledDf();
    // Each component enters as its estimate with its own Satterthwaite degrees of freedom (at least
    // 1). Expanded instead into a difference of mean squares, a large shared part less a large
    // within share drove the combination's degrees of freedom towards zero: an interval without end.
    JvmComponents j = jvms;
    if (j.known()) {
      // Shared design: the group's application in a JVM (session) and the JVM are apart; the JVM's
      // part cancels from a comparison inside one JVM's groups and stays in one across JVMs.
      double session = j.session(k);
      if (session > 0) {
        terms.add(new double[] {shared, session, j.sessionDf(k)});
      }
      double jvm = perJvm.values().stream().mapToDouble(u -> u * u).sum();
      terms.add(new double[] {jvm, j.jvm(), j.jvmDf()});
      df += j.interactionDf() + j.jvmDf();
    } else if (sharedKnown) {
      terms.add(new double[] {shared, k.shared(), k.sharedDf()});
      df += k.groupDf();
    }
    if (pointKnown) {
      terms.add(new double[] {point, k.point(), k.pointDf()});
      df += k.residualDf();
    }
    if (pooledCoefficient != 0) {
      terms.add(new double[] {pooledCoefficient, k.pooled(), k.pooledDf()});
    }
    double[] v = combine(terms);
    // A cell's own variance is part of the pooled one: the estimates are not independent, and the
    // combination has at most the degrees of freedom of the data behind them.
    v[1] = Math.min(v[1], df);
    return v;
  }

  /**
   * A linear combination of independent variance estimates, {coefficient, estimate, df} each: its
   * value and Welch-Satterthwaite degrees of freedom, {variance, df}; NaN for both when it is
   * unknown (an estimate without one) or not positive.
   */
  private static double[] combine(List<double[]> terms) {
    double variance = 0;
    double denominator = 0;
    for (double[] t : terms) {
      if (t[0] == 0) {
        continue;
      }
      double part = t[0] * t[1];
      variance += part;
      denominator += part * part / t[2];
    }
    if (!(variance > 0)) {
      return new double[] {Double.NaN, Double.NaN};
    }
    return new double[] {variance, denominator == 0 ? Double.POSITIVE_INFINITY : variance * variance / denominator};
  }

  /** The upper tail P(T > x) of Student's t with df degrees of freedom (normal for infinite df). */
  static double upperTail(double x, double df) {
    if (Double.isInfinite(df) || df > 1e6) {
      return new NormalDistribution(null, 0, 1).cumulativeProbability(-x);
    }
    return new TDistribution(null, df).cumulativeProbability(-x);
  }

  /** The upper {@code p} quantile of Student's t (normal for infinite df). */
  static double upperQuantile(double p, double df) {
    if (Double.isInfinite(df) || df > 1e6) {
      return new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - p);
    }
    return new TDistribution(null, df).inverseCumulativeProbability(1 - p);
  }

  /**
   * Half the width of the two-sided 95% Student-t interval of an estimate with standard error
   * {@code se} and {@code df} degrees of freedom; 0 when the standard error is unknown (NaN).
   */
  static double halfWidth(double se, double df) {
    return Double.isNaN(se) ? 0 : upperQuantile((1 - Statistics.CONFIDENCE) / 2, df) * se;
  }
}
