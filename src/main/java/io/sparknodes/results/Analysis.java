package io.sparknodes.results;

import io.sparknodes.config.Knobs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * What a sweep's {@link Results} say, computed from them alone, from every raw warm sample. Only
 * points that ended {@link Status#OK} with at least one warm sample are <em>measured</em> and take
 * part.
 *
 * <p>The model, so that a report can state it:
 *
 * <ul>
 *   <li><b>Cells.</b> Each measured point is a cell of a cell-means model of log(time). Its estimate
 *       is the mean log time of its samples (the mean of its applications' means when its group ran
 *       as several applications); its geometric mean is {@code exp} of that. Each cell keeps its own
 *       within-application variance (a point without spread of its own, one sample per application
 *       or identical samples, borrows the pooled one).
 *   <li><b>Applications</b> (a split-plot design). A group's points share its applications, so the
 *       mean of point p in application k is {@code mu_p + a_gk + b_pk + e}: {@code a_gk} is shared by
 *       the group's points, {@code b_pk} is the point's own, {@code e} the within-application noise.
 *       The two application variances are estimated from the balanced samples of the groups that
 *       ran as two or more applications (method of moments: the variance of a group's application
 *       means, and the point-by-application residual, each less its within share; zero when not
 *       positive). A comparison's variance weighs the shared part by its weights summed per
 *       application, so that it cancels inside one group's applications (batch_size) and does not
 *       average away over a group's points (use_process, max_concurrency); each point adds its own
 *       parts. Its degrees of freedom are Welch-Satterthwaite's over the estimates behind it, each
 *       once (a component with its own, Satterthwaite's for its difference of mean squares, at least
 *       1), at most those of the data behind them. Without replicated applications only the
 *       within-application variances are known.
 *   <li><b>Effects.</b> An axis's level mean is the equal-weight mean of its cells' log means over
 *       the contexts (values of the other axes) every level was measured at; two levels are compared
 *       on those same contexts (on the contexts both were measured at when no context has every
 *       level), as the ratio {@code exp(mean log difference)}, with a 95% Student-t interval.
 *   <li><b>Verdicts.</b> A comparison is {@link Verdict#REAL} when its interval lies beyond the
 *       margin {@code 1 ± negligible_effect} (a ratio above {@code 1 + m}), {@link
 *       Verdict#NEGLIGIBLE} when it lies inside the margin, and {@link Verdict#UNRESOLVED}
 *       otherwise, with the family-wise error over every comparison of the analysis (each axis's
 *       level pairs, overall and within each value of every other axis) held at {@value #ALPHA} by
 *       Holm's step-down procedure. An axis is REAL in a scope when any pair of its levels is,
 *       NEGLIGIBLE when every pair is, and UNRESOLVED otherwise.
 *   <li><b>Interactions.</b> An axis interacts with another when its verdicts within the other's
 *       values disagree: REAL within one value and NEGLIGIBLE within another, or REAL within both
 *       with a best level that is shown slower within the other.
 *   <li><b>Tied with the best</b> (a Gupta/Hsu subset selection): a point is tied when its mean log
 *       time is within {@code t(1 - ALPHA / (k - 1), df) * se} of every other point's, the
 *       one-sided Bonferroni bound over the {@code k - 1} others, so that the set holds the truly
 *       fastest point with probability at least 95%. The ranking is by geometric mean; the best
 *       point is always in the set.
 *   <li><b>Which samples.</b> The effects, verdicts and interactions use only the balanced samples
 *       (every point's {@code repeats}, in the balanced order), so that racing's early stopping does
 *       not bias them. The ranking, the tied set and the recommendations use every sample, racing
 *       ones included: racing samples only the contenders, which sharpens exactly those comparisons;
 *       the repeated looks of racing are not corrected for, so the set's 95% is approximate.
 *   <li><b>Recommendations</b>: maximum throughput is the best point; the others choose among the
 *       points tied with the best. General purpose: among the tied points whose values no REAL
 *       verdict that applies at them shows slower (all tied points when none is), the point whose
 *       values sit nearest the middle of each axis's tested range (values in numeric order, position
 *       0 to 1, summed distance from 0.5), then the better rank. Memory constrained: from measured
 *       memory, the point of least retained heap on the time-memory front (no other point is both
 *       faster and smaller, by geometric mean and retained heap) among the points tied with the
 *       best; when no tied point has a measured heap, the least-memory point of the front, with what
 *       it costs in time; when no point has one, the smallest batch_size (then fewest cores, then
 *       one JVM), said to be a proxy. I/O-bound: the highest max_concurrency.
 * </ul>
 *
 * <pre>{@code
 * Analysis a = Analysis.of(ResultsJson.read(Path.of("results/results.json")));
 * a.best().ifPresent(b -> System.out.println(b.trial().id() + " " + b.geometricMean()));
 * }</pre>
 */
public final class Analysis {
  /** The family-wise error rate of the verdicts, and one minus the coverage of the tied set. */
  public static final double ALPHA = 0.05;
  /** pyperf's threshold of an unstable point: a coefficient of variation above 10%. */
  public static final double UNSTABLE_CV = 0.10;
  /** pyperf's threshold of an outlying sample: more than 50% from the mean. */
  public static final double OUTLIER_FRACTION = 0.5;
  /** Fewer samples than this make a point unstable: its spread is barely estimated. */
  public static final int MIN_SAMPLES = 3;

  /** What a comparison, or an axis, was shown to be. */
  public enum Verdict {
    /** Shown to matter: the interval of the ratio lies beyond the margin. */
    REAL,
    /** Shown not to matter: the interval lies inside the margin. */
    NEGLIGIBLE,
    /** Neither shown to matter nor shown negligible: more samples could tell. */
    UNRESOLVED
  }

  /**
   * A measured point in the ranking by geometric mean of its warm samples.
   *
   * @param rank 1 for the best
   * @param geometricMean {@code exp} of the point's mean log time, seconds
   * @param ciLow the 95% interval of the geometric mean (equal to it when no variance is known)
   * @param tiedWithBest whether the subset selection keeps it as possibly the fastest
   */
  public record RankedPoint(int rank, Trial trial, Summary summary, double geometricMean, double ciLow, double ciHigh,
      boolean tiedWithBest) {}

  /**
   * One value of an axis within a scope.
   *
   * @param points the measured points the mean is over: those at this value whose other axes' values
   *     every level of the scope was measured at (all of the level's points when there are none)
   * @param mean the equal-weight geometric mean over those points, seconds
   * @param ciLow its 95% interval
   * @param speedupVsWorst the worst level's mean divided by this level's
   */
  public record Level(Object value, int points, double mean, double ciLow, double ciHigh, double speedupVsWorst) {
    /** Half the width of the interval. */
    public double halfWidth() {
      return (ciHigh - ciLow) / 2;
    }
  }

  /**
   * The comparison of two levels of an axis within a scope, over the contexts where both were
   * measured.
   *
   * @param faster the level with the lower estimate
   * @param slower the other
   * @param contexts how many values of the other axes the comparison averages over
   * @param ratio slower over faster, at least 1
   * @param ciLow the 95% interval of the ratio (unadjusted; the verdict is Holm-adjusted)
   * @param df Welch-Satterthwaite degrees of freedom; infinite when the variance is exactly 0, NaN
   *     when it is unknown
   * @param pValue the p-value of the verdict this comparison could reach (REAL or NEGLIGIBLE)
   * @param verdict after Holm's adjustment over every comparison of the analysis
   */
  public record Contrast(Object faster, Object slower, int contexts, double ratio, double ciLow, double ciHigh,
      double df, double pValue, Verdict verdict) {}

  /**
   * The effect of one axis, over every measured point ({@code scope} empty) or within one value of
   * another axis.
   *
   * @param levels in the axis's declared order; values without measured points are left out
   * @param best the level with the lowest mean
   * @param worst the level with the highest mean
   * @param headline the comparison of best and worst
   * @param contrasts every pair of levels
   */
  public record AxisEffect(String axis, Map<String, Object> scope, List<Level> levels, Level best, Level worst,
      Contrast headline, List<Contrast> contrasts, Verdict verdict) {
    public AxisEffect {
      scope = Collections.unmodifiableMap(new LinkedHashMap<>(scope));
      levels = List.copyOf(levels);
      contrasts = List.copyOf(contrasts);
    }

    /** The worst level's mean over the best's, on the contexts where both were measured. */
    public double ratio() {
      return headline.ratio();
    }

    /** True for an effect within one value of another axis. */
    public boolean conditional() {
      return !scope.isEmpty();
    }

    /** Whether some comparison shows {@code value} slower than another level (a REAL comparison). */
    public boolean shownSlower(Object value) {
      return contrasts.stream().anyMatch(c -> c.verdict() == Verdict.REAL && c.slower().equals(value));
    }

    /** The levels not shown slower than another: the values to choose from, in declared order. */
    public List<Object> acceptable() {
      return levels.stream().map(Level::value).filter(v -> !shownSlower(v)).toList();
    }
  }

  /** A measured point whose samples are unstable, pyperf style, with why. */
  public record Unstable(Trial trial, List<String> reasons) {
    public Unstable {
      reasons = List.copyOf(reasons);
    }
  }

  /**
   * Mean time per cell of batch_size (rows) by max_concurrency (columns).
   *
   * @param scope the fixed values the table is limited to, e.g. {@code use_process=true}; empty for
   *     all measured points
   * @param cells the cells that have measured points
   */
  public record Interaction(
      Map<String, Object> scope, String rowAxis, String columnAxis, List<Object> rows, List<Object> columns,
      List<Cell> cells) {
    public Interaction {
      scope = Collections.unmodifiableMap(new LinkedHashMap<>(scope));
      rows = List.copyOf(rows);
      columns = List.copyOf(columns);
      cells = List.copyOf(cells);
    }

    /** The cell at a row and column value, when it has measured points. */
    public Optional<Cell> cell(Object row, Object column) {
      return cells.stream().filter(c -> c.row().equals(row) && c.column().equals(column)).findFirst();
    }
  }

  /** One cell of an {@link Interaction}: the geometric mean of its measured points' geometric means. */
  public record Cell(Object row, Object column, int points, double mean) {}

  /**
   * How the recorded trials ended.
   *
   * @param gridPoints points in the grid
   * @param recorded points with a trial
   * @param measured OK points with warm samples: those analysed
   * @param notRun grid points without a trial
   */
  public record Counts(int gridPoints, int recorded, int ok, int failed, int timeouts, int measured, int notRun) {}

  /**
   * The spread of the measured points' geometric means.
   *
   * @param std sample standard deviation of the geometric means, 0 for one point
   * @param rangePercent range as a percentage of the best
   * @param cvAcrossPoints std / mean of the geometric means
   */
  public record Spread(
      double best, double worst, double mean, double std, double range, double rangePercent, double cvAcrossPoints) {}

  /**
   * Where the balanced samples' noise lies, in log time: the samples' standard deviation within
   * one application (pooled over the points), and the standard deviation of an application's level
   * beyond what its own samples explain (a variance component: the variance between a point's
   * applications' means, pooled over the points whose group ran as two or more applications, less
   * the part the within-application noise puts in those means; 0 when that is negative).
   *
   * @param withinSd the pooled within-application standard deviation of log time
   * @param withinDf its degrees of freedom
   * @param applicationSd the between-application standard deviation of log time, beyond the samples'
   * @param applicationDf its degrees of freedom: K - 1 per group of K applications
   * @param samplesPerApplication the harmonic mean of the samples an application of a point has
   */
  public record Noise(double withinSd, double withinDf, double applicationSd, double applicationDf,
      double samplesPerApplication) {
    /** A standard deviation of log time as the coefficient of variation of a log-normal: sqrt(exp(sd²) - 1). */
    public static double cv(double logSd) {
      return Math.sqrt(Math.expm1(logSd * logSd));
    }

    /**
     * Whether the application's level is the larger part of the variance of an application's mean
     * of {@link #samplesPerApplication} samples: then more applications, rather than more or longer
     * samples, narrow the intervals of the knobs that need one.
     */
    public boolean applicationsDominate() {
      return applicationSd * applicationSd > withinSd * withinSd / samplesPerApplication;
    }
  }

  /** The cells of the model, and the variances behind them. */
  private record Measurement(List<Measured> points, Optional<Noise> noise, Components components) {}

  /**
   * A cell of the model: a measured point's mean log time (the mean of its applications' means), the
   * applications it was sampled in (their means and sample counts in the same order) and its
   * within-application variance {@code s2}, the point's own or, when it has no spread of its own
   * ({@code pooledWithin}), the pooled one.
   */
  private record Measured(Trial trial, int gridIndex, String group, double mean, List<Integer> applications,
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
  private record Components(double groupMeans, double groupDf, double inversePoints, double groupWithin,
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
  }

  /** A comparison before Holm's adjustment. */
  private static final class Raw {
    final Object faster;
    final Object slower;
    final int contexts;
    final double diff;
    final double se;
    final double df;
    final double p;
    final Verdict candidate;
    Verdict verdict = Verdict.UNRESOLVED;

    Raw(Object faster, Object slower, int contexts, double diff, double se, double df, double p, Verdict candidate) {
      this.faster = faster;
      this.slower = slower;
      this.contexts = contexts;
      this.diff = diff;
      this.se = se;
      this.df = df;
      this.p = p;
      this.candidate = candidate;
    }
  }

  /** An axis's effect in a scope before Holm's adjustment. */
  private record PendingEffect(String axis, Map<String, Object> scope, List<Level> levels, List<Raw> raws,
      int levelPairs) {}

  private final Results results;
  private final double margin;
  private final List<Measured> measured;
  private final Optional<Noise> noise;
  private final Components components;
  /** The cells from every sample, racing ones included: the ranking and the tied set. */
  private final List<Measured> measuredAll;
  private final List<RankedPoint> ranking;
  private final List<AxisEffect> effects;
  private final List<AxisEffect> conditional;
  private final int comparisons;
  private final List<Interaction> interactions;
  private final List<Recommendation> recommendations;
  private final List<String> flagsOfEveryPoint;
  private final Map<String, List<String>> flagsOfWholeGroups;

  private Analysis(Results results) {
    this.results = results;
    this.flagsOfEveryPoint = results.trials().size() < 2 ? List.of() : commonFlags(results.trials());
    this.flagsOfWholeGroups = wholeGroupFlags(results.trials(), flagsOfEveryPoint);
    this.margin = Math.log1p(results.grid().negligibleEffect());
    Measurement balanced = measure(results, false);
    this.measured = balanced.points();
    this.noise = balanced.noise();
    this.components = balanced.components();
    this.measuredAll = measure(results, true).points();
    this.ranking = rank();
    List<PendingEffect> pending = pendingEffects();
    List<Raw> all = new ArrayList<>();
    pending.forEach(p -> all.addAll(p.raws()));
    holm(all);
    this.comparisons = all.size();
    List<AxisEffect> marginal = new ArrayList<>();
    List<AxisEffect> within = new ArrayList<>();
    for (PendingEffect p : pending) {
      AxisEffect e = finish(p);
      (p.scope().isEmpty() ? marginal : within).add(e);
    }
    this.effects = List.copyOf(marginal);
    this.conditional = List.copyOf(within);
    this.interactions = computeInteractions();
    this.recommendations = computeRecommendations();
  }

  /** The analysis of results. */
  public static Analysis of(Results results) {
    return new Analysis(Objects.requireNonNull(results, "results"));
  }

  public Results results() {
    return results;
  }

  /** The margin of the verdicts as a fraction, the grid's {@code negligible_effect}. */
  public double negligibleEffect() {
    return results.grid().negligibleEffect();
  }

  /** How many comparisons the verdicts' family-wise error is controlled over (Holm). */
  public int comparisons() {
    return comparisons;
  }

  /** The measured points by geometric mean, fastest first (ties broken by grid order). */
  public List<RankedPoint> ranking() {
    return ranking;
  }

  /** The fastest measured point. */
  public Optional<RankedPoint> best() {
    return ranking.isEmpty() ? Optional.empty() : Optional.of(ranking.get(0));
  }

  /** The slowest measured point. */
  public Optional<RankedPoint> worst() {
    return ranking.isEmpty() ? Optional.empty() : Optional.of(ranking.get(ranking.size() - 1));
  }

  /** The worst geometric mean divided by the best; empty without measured points or with a zero best. */
  public OptionalDouble speedup() {
    if (ranking.isEmpty() || best().get().geometricMean() <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(worst().get().geometricMean() / best().get().geometricMean());
  }

  /** The measured points that may be the fastest (the subset selection), the best first, in rank order. */
  public List<RankedPoint> tiedWithBest() {
    return ranking.stream().filter(RankedPoint::tiedWithBest).toList();
  }

  /**
   * The median, over measured points with at least two samples, of the within-point coefficient of
   * variation; empty when there are none. Descriptive: the verdicts use every cell's own variance.
   */
  public OptionalDouble noiseFloorCv() {
    double[] cvs = measured.stream().map(m -> m.trial().summary().orElseThrow())
        .filter(Summary::hasSpread).mapToDouble(Summary::cv).toArray();
    return cvs.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(Statistics.median(cvs));
  }

  /**
   * Where the balanced samples' noise lies: within one application and between a group's
   * applications; empty unless some group ran as two or more applications with two or more samples
   * in one of them. Descriptive: the verdicts use every cell's own variances.
   */
  public Optional<Noise> noise() {
    return noise;
  }

  /** True when some measured point's group ran as two or more applications. */
  public boolean replicatedApplications() {
    return measured.stream().anyMatch(m -> m.trial().applicationCount() >= 2);
  }

  /** The effect of each axis with at least two measured levels, over every measured point, in axis order. */
  public List<AxisEffect> effects() {
    return effects;
  }

  /** The overall effect of one axis, if computed. */
  public Optional<AxisEffect> effect(String axis) {
    return effects.stream().filter(e -> e.axis().equals(axis)).findFirst();
  }

  /** The effects of {@code axis} within each value of every other axis, in axis and value order. */
  public List<AxisEffect> conditionalEffects(String axis) {
    return conditional.stream().filter(e -> e.axis().equals(axis)).toList();
  }

  /** The effect of {@code axis} within one value of another axis, if computed. */
  public Optional<AxisEffect> effectWithin(String axis, String otherAxis, Object value) {
    return conditional.stream().filter(e -> e.axis().equals(axis) && e.scope().equals(Map.of(otherAxis, value)))
        .findFirst();
  }

  /**
   * The axes {@code axis} interacts with: those within whose values its verdicts disagree (REAL in
   * one, NEGLIGIBLE in another; or REAL in two with a best level shown slower in the other), in axis
   * order.
   */
  public List<String> interactingAxes(String axis) {
    Map<String, List<AxisEffect>> byOther = new LinkedHashMap<>();
    for (AxisEffect e : conditionalEffects(axis)) {
      byOther.computeIfAbsent(e.scope().keySet().iterator().next(), k -> new ArrayList<>()).add(e);
    }
    List<String> out = new ArrayList<>();
    byOther.forEach((other, list) -> {
      boolean differ = false;
      for (AxisEffect a : list) {
        for (AxisEffect b : list) {
          differ |= a.verdict() == Verdict.REAL && b.verdict() == Verdict.NEGLIGIBLE;
          differ |= a.verdict() == Verdict.REAL && b.verdict() == Verdict.REAL
              && a.shownSlower(b.best().value());
        }
      }
      if (differ) {
        out.add(other);
      }
    });
    return List.copyOf(out);
  }

  /**
   * The effect of {@code axis} that applies at a point: within the point's value of the first axis
   * it interacts with; otherwise the overall one, unless that is REAL and shows the point's value
   * slower while, within one of the point's values of another axis, the point's value measured at
   * least as fast as every value the overall one prefers and is not shown slower there (the overall
   * effect averages over contexts the point is not in, and here its direction turns): then that
   * one, the first in axis order. A conditional effect that merely lacks the overall one's samples
   * does not replace it.
   */
  public Optional<AxisEffect> effectAt(String axis, Map<String, Object> params) {
    List<String> others = interactingAxes(axis);
    if (!others.isEmpty()) {
      Optional<AxisEffect> within = effectWithin(axis, others.get(0), params.get(others.get(0)));
      if (within.isPresent()) {
        return within;
      }
    }
    Optional<AxisEffect> overall = effect(axis);
    Object value = params.get(axis);
    if (overall.isPresent() && overall.get().verdict() == Verdict.REAL && overall.get().shownSlower(value)) {
      for (AxisEffect e : conditionalEffects(axis)) {
        Map.Entry<String, Object> scope = e.scope().entrySet().iterator().next();
        if (scope.getValue().equals(params.get(scope.getKey())) && !e.shownSlower(value)
            && turns(e, value, overall.get().acceptable())) {
          return Optional.of(e);
        }
      }
    }
    return overall;
  }

  /** Whether {@code value}'s level in {@code e} is at least as fast as every one of {@code preferred} there. */
  private static boolean turns(AxisEffect e, Object value, List<Object> preferred) {
    Optional<Level> at = e.levels().stream().filter(l -> l.value().equals(value)).findFirst();
    return at.isPresent() && e.levels().stream().filter(l -> preferred.contains(l.value()))
        .allMatch(l -> at.get().mean() <= l.mean());
  }

  /**
   * The batch_size by max_concurrency tables, when the grid has both axes: first over all measured
   * points, then one per use_process value when that axis has more than one value.
   */
  public List<Interaction> interactions() {
    return interactions;
  }

  /** How the recorded trials ended. */
  public Counts counts() {
    int ok = 0;
    int failed = 0;
    int timeouts = 0;
    for (Trial t : results.trials()) {
      switch (t.status()) {
        case OK -> ok++;
        case FAILED -> failed++;
        case TIMEOUT -> timeouts++;
      }
    }
    int recorded = results.trials().size();
    return new Counts(results.grid().points(), recorded, ok, failed, timeouts, ranking.size(),
        Math.max(0, results.grid().points() - recorded));
  }

  /** The spread of the measured geometric means; empty without measured points. */
  public Optional<Spread> spread() {
    if (ranking.isEmpty()) {
      return Optional.empty();
    }
    double[] means = ranking.stream().mapToDouble(RankedPoint::geometricMean).toArray();
    double best = means[0];
    double worst = means[means.length - 1];
    double mean = java.util.Arrays.stream(means).average().orElseThrow();
    double std = Statistics.std(means);
    double range = worst - best;
    return Optional.of(new Spread(best, worst, mean, std, range, best > 0 ? 100 * range / best : 0.0,
        mean > 0 ? std / mean : 0.0));
  }

  /** Trials that carry flags, in completion order. */
  public List<Trial> flagged() {
    return results.trials().stream().filter(t -> !t.flags().isEmpty()).toList();
  }

  /**
   * The flags that every recorded point carries (a warm-up that stopped at its cap in every
   * application, say), in the first point's order; empty when there are fewer than two points.
   */
  public List<String> flagsOfEveryPoint() {
    return flagsOfEveryPoint;
  }

  /**
   * Per application group (its id, as in {@code applications}), the flags that every point of the
   * group carries and not every point of the grid does; only groups of two or more points with such
   * flags, in the order the groups were first recorded.
   */
  public Map<String, List<String>> flagsOfWholeGroups() {
    return flagsOfWholeGroups;
  }

  /**
   * A point's flags less those the report states once for every point or for the point's whole
   * group ({@link #flagsOfEveryPoint}, {@link #flagsOfWholeGroups}).
   */
  public List<String> ownFlags(Trial t) {
    List<String> group = flagsOfWholeGroups.getOrDefault(groupOf(t.params()), List.of());
    return t.flags().stream().filter(f -> !flagsOfEveryPoint.contains(f) && !group.contains(f)).toList();
  }

  private static Map<String, List<String>> wholeGroupFlags(List<Trial> all, List<String> everywhere) {
    Map<String, List<Trial>> byGroup = new LinkedHashMap<>();
    for (Trial t : all) {
      byGroup.computeIfAbsent(groupOf(t.params()), k -> new ArrayList<>()).add(t);
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    byGroup.forEach((group, trials) -> {
      if (trials.size() >= 2) {
        List<String> common = commonFlags(trials).stream().filter(f -> !everywhere.contains(f)).toList();
        if (!common.isEmpty()) {
          out.put(group, common);
        }
      }
    });
    return Collections.unmodifiableMap(out);
  }

  private static List<String> commonFlags(List<Trial> trials) {
    Set<String> common = new LinkedHashSet<>(trials.get(0).flags());
    for (Trial t : trials) {
      common.retainAll(t.flags());
    }
    return List.copyOf(common);
  }

  /** Trials that failed or timed out, in completion order. */
  public List<Trial> failures() {
    return results.trials().stream().filter(t -> t.status() != Status.OK).toList();
  }

  /**
   * Measured points whose samples are unstable, as pyperf judges them: a CV above {@value
   * #UNSTABLE_CV}, a sample more than {@value #OUTLIER_FRACTION} of the mean away from it, or fewer
   * than {@value #MIN_SAMPLES} samples; in rank order.
   */
  public List<Unstable> unstable() {
    List<Unstable> out = new ArrayList<>();
    for (RankedPoint r : ranking) {
      Summary s = r.summary();
      List<String> reasons = new ArrayList<>();
      if (s.n() < MIN_SAMPLES) {
        reasons.add("only " + s.n() + " sample(s), fewer than " + MIN_SAMPLES);
      }
      if (s.hasSpread() && s.cv() > UNSTABLE_CV) {
        reasons.add(String.format(java.util.Locale.ROOT, "CV %.1f%% above %.0f%%", 100 * s.cv(), 100 * UNSTABLE_CV));
      }
      if (s.mean() > 0 && s.max() > s.mean() * (1 + OUTLIER_FRACTION)) {
        reasons.add(String.format(java.util.Locale.ROOT, "the slowest sample is %.0f%% above the mean",
            100 * (s.max() / s.mean() - 1)));
      }
      if (s.mean() > 0 && s.min() < s.mean() * (1 - OUTLIER_FRACTION)) {
        reasons.add(String.format(java.util.Locale.ROOT, "the fastest sample is %.0f%% below the mean",
            100 * (1 - s.min() / s.mean())));
      }
      if (!reasons.isEmpty()) {
        out.add(new Unstable(r.trial(), reasons));
      }
    }
    return List.copyOf(out);
  }

  /**
   * Measured points that ran more concurrency than the machine has cores (max_concurrency above
   * the environment's cores), in rank order: their results do not carry over to a machine with
   * more cores.
   */
  public List<RankedPoint> oversubscribed() {
    int cores = results.environment().cores();
    return ranking.stream().filter(r -> r.trial().params().get(Knobs.MAX_CONCURRENCY) instanceof Integer n
        && n > cores).toList();
  }

  /** One recommendation per {@link Recommendation.UseCase}, in that order; empty without measured points. */
  /**
   * A measured point on the time-memory plane.
   *
   * @param point the point, ranked by time
   * @param retainedHeapBytes its retained heap (the largest over its JVMs)
   * @param onFront true when no other point is both as fast and as small, and better in one
   */
  public record MemoryPoint(RankedPoint point, long retainedHeapBytes, boolean onFront) {}

  /**
   * The measured points whose retained heap was measured, in rank order, each marked on or off the
   * time-memory Pareto front (geometric-mean time against retained heap: point estimates; the
   * front says nothing of which differences are noise).
   */
  public List<MemoryPoint> memoryFront() {
    List<RankedPoint> with = ranking.stream().filter(r -> r.trial().retainedHeapBytes().isPresent()).toList();
    List<MemoryPoint> out = new ArrayList<>();
    for (RankedPoint r : with) {
      long mem = r.trial().retainedHeapBytes().getAsLong();
      boolean dominated = with.stream().anyMatch(o -> o != r
          && o.geometricMean() <= r.geometricMean() && o.trial().retainedHeapBytes().getAsLong() <= mem
          && (o.geometricMean() < r.geometricMean() || o.trial().retainedHeapBytes().getAsLong() < mem));
      out.add(new MemoryPoint(r, mem, !dominated));
    }
    return List.copyOf(out);
  }

  public List<Recommendation> recommendations() {
    return recommendations;
  }

  /** The recommendation for one use case, when there are measured points. */
  public Optional<Recommendation> recommendation(Recommendation.UseCase useCase) {
    return recommendations.stream().filter(r -> r.useCase() == useCase).findFirst();
  }

  // ---- the model

  /** Sample times below this are taken as this, so that log is finite. */
  private static final double TINY = 1e-9;

  private static Measurement measure(Results results, boolean withRacing) {
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
      Map<Integer, List<Double>> byApp = new java.util.TreeMap<>();
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
      out.add(new Measured(t, gridOrder.getOrDefault(t.id(), Integer.MAX_VALUE), groupOf(t.params()),
          java.util.Arrays.stream(means.get(i)).average().orElseThrow(), applications.get(i), means.get(i),
          counts.get(i), own ? ss / df : pooled, own ? df : pooledDf, !own));
    }
    return new Measurement(List.copyOf(out), noise(out, pooled, pooledDf), components(out, pooled, pooledDf));
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
   * The between-application components ({@link Components}) from the points of each group that ran
   * in every one of the group's applications, over the groups with two or more.
   */
  private static Components components(List<Measured> points, double pooled, double pooledDf) {
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
      Set<Integer> apps = new java.util.TreeSet<>();
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
      double grand = java.util.Arrays.stream(columns).average().orElseThrow();
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

  /** The point's application group: its values of the axes that need their own application. */
  private static String groupOf(Map<String, Object> params) {
    Map<String, Object> g = new LinkedHashMap<>();
    params.forEach((k, v) -> {
      if (Values.needsApplication(k)) {
        g.put(k, v);
      }
    });
    return Trial.idOf(g);
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
  private double[] variance(List<Measured> cells, double[] weights) {
    Map<String, Double> perApplication = new LinkedHashMap<>();
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
    if (sharedKnown) {
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
  private static double upperTail(double x, double df) {
    if (Double.isInfinite(df) || df > 1e6) {
      return new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1).cumulativeProbability(-x);
    }
    return new TDistribution(null, df).cumulativeProbability(-x);
  }

  /** The upper {@code p} quantile of Student's t (normal for infinite df). */
  private static double upperQuantile(double p, double df) {
    if (Double.isInfinite(df) || df > 1e6) {
      return new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - p);
    }
    return new TDistribution(null, df).inverseCumulativeProbability(1 - p);
  }

  private List<RankedPoint> rank() {
    List<Measured> sorted = new ArrayList<>(measuredAll);
    sorted.sort(Comparator.comparingDouble(Measured::mean).thenComparingInt(Measured::gridIndex));
    int k = sorted.size();
    List<RankedPoint> out = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      Measured m = sorted.get(i);
      boolean tied = true;
      for (int j = 0; j < k && tied; j++) {
        if (j != i) {
          tied = !shownSlower(m, sorted.get(j), k);
        }
      }
      double[] v = variance(List.of(m), new double[] {1});
      double half = Double.isNaN(v[0]) ? 0 : upperQuantile((1 - Statistics.CONFIDENCE) / 2, v[1]) * Math.sqrt(v[0]);
      out.add(new RankedPoint(i + 1, m.trial(), m.trial().summary().orElseThrow(), Math.exp(m.mean()),
          Math.exp(m.mean() - half), Math.exp(m.mean() + half), tied || i == 0));
    }
    return List.copyOf(out);
  }

  /**
   * Whether a point is shown within the margin of the best: the one-sided upper bound of its log
   * time over the best's, at the subset selection's level, lies below {@code log(1 +
   * negligible_effect)}. Such a point's tie with the best is settled: more samples would not make
   * a difference worth having. False for a point that is not measured; true for the best itself.
   */
  public boolean withinMarginOfBest(Trial trial) {
    if (ranking.isEmpty()) {
      return false;
    }
    Measured best = cell(ranking.get(0).trial().id()).orElseThrow();
    Optional<Measured> m = cell(trial.id());
    if (m.isEmpty()) {
      return false;
    }
    if (m.get() == best) {
      return true;
    }
    int k = measuredAll.size();
    double[] v = variance(List.of(m.get(), best), new double[] {1, -1});
    if (Double.isNaN(v[0])) {
      return false;
    }
    double diff = m.get().mean() - best.mean();
    return diff + upperQuantile(ALPHA / Math.max(1, k - 1), v[1]) * Math.sqrt(v[0]) < margin;
  }

  private Optional<Measured> cell(String id) {
    return measuredAll.stream().filter(x -> x.trial().id().equals(id)).findFirst();
  }

  /** Whether point a is shown slower than point b at the subset selection's Bonferroni bound over k - 1. */
  private boolean shownSlower(Measured a, Measured b, int k) {
    double[] v = variance(List.of(a, b), new double[] {1, -1});
    if (Double.isNaN(v[0])) {
      return false;
    }
    return a.mean() - b.mean() > upperQuantile(ALPHA / (k - 1), v[1]) * Math.sqrt(v[0]);
  }

  /** Every axis with two or more values, overall and within each value of every other such axis. */
  private List<PendingEffect> pendingEffects() {
    List<PendingEffect> out = new ArrayList<>();
    Map<String, List<Object>> axes = results.grid().axes();
    for (String axis : axes.keySet()) {
      if (axes.get(axis).size() < 2) {
        continue;
      }
      pending(axis, Map.of()).ifPresent(out::add);
    }
    for (String axis : axes.keySet()) {
      if (axes.get(axis).size() < 2) {
        continue;
      }
      for (String other : axes.keySet()) {
        if (other.equals(axis) || axes.get(other).size() < 2) {
          continue;
        }
        for (Object v : axes.get(other)) {
          pending(axis, Map.of(other, v)).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  private Optional<PendingEffect> pending(String axis, Map<String, Object> scope) {
    Map<Object, Map<String, Measured>> byLevel = new LinkedHashMap<>();
    for (Object value : results.grid().values(axis)) {
      Map<String, Measured> cells = new LinkedHashMap<>();
      for (Measured m : measured) {
        Map<String, Object> p = m.trial().params();
        if (value.equals(p.get(axis)) && scope.entrySet().stream().allMatch(e -> e.getValue().equals(p.get(e.getKey())))) {
          Map<String, Object> context = new LinkedHashMap<>(p);
          context.remove(axis);
          cells.put(Trial.idOf(context), m);
        }
      }
      if (!cells.isEmpty()) {
        byLevel.put(value, cells);
      }
    }
    if (byLevel.size() < 2) {
      return Optional.empty();
    }
    List<Object> values = new ArrayList<>(byLevel.keySet());
    // Level means and comparisons over the contexts every level was measured in, so that they
    // agree; over each level's own contexts (each pair's common ones) when no context has them all.
    Set<String> complete = new LinkedHashSet<>(byLevel.get(values.get(0)).keySet());
    byLevel.values().forEach(cells -> complete.retainAll(cells.keySet()));
    if (!complete.isEmpty()) {
      byLevel.values().forEach(cells -> cells.keySet().retainAll(complete));
    }
    double[] logMeans = new double[values.size()];
    double[][] intervals = new double[values.size()][];
    int[] counts = new int[values.size()];
    for (int i = 0; i < values.size(); i++) {
      List<Measured> cells = List.copyOf(byLevel.get(values.get(i)).values());
      int c = cells.size();
      counts[i] = c;
      double mean = cells.stream().mapToDouble(Measured::mean).average().orElseThrow();
      double[] weights = new double[c];
      java.util.Arrays.fill(weights, 1.0 / c);
      double[] v = variance(cells, weights);
      double half = Double.isNaN(v[0]) ? 0 : upperQuantile((1 - Statistics.CONFIDENCE) / 2, v[1]) * Math.sqrt(v[0]);
      logMeans[i] = mean;
      intervals[i] = new double[] {Math.exp(mean - half), Math.exp(mean + half)};
    }
    double worst = java.util.Arrays.stream(logMeans).max().orElseThrow();
    List<Level> levels = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      levels.add(new Level(values.get(i), counts[i], Math.exp(logMeans[i]), intervals[i][0],
          intervals[i][1], Math.exp(worst - logMeans[i])));
    }
    List<Raw> raws = new ArrayList<>();
    int pairs = 0;
    for (int i = 0; i < values.size(); i++) {
      for (int j = i + 1; j < values.size(); j++) {
        pairs++;
        raw(byLevel.get(values.get(i)), byLevel.get(values.get(j)), values.get(i), values.get(j))
            .ifPresent(raws::add);
      }
    }
    return Optional.of(new PendingEffect(axis, scope, levels, raws, pairs));
  }

  /** The comparison of two levels over their common contexts; empty when they share none. */
  private Optional<Raw> raw(Map<String, Measured> a, Map<String, Measured> b, Object va, Object vb) {
    List<String> common = a.keySet().stream().filter(b::containsKey).toList();
    if (common.isEmpty()) {
      return Optional.empty();
    }
    int c = common.size();
    double diff = 0;
    List<Measured> cells = new ArrayList<>();
    double[] weights = new double[2 * c];
    for (String key : common) {
      Measured x = a.get(key);
      Measured y = b.get(key);
      diff += (x.mean() - y.mean()) / c;
      weights[cells.size()] = 1.0 / c;
      cells.add(x);
      weights[cells.size()] = -1.0 / c;
      cells.add(y);
    }
    double[] v = variance(cells, weights);
    double se = Math.sqrt(v[0]);
    double size = Math.abs(diff);
    double pReal;
    double pNegligible;
    if (Double.isNaN(se)) {
      pReal = 1;
      pNegligible = 1;
    } else {
      pReal = Math.min(1, 2 * upperTail((size - margin) / se, v[1]));
      pNegligible = Math.min(1, 2 * upperTail((margin - size) / se, v[1]));
    }
    boolean aFaster = diff <= 0;
    return Optional.of(new Raw(aFaster ? va : vb, aFaster ? vb : va, c, size, se, v[1], Math.min(pReal, pNegligible),
        pReal <= pNegligible ? Verdict.REAL : Verdict.NEGLIGIBLE));
  }

  /** Holm's step-down procedure over every comparison: each reaches its candidate verdict or stays UNRESOLVED. */
  private static void holm(List<Raw> all) {
    List<Raw> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingDouble(r -> r.p));
    int m = sorted.size();
    for (int i = 0; i < m; i++) {
      Raw r = sorted.get(i);
      if (r.p > ALPHA / (m - i)) {
        break;
      }
      r.verdict = r.candidate;
    }
  }

  private AxisEffect finish(PendingEffect p) {
    List<Contrast> contrasts = new ArrayList<>();
    for (Raw r : p.raws()) {
      double half = Double.isNaN(r.se) ? 0
          : upperQuantile((1 - Statistics.CONFIDENCE) / 2, r.df) * r.se;
      contrasts.add(new Contrast(r.faster, r.slower, r.contexts, Math.exp(r.diff), Math.exp(r.diff - half),
          Math.exp(r.diff + half), r.df, r.p, r.verdict));
    }
    Level best = p.levels().stream().min(Comparator.comparingDouble(Level::mean)).orElseThrow();
    Level worst = p.levels().stream().max(Comparator.comparingDouble(Level::mean)).orElseThrow();
    Contrast headline = contrasts.stream()
        .filter(c -> c.faster().equals(best.value()) && c.slower().equals(worst.value())
            || c.faster().equals(worst.value()) && c.slower().equals(best.value()))
        .findFirst()
        .orElseGet(() -> contrasts.stream().max(Comparator.comparingDouble(Contrast::ratio))
            .orElse(new Contrast(best.value(), worst.value(), 0, worst.mean() / best.mean(), 0, Double.POSITIVE_INFINITY,
                Double.NaN, 1.0, Verdict.UNRESOLVED)));
    Verdict verdict;
    if (contrasts.stream().anyMatch(c -> c.verdict() == Verdict.REAL)) {
      verdict = Verdict.REAL;
    } else if (contrasts.size() == p.levelPairs()
        && contrasts.stream().allMatch(c -> c.verdict() == Verdict.NEGLIGIBLE)) {
      verdict = Verdict.NEGLIGIBLE;
    } else {
      verdict = Verdict.UNRESOLVED;
    }
    return new AxisEffect(p.axis(), p.scope(), p.levels(), best, worst, headline, contrasts, verdict);
  }

  private List<Interaction> computeInteractions() {
    GridInfo grid = results.grid();
    if (!grid.hasAxis(Knobs.BATCH_SIZE) || !grid.hasAxis(Knobs.MAX_CONCURRENCY)) {
      return List.of();
    }
    List<Interaction> out = new ArrayList<>();
    out.add(interaction(Map.of()));
    if (grid.values(Knobs.USE_PROCESS).size() > 1) {
      for (Object v : grid.values(Knobs.USE_PROCESS)) {
        out.add(interaction(Map.of(Knobs.USE_PROCESS, v)));
      }
    }
    return List.copyOf(out);
  }

  private Interaction interaction(Map<String, Object> scope) {
    List<Object> rows = results.grid().values(Knobs.BATCH_SIZE);
    List<Object> columns = results.grid().values(Knobs.MAX_CONCURRENCY);
    List<Cell> cells = new ArrayList<>();
    for (Object row : rows) {
      for (Object column : columns) {
        double[] logs = measured.stream()
            .filter(m -> row.equals(m.trial().params().get(Knobs.BATCH_SIZE))
                && column.equals(m.trial().params().get(Knobs.MAX_CONCURRENCY))
                && scope.entrySet().stream().allMatch(e -> e.getValue().equals(m.trial().params().get(e.getKey()))))
            .mapToDouble(Measured::mean).toArray();
        if (logs.length > 0) {
          cells.add(new Cell(row, column, logs.length, Math.exp(java.util.Arrays.stream(logs).average().orElseThrow())));
        }
      }
    }
    return new Interaction(scope, Knobs.BATCH_SIZE, Knobs.MAX_CONCURRENCY, rows, columns, cells);
  }

  private List<Recommendation> computeRecommendations() {
    if (ranking.isEmpty()) {
      return List.of();
    }
    int cores = results.environment().cores();
    List<RankedPoint> tied = tiedWithBest();
    RankedPoint best = ranking.get(0);
    String tiedText = tied.size() == 1
        ? "no other point is statistically tied with the best, so this is the best point"
        : "among the " + tied.size() + " points statistically tied with the best";
    List<Recommendation> out = new ArrayList<>();

    List<String> generalReasons = new ArrayList<>();
    // A tied point can hold a value that its knob's verdict shows slower (the knob's effect pools
    // over more samples than one point's comparison): prefer the tied points that agree with every
    // verdict, so that the recommendation, the decision tree and the verdicts say the same.
    List<RankedPoint> agreeing = tied.stream().filter(this::agreesWithVerdicts).toList();
    List<RankedPoint> candidates = agreeing.isEmpty() ? tied : agreeing;
    RankedPoint general = candidates.stream().min(Comparator.comparingDouble(this::distanceFromMiddle)
        .thenComparingInt(RankedPoint::rank)).orElseThrow();
    if (tied.size() == 1) {
      generalReasons.add(tiedText);
    } else if (agreeing.isEmpty() || agreeing.size() == tied.size()) {
      generalReasons.add("settings nearest the middle of the tested ranges, " + tiedText);
    } else {
      generalReasons.add("settings nearest the middle of the tested ranges, among the " + agreeing.size() + " of the "
          + tied.size() + " points statistically tied with the best whose values no REAL verdict shows slower");
    }
    out.add(new Recommendation(Recommendation.UseCase.GENERAL, general.trial(), generalReasons, List.of(), cores));

    out.add(memoryConstrained(tied, tiedText, best, cores));

    List<String> fastCaveats = new ArrayList<>();
    if (tied.size() > 1) {
      fastCaveats.add((tied.size() - 1) + " other point(s) are statistically tied with it: its lead over them is"
          + " not shown");
    }
    out.add(new Recommendation(Recommendation.UseCase.MAXIMUM_THROUGHPUT, best.trial(),
        List.of("lowest geometric-mean warm time of the " + ranking.size() + " measured points"), fastCaveats, cores));

    List<String> ioCaveats = new ArrayList<>();
    if (!results.grid().hasAxis(Knobs.MAX_CONCURRENCY)) {
      ioCaveats.add("the grid has no max_concurrency axis, so concurrency was not compared");
    }
    ioCaveats.add("derived from workload '" + results.grid().workload() + "'; if that workload is CPU-bound, this is"
        + " only indicative: work that waits on I/O gains more from extra concurrency than a CPU-bound run can show");
    RankedPoint io = tied.stream().min(Comparator.<RankedPoint>comparingDouble(r -> -number(r, Knobs.MAX_CONCURRENCY))
        .thenComparingInt(RankedPoint::rank)).orElseThrow();
    out.add(new Recommendation(Recommendation.UseCase.IO_BOUND, io.trial(),
        List.of(tied.size() == 1 ? tiedText : "highest max_concurrency " + tiedText), ioCaveats, cores));
    return List.copyOf(out);
  }

  /** The memory-constrained pick: from measured retained heap where there is one, see the class doc. */
  private Recommendation memoryConstrained(List<RankedPoint> tied, String tiedText, RankedPoint best, int cores) {
    List<MemoryPoint> all = memoryFront();
    List<MemoryPoint> front = all.stream().filter(MemoryPoint::onFront).toList();
    Set<String> tiedIds = new LinkedHashSet<>();
    tied.forEach(r -> tiedIds.add(r.trial().id()));
    List<String> caveats = new ArrayList<>();
    long measured = all.size();
    if (measured > 0 && measured < ranking.size()) {
      caveats.add((ranking.size() - measured) + " of the " + ranking.size() + " measured points have no retained-heap"
          + " figure (no garbage collection ran during their maps) and were not compared");
    }
    Optional<MemoryPoint> tiedOnFront = front.stream().filter(m -> tiedIds.contains(m.point().trial().id()))
        .min(Comparator.comparingLong(MemoryPoint::retainedHeapBytes).thenComparingInt(m -> m.point().rank()));
    if (tiedOnFront.isPresent()) {
      MemoryPoint m = tiedOnFront.get();
      return new Recommendation(Recommendation.UseCase.MEMORY_CONSTRAINED, m.point().trial(),
          List.of("least retained heap (" + mib(m.retainedHeapBytes()) + ") on the time-memory front, " + tiedText),
          caveats, cores);
    }
    if (!front.isEmpty()) {
      MemoryPoint m = front.stream().min(Comparator.comparingLong(MemoryPoint::retainedHeapBytes)
          .thenComparingInt(p -> p.point().rank())).orElseThrow();
      double slower = m.point().geometricMean() / best.geometricMean();
      return new Recommendation(Recommendation.UseCase.MEMORY_CONSTRAINED, m.point().trial(),
          List.of("least retained heap (" + mib(m.retainedHeapBytes()) + ") on the time-memory front; no point tied"
              + " with the best has a measured heap, and this one costs " + String.format(java.util.Locale.ROOT,
              "%.2fx", slower) + " the best point's time"),
          caveats, cores);
    }
    List<String> proxyCaveats = new ArrayList<>();
    proxyCaveats.add("memory was not measured for any point (no garbage collection ran during the maps, or the"
        + " JVMs cannot count): the smallest batch_size stands in for it");
    if (!results.grid().hasAxis(Knobs.BATCH_SIZE)) {
      proxyCaveats.add("the grid has no batch_size axis, so batch memory was not compared");
    }
    RankedPoint memory = tied.stream().min(Comparator.<RankedPoint>comparingDouble(r -> number(r, Knobs.BATCH_SIZE))
        .thenComparingDouble(r -> number(r, Knobs.MAX_CONCURRENCY))
        .thenComparing(r -> Boolean.TRUE.equals(r.trial().params().get(Knobs.USE_PROCESS)))
        .thenComparingInt(RankedPoint::rank)).orElseThrow();
    return new Recommendation(Recommendation.UseCase.MEMORY_CONSTRAINED, memory.trial(),
        List.of(tied.size() == 1 ? tiedText : "smallest batch_size, then fewest cores, then one JVM, " + tiedText),
        proxyCaveats, cores);
  }

  private static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  /**
   * Whether no knob's verdict that applies at the point ({@link #effectAt}) is REAL with the point's
   * value shown slower than another.
   */
  private boolean agreesWithVerdicts(RankedPoint r) {
    Map<String, Object> params = r.trial().params();
    for (String axis : results.grid().axes().keySet()) {
      Optional<AxisEffect> e = effectAt(axis, params);
      if (e.isPresent() && e.get().verdict() == Verdict.REAL && e.get().shownSlower(params.get(axis))) {
        return false;
      }
    }
    return true;
  }

  /** The summed distance of a point's values from the middle of each axis's sorted tested range. */
  private double distanceFromMiddle(RankedPoint r) {
    double total = 0;
    for (Map.Entry<String, List<Object>> axis : results.grid().axes().entrySet()) {
      List<Object> sorted = new ArrayList<>(axis.getValue());
      if (sorted.size() < 2) {
        continue;
      }
      sorted.sort(Values.NATURAL);
      double position = (double) sorted.indexOf(r.trial().params().get(axis.getKey())) / (sorted.size() - 1);
      total += Math.abs(position - 0.5);
    }
    return total;
  }

  /** A numeric axis value; {@code auto} and other words sort after every number. */
  private static double number(RankedPoint r, String axis) {
    return r.trial().params().get(axis) instanceof Number n ? n.doubleValue() : Double.POSITIVE_INFINITY;
  }
}
