package io.sparknodes.results;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a sweep's {@link Results} say, computed from them alone. Only points that ended {@link
 * Status#OK} with at least one warm sample are <em>measured</em> and take part; each is represented
 * by its median warm time.
 *
 * <p>The rules, so that a report can state them:
 *
 * <ul>
 *   <li><b>Noise floor</b>: the median, over measured points with at least two samples, of the
 *       within-point coefficient of variation (std / mean of the warm samples).
 *   <li><b>Tied with the best</b>: Welch's t-test of the point's warm samples against the best
 *       point's gives p &gt; {@value #ALPHA}. When either point has a single sample the test cannot
 *       run, and the point is tied when the two 95% intervals overlap (a single sample's interval is
 *       its value). The best point is tied with itself.
 *   <li><b>Effect of an axis</b>: per value (level), the mean of the medians of the measured points
 *       at that value, with a 95% Student-t interval across those points. The verdict compares the
 *       best and worst levels (lowest and highest mean) on matched points, those that share every
 *       other axis's value, as relative differences {@code (worse - better) / better} of their
 *       medians. It is {@link Verdict#REAL} when the mean relative difference is positive, exceeds
 *       the noise floor, and is significant: with two or more matched pairs, the paired 95%
 *       t-interval excludes zero; with one pair, Welch's test on the two points' samples gives p
 *       &lt; {@value #ALPHA}; with none, the two levels' intervals do not overlap. A condition that
 *       cannot be evaluated (no noise floor; a single sample; single-point levels) is skipped; when
 *       none can be, the effect is {@link Verdict#NOISE}: not shown to exceed the noise.
 *   <li><b>Recommendations</b>: maximum throughput is the best point; the others choose among the
 *       points tied with the best. General purpose: the point whose values sit nearest the middle of
 *       each axis's tested range (values in numeric order, position 0 to 1, summed distance from
 *       0.5), then the lower median. Memory constrained: the smallest batch_size, then the smallest
 *       max_concurrency, then use_process=false, then the lower median. I/O-bound: the highest
 *       max_concurrency, then the lower median.
 * </ul>
 *
 * <pre>{@code
 * Analysis a = Analysis.of(ResultsJson.read(Path.of("results/results.json")));
 * a.best().ifPresent(b -> System.out.println(b.trial().id() + " " + b.summary().median()));
 * }</pre>
 */
public final class Analysis {
  /** The significance level of the tie and effect tests. */
  public static final double ALPHA = 0.05;

  /** Whether an axis's effect stands out from the noise. */
  public enum Verdict {
    /** The worst level is significantly slower than the best, by more than the noise floor. */
    REAL,
    /** Not shown to differ by more than the noise. */
    NOISE
  }

  /** Which test of significance an axis's verdict rests on. */
  public enum SignificanceTest {
    /** Two or more matched pairs: the paired 95% t-interval of the relative differences excludes zero. */
    PAIRED_INTERVAL,
    /** One matched pair: Welch's test on the two points' warm samples, p below {@value Analysis#ALPHA}. */
    WELCH,
    /** No matched pair: the two levels' 95% intervals across points do not overlap. */
    LEVEL_INTERVALS,
    /** No test could be made (single samples, single-point levels). */
    NONE
  }

  /**
   * A measured point in the ranking by median warm time.
   *
   * @param rank 1 for the best
   */
  public record RankedPoint(int rank, Trial trial, Summary summary, boolean tiedWithBest) {}

  /**
   * One value of an axis, over the measured points at that value.
   *
   * @param points measured points at this value
   * @param mean mean of their median warm times, seconds
   * @param ciLow 95% interval of that mean across the points; equals mean for a single point
   * @param speedupVsWorst the worst level's mean divided by this level's
   */
  public record Level(Object value, int points, double mean, double ciLow, double ciHigh, double speedupVsWorst) {
    /** Half the width of the interval. */
    public double halfWidth() {
      return (ciHigh - ciLow) / 2;
    }
  }

  /**
   * The marginal effect of one axis.
   *
   * @param levels in the axis's declared order; values without measured points are left out
   * @param best the level with the lowest mean
   * @param worst the level with the highest mean
   * @param difference worst mean minus best mean, seconds
   * @param pairs matched points compared (same values on every other axis)
   * @param relativeEffect how much slower the worst level is than the best, as a fraction: the mean
   *     relative difference over the matched pairs, or the relative difference of the level means
   *     when there is no pair
   * @param relativeMargin the half-width of the 95% interval of {@code relativeEffect} (paired
   *     t-interval for two or more pairs, the sum of the level intervals' half-widths over the best
   *     mean for none); 0 when it cannot be computed
   * @param test the significance test that could be made
   * @param significant whether that test found the difference significant; false for {@link
   *     SignificanceTest#NONE}
   * @param noiseFloor the noise floor it was compared to, 0 when unknown
   */
  public record AxisEffect(
      String axis, List<Level> levels, Level best, Level worst, double difference, int pairs, double relativeEffect,
      double relativeMargin, SignificanceTest test, boolean significant, double noiseFloor, Verdict verdict) {
    public AxisEffect {
      levels = List.copyOf(levels);
    }

    /** The worst level's mean divided by the best's. */
    public double speedup() {
      return best.mean() > 0 ? worst.mean() / best.mean() : 1.0;
    }
  }

  /**
   * Mean median warm time per cell of batch_size (rows) by max_concurrency (columns).
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

  /** One cell of an {@link Interaction}: the mean of the medians of its measured points. */
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
   * The spread of the measured points' medians.
   *
   * @param std sample standard deviation of the medians, 0 for one point
   * @param rangePercent range as a percentage of the best
   * @param cvAcrossPoints std / mean of the medians
   */
  public record Spread(
      double best, double worst, double mean, double std, double range, double rangePercent, double cvAcrossPoints) {}

  private final Results results;
  private final List<RankedPoint> ranking;
  private final OptionalDouble noiseFloorCv;
  private final List<AxisEffect> effects;
  private final List<Interaction> interactions;
  private final List<Recommendation> recommendations;

  private Analysis(Results results) {
    this.results = results;
    this.noiseFloorCv = noiseFloor(results);
    this.ranking = rank(results);
    this.effects = computeEffects();
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

  /** The measured points by median warm time, fastest first (ties broken by mean, then grid order). */
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

  /** The worst median divided by the best; empty without measured points or with a zero best. */
  public OptionalDouble speedup() {
    if (ranking.isEmpty() || best().get().summary().median() <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(worst().get().summary().median() / best().get().summary().median());
  }

  /** The measured points statistically tied with the best, the best first, in rank order. */
  public List<RankedPoint> tiedWithBest() {
    return ranking.stream().filter(RankedPoint::tiedWithBest).toList();
  }

  /**
   * The noise floor: the median within-point coefficient of variation over measured points with at
   * least two samples; empty when there are none.
   */
  public OptionalDouble noiseFloorCv() {
    return noiseFloorCv;
  }

  /** The effect of each axis with more than one value that has at least two measured levels, in axis order. */
  public List<AxisEffect> effects() {
    return effects;
  }

  /** The effect of one axis, if computed. */
  public Optional<AxisEffect> effect(String axis) {
    return effects.stream().filter(e -> e.axis().equals(axis)).findFirst();
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

  /** The spread of the measured medians; empty without measured points. */
  public Optional<Spread> spread() {
    if (ranking.isEmpty()) {
      return Optional.empty();
    }
    double[] medians = medians(ranking);
    double best = medians[0];
    double worst = medians[medians.length - 1];
    double mean = java.util.Arrays.stream(medians).average().orElseThrow();
    double std = Statistics.std(medians);
    double range = worst - best;
    return Optional.of(new Spread(best, worst, mean, std, range, best > 0 ? 100 * range / best : 0.0,
        mean > 0 ? std / mean : 0.0));
  }

  /** Trials that carry flags, in completion order. */
  public List<Trial> flagged() {
    return results.trials().stream().filter(t -> !t.flags().isEmpty()).toList();
  }

  /** Trials that failed or timed out, in completion order. */
  public List<Trial> failures() {
    return results.trials().stream().filter(t -> t.status() != Status.OK).toList();
  }

  /** One recommendation per {@link Recommendation.UseCase}, in that order; empty without measured points. */
  public List<Recommendation> recommendations() {
    return recommendations;
  }

  /** The recommendation for one use case, when there are measured points. */
  public Optional<Recommendation> recommendation(Recommendation.UseCase useCase) {
    return recommendations.stream().filter(r -> r.useCase() == useCase).findFirst();
  }

  // ---- computation

  private static OptionalDouble noiseFloor(Results results) {
    double[] cvs = results.trials().stream()
        .filter(t -> t.status() == Status.OK)
        .flatMap(t -> t.summary().stream())
        .filter(Summary::hasSpread)
        .mapToDouble(Summary::cv)
        .toArray();
    return cvs.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(Statistics.median(cvs));
  }

  private static List<RankedPoint> rank(Results results) {
    Map<String, Integer> gridOrder = new HashMap<>();
    List<Map<String, Object>> points = results.grid().allPoints();
    for (int i = 0; i < points.size(); i++) {
      gridOrder.put(Trial.idOf(points.get(i)), i);
    }
    List<Trial> measured = new ArrayList<>(results.trials().stream()
        .filter(t -> t.status() == Status.OK && t.summary().isPresent())
        .toList());
    measured.sort(Comparator.<Trial>comparingDouble(t -> t.summary().get().median())
        .thenComparingDouble(t -> t.summary().get().mean())
        .thenComparingInt(t -> gridOrder.getOrDefault(t.id(), Integer.MAX_VALUE)));
    List<RankedPoint> ranked = new ArrayList<>();
    Trial best = measured.isEmpty() ? null : measured.get(0);
    for (int i = 0; i < measured.size(); i++) {
      Trial t = measured.get(i);
      boolean tied = i == 0 || tied(best, t);
      ranked.add(new RankedPoint(i + 1, t, t.summary().get(), tied));
    }
    return List.copyOf(ranked);
  }

  private static boolean tied(Trial best, Trial other) {
    OptionalDouble p = Statistics.welchPValue(best.warmSeconds(), other.warmSeconds());
    if (p.isPresent()) {
      return p.getAsDouble() > ALPHA;
    }
    Summary a = best.summary().get();
    Summary b = other.summary().get();
    return a.ciLow() <= b.ciHigh() && b.ciLow() <= a.ciHigh();
  }

  private List<AxisEffect> computeEffects() {
    List<AxisEffect> out = new ArrayList<>();
    for (Map.Entry<String, List<Object>> axis : results.grid().axes().entrySet()) {
      if (axis.getValue().size() < 2) {
        continue;
      }
      List<double[]> stats = new ArrayList<>();
      List<Object> values = new ArrayList<>();
      List<Integer> counts = new ArrayList<>();
      for (Object value : axis.getValue()) {
        double[] medians = medians(ranking.stream()
            .filter(r -> value.equals(r.trial().params().get(axis.getKey()))).toList());
        if (medians.length > 0) {
          values.add(value);
          counts.add(medians.length);
          stats.add(Statistics.meanInterval(medians));
        }
      }
      if (values.size() < 2) {
        continue;
      }
      double worstMean = stats.stream().mapToDouble(s -> s[0]).max().orElseThrow();
      List<Level> levels = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        double[] s = stats.get(i);
        levels.add(new Level(values.get(i), counts.get(i), s[0], s[1], s[2], s[0] > 0 ? worstMean / s[0] : 1.0));
      }
      out.add(verdict(axis.getKey(), levels));
    }
    return List.copyOf(out);
  }

  private AxisEffect verdict(String axis, List<Level> levels) {
    Level best = levels.stream().min(Comparator.comparingDouble(Level::mean)).orElseThrow();
    Level worst = levels.stream().max(Comparator.comparingDouble(Level::mean)).orElseThrow();
    Map<String, RankedPoint> atBest = new LinkedHashMap<>();
    Map<String, RankedPoint> atWorst = new LinkedHashMap<>();
    for (RankedPoint r : ranking) {
      Object v = r.trial().params().get(axis);
      Map<String, Object> rest = new LinkedHashMap<>(r.trial().params());
      rest.remove(axis);
      if (best.value().equals(v)) {
        atBest.put(Trial.idOf(rest), r);
      } else if (worst.value().equals(v)) {
        atWorst.put(Trial.idOf(rest), r);
      }
    }
    List<Double> relative = new ArrayList<>();
    List<RankedPoint[]> pairs = new ArrayList<>();
    for (Map.Entry<String, RankedPoint> e : atBest.entrySet()) {
      RankedPoint w = atWorst.get(e.getKey());
      if (w != null && e.getValue().summary().median() > 0) {
        double b = e.getValue().summary().median();
        relative.add((w.summary().median() - b) / b);
        pairs.add(new RankedPoint[] {e.getValue(), w});
      }
    }
    double effect;
    double margin = 0;
    SignificanceTest test = SignificanceTest.NONE;
    boolean significant = false;
    if (relative.size() >= 2) {
      double[] r = Statistics.toArray(relative);
      double[] interval = Statistics.meanInterval(r);
      effect = interval[0];
      margin = effect - interval[1];
      test = SignificanceTest.PAIRED_INTERVAL;
      significant = interval[1] > 0;
    } else if (relative.size() == 1) {
      effect = relative.get(0);
      OptionalDouble welch = Statistics.welchPValue(pairs.get(0)[0].trial().warmSeconds(),
          pairs.get(0)[1].trial().warmSeconds());
      if (welch.isPresent()) {
        test = SignificanceTest.WELCH;
        significant = welch.getAsDouble() < ALPHA;
      }
    } else {
      effect = best.mean() > 0 ? (worst.mean() - best.mean()) / best.mean() : 0.0;
      if (best.points() >= 2 || worst.points() >= 2) {
        margin = best.mean() > 0 ? (best.halfWidth() + worst.halfWidth()) / best.mean() : 0.0;
        test = SignificanceTest.LEVEL_INTERVALS;
        significant = effect > margin;
      }
    }
    Boolean aboveNoise = noiseFloorCv.isPresent() ? effect > noiseFloorCv.getAsDouble() : null;
    boolean real = effect > 0
        && (test != SignificanceTest.NONE || aboveNoise != null)
        && (test == SignificanceTest.NONE || significant)
        && (aboveNoise == null || aboveNoise);
    return new AxisEffect(axis, levels, best, worst, worst.mean() - best.mean(), relative.size(), effect, margin,
        test, significant, noiseFloorCv.orElse(0.0), real ? Verdict.REAL : Verdict.NOISE);
  }

  private List<Interaction> computeInteractions() {
    GridInfo grid = results.grid();
    if (!grid.hasAxis(Values.BATCH_SIZE) || !grid.hasAxis(Values.MAX_CONCURRENCY)) {
      return List.of();
    }
    List<Interaction> out = new ArrayList<>();
    out.add(interaction(Map.of()));
    if (grid.values(Values.USE_PROCESS).size() > 1) {
      for (Object v : grid.values(Values.USE_PROCESS)) {
        out.add(interaction(Map.of(Values.USE_PROCESS, v)));
      }
    }
    return List.copyOf(out);
  }

  private Interaction interaction(Map<String, Object> scope) {
    List<Object> rows = results.grid().values(Values.BATCH_SIZE);
    List<Object> columns = results.grid().values(Values.MAX_CONCURRENCY);
    List<Cell> cells = new ArrayList<>();
    for (Object row : rows) {
      for (Object column : columns) {
        double[] medians = medians(ranking.stream()
            .filter(r -> row.equals(r.trial().params().get(Values.BATCH_SIZE))
                && column.equals(r.trial().params().get(Values.MAX_CONCURRENCY))
                && scope.entrySet().stream().allMatch(e -> e.getValue().equals(r.trial().params().get(e.getKey()))))
            .toList());
        if (medians.length > 0) {
          cells.add(new Cell(row, column, medians.length, java.util.Arrays.stream(medians).average().orElseThrow()));
        }
      }
    }
    return new Interaction(scope, Values.BATCH_SIZE, Values.MAX_CONCURRENCY, rows, columns, cells);
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
    RankedPoint general = tied.stream().min(Comparator.comparingDouble(this::distanceFromMiddle)
        .thenComparingInt(RankedPoint::rank)).orElseThrow();
    if (tied.size() == 1) {
      generalReasons.add(tiedText);
    } else {
      generalReasons.add("settings nearest the middle of the tested ranges, " + tiedText);
    }
    out.add(new Recommendation(Recommendation.UseCase.GENERAL, general.trial(), generalReasons, List.of(), cores));

    List<String> memoryCaveats = new ArrayList<>();
    if (!results.grid().hasAxis(Values.BATCH_SIZE)) {
      memoryCaveats.add("the grid has no batch_size axis, so batch memory was not compared");
    }
    RankedPoint memory = tied.stream().min(Comparator.<RankedPoint>comparingDouble(r -> number(r, Values.BATCH_SIZE))
        .thenComparingDouble(r -> number(r, Values.MAX_CONCURRENCY))
        .thenComparing(r -> Boolean.TRUE.equals(r.trial().params().get(Values.USE_PROCESS)))
        .thenComparingInt(RankedPoint::rank)).orElseThrow();
    out.add(new Recommendation(Recommendation.UseCase.MEMORY_CONSTRAINED, memory.trial(),
        List.of(tied.size() == 1 ? tiedText
            : "smallest batch_size, then fewest cores, then one JVM, " + tiedText),
        memoryCaveats, cores));

    List<String> fastCaveats = new ArrayList<>();
    if (tied.size() > 1) {
      fastCaveats.add((tied.size() - 1) + " other point(s) are statistically tied with it: its lead over them is"
          + " within the noise");
    }
    out.add(new Recommendation(Recommendation.UseCase.MAXIMUM_THROUGHPUT, best.trial(),
        List.of("lowest median warm time of the " + ranking.size() + " measured points"), fastCaveats, cores));

    List<String> ioCaveats = new ArrayList<>();
    if (!results.grid().hasAxis(Values.MAX_CONCURRENCY)) {
      ioCaveats.add("the grid has no max_concurrency axis, so concurrency was not compared");
    }
    ioCaveats.add("derived from workload '" + results.grid().workload() + "'; if that workload is CPU-bound, this is"
        + " only indicative: work that waits on I/O gains more from extra concurrency than a CPU-bound run can show");
    RankedPoint io = tied.stream().min(Comparator.<RankedPoint>comparingDouble(r -> -number(r, Values.MAX_CONCURRENCY))
        .thenComparingInt(RankedPoint::rank)).orElseThrow();
    out.add(new Recommendation(Recommendation.UseCase.IO_BOUND, io.trial(),
        List.of(tied.size() == 1 ? tiedText : "highest max_concurrency " + tiedText), ioCaveats, cores));
    return List.copyOf(out);
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

  private static double number(RankedPoint r, String axis) {
    return r.trial().params().get(axis) instanceof Number n ? n.doubleValue() : 0.0;
  }

  private static double[] medians(List<RankedPoint> points) {
    return points.stream().mapToDouble(r -> r.summary().median()).toArray();
  }
}
