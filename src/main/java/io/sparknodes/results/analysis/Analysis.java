package io.sparknodes.results.analysis;

import io.sparknodes.results.Results;
import io.sparknodes.results.Status;
import io.sparknodes.results.Trial;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

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
 * <p>Where each part is computed: the cells and the variance of a comparison in {@link
 * VarianceModel} (the application components in {@link Components}); the ranking and the tied set
 * in {@link TiedSet}; the effects, their verdicts and where axes interact in {@link Verdicts}; the
 * batch_size by max_concurrency tables in {@link InteractionTables}; the recommendations in {@link
 * Recommendations}; counts, flags, unstable points and the time-memory front in {@link
 * Diagnostics}. Its records are declared in {@link AnalysisRecords}.
 *
 * <pre>{@code
 * Analysis a = Analysis.of(ResultsJson.read(Path.of("results/results.json"))); // results.format
 * a.best().ifPresent(b -> System.out.println(b.trial().id() + " " + b.geometricMean()));
 * }</pre>
 */
public final class Analysis implements AnalysisRecords {
  /** The family-wise error rate of the verdicts, and one minus the coverage of the tied set. */
  public static final double ALPHA = 0.05;
  /** pyperf's threshold of an unstable point: a coefficient of variation above 10%. */
  public static final double UNSTABLE_CV = 0.10;
  /** pyperf's threshold of an outlying sample: more than 50% from the mean. */
  public static final double OUTLIER_FRACTION = 0.5;
  /** Fewer samples than this make a point unstable: its spread is barely estimated. */
  public static final int MIN_SAMPLES = 3;

  private final Results results;
  private final VarianceModel model;
  private final TiedSet tiedSet;
  private final List<RankedPoint> ranking;
  private final Verdicts verdicts;
  private final Diagnostics diagnostics;
  private final List<Interaction> interactions;
  private final List<Recommendation> recommendations;

  private Analysis(Results results) {
    this.results = results;
    double margin = Math.log1p(results.grid().negligibleEffect());
    this.model = new VarianceModel(results);
    this.tiedSet = new TiedSet(model, margin);
    this.ranking = tiedSet.ranking();
    this.verdicts = new Verdicts(results, model, margin);
    this.diagnostics = new Diagnostics(results, model.balanced(), ranking);
    this.interactions = InteractionTables.of(results, model.balanced());
    this.recommendations = Recommendations.of(results, ranking, diagnostics.memoryFront(), verdicts);
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
    return verdicts.comparisons();
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
   * Whether a point is shown within the margin of the best: the one-sided upper bound of its log
   * time over the best's, at the subset selection's level, lies below {@code log(1 +
   * negligible_effect)}. Such a point's tie with the best is settled: more samples would not make
   * a difference worth having. False for a point that is not measured; true for the best itself.
   */
  public boolean withinMarginOfBest(Trial trial) {
    return tiedSet.withinMarginOfBest(trial);
  }

  /**
   * The median, over measured points with at least two samples, of the within-point coefficient of
   * variation; empty when there are none. Descriptive: the verdicts use every cell's own variance.
   */
  public OptionalDouble noiseFloorCv() {
    return diagnostics.noiseFloorCv();
  }

  /**
   * Where the balanced samples' noise lies: within one application and between a group's
   * applications; empty unless some group ran as two or more applications with two or more samples
   * in one of them. Descriptive: the verdicts use every cell's own variances.
   */
  public Optional<Noise> noise() {
    return model.noise();
  }

  /** True when some measured point's group ran as two or more applications. */
  public boolean replicatedApplications() {
    return diagnostics.replicatedApplications();
  }

  /** The effect of each axis with at least two measured levels, over every measured point, in axis order. */
  public List<AxisEffect> effects() {
    return verdicts.effects();
  }

  /** The overall effect of one axis, if computed. */
  public Optional<AxisEffect> effect(String axis) {
    return verdicts.effect(axis);
  }

  /** The effects of {@code axis} within each value of every other axis, in axis and value order. */
  public List<AxisEffect> conditionalEffects(String axis) {
    return verdicts.conditionalEffects(axis);
  }

  /** The effect of {@code axis} within one value of another axis, if computed. */
  public Optional<AxisEffect> effectWithin(String axis, String otherAxis, Object value) {
    return verdicts.effectWithin(axis, otherAxis, value);
  }

  /**
   * The axes {@code axis} interacts with: those within whose values its verdicts disagree (REAL in
   * one, NEGLIGIBLE in another; REAL in two with a best level shown slower in the other; or, where
   * the overall effect is not REAL, REAL in one while the other's fastest level, shown or only
   * estimated, is one the first shows slower: the overall effect averages over values where it
   * turns), in axis order.
   */
  public List<String> interactingAxes(String axis) {
    return verdicts.interactingAxes(axis);
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
    return verdicts.effectAt(axis, params);
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
    return diagnostics.counts();
  }

  /** The spread of the measured geometric means; empty without measured points. */
  public Optional<Spread> spread() {
    return diagnostics.spread();
  }

  /** Trials that carry flags, in completion order. */
  public List<Trial> flagged() {
    return diagnostics.flagged();
  }

  /**
   * The flags that every recorded point carries (a warm-up that stopped at its cap in every
   * application, say), in the first point's order; empty when there are fewer than two points.
   */
  public List<String> flagsOfEveryPoint() {
    return diagnostics.flagsOfEveryPoint();
  }

  /**
   * Per application group (its id, as in {@code applications}), the flags that every point of the
   * group carries and not every point of the grid does; only groups of two or more points with such
   * flags, in the order the groups were first recorded.
   */
  public Map<String, List<String>> flagsOfWholeGroups() {
    return diagnostics.flagsOfWholeGroups();
  }

  /**
   * A point's flags less those the report states once for every point or for the point's whole
   * group ({@link #flagsOfEveryPoint}, {@link #flagsOfWholeGroups}).
   */
  public List<String> ownFlags(Trial t) {
    return diagnostics.ownFlags(t);
  }

  /** Trials that failed or timed out, in completion order. */
  public List<Trial> failures() {
    return diagnostics.failures();
  }

  /**
   * Measured points whose samples are unstable, as pyperf judges them: a CV above {@value
   * #UNSTABLE_CV}, a sample more than {@value #OUTLIER_FRACTION} of the mean away from it, or fewer
   * than {@value #MIN_SAMPLES} samples; in rank order.
   */
  public List<Unstable> unstable() {
    return diagnostics.unstable();
  }

  /**
   * Measured points that ran more concurrency than the machine has cores (max_concurrency above
   * the environment's cores), in rank order: their results do not carry over to a machine with
   * more cores.
   */
  public List<RankedPoint> oversubscribed() {
    return diagnostics.oversubscribed();
  }

  /**
   * The measured points whose retained heap was measured, in rank order, each marked on or off the
   * time-memory Pareto front (geometric-mean time against retained heap: point estimates; the
   * front says nothing of which differences are noise).
   */
  public List<MemoryPoint> memoryFront() {
    return diagnostics.memoryFront();
  }

  /** One recommendation per {@link Recommendation.UseCase}, in that order; empty without measured points. */
  public List<Recommendation> recommendations() {
    return recommendations;
  }

  /** The recommendation for one use case, when there are measured points. */
  public Optional<Recommendation> recommendation(Recommendation.UseCase useCase) {
    return recommendations.stream().filter(r -> r.useCase() == useCase).findFirst();
  }
}
