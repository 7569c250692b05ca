package io.sparknodes.results.analysis;

import io.sparknodes.results.Summary;
import io.sparknodes.results.Trial;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The records an {@link Analysis} answers with: the ranking, the effects and their verdicts, the
 * interaction tables, the noise split, the time-memory front and the diagnostics. {@link Analysis}
 * implements this interface, which has nothing else, so that the records keep the names callers
 * know them by ({@code Analysis.RankedPoint}, {@code Analysis.Verdict}); import them from here.
 */
public interface AnalysisRecords {
  /** What a comparison, or an axis, was shown to be. */
  enum Verdict {
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
  record RankedPoint(int rank, Trial trial, Summary summary, double geometricMean, double ciLow, double ciHigh,
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
  record Level(Object value, int points, double mean, double ciLow, double ciHigh, double speedupVsWorst) {
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
   * @param adjustedP {@code pValue} adjusted by Holm's step-down procedure over every comparison of
   *     the analysis: the verdict is reached exactly when it is at most {@code Analysis.ALPHA}
   * @param verdict after Holm's adjustment over every comparison of the analysis
   */
  record Contrast(Object faster, Object slower, int contexts, double ratio, double ciLow, double ciHigh,
      double df, double pValue, double adjustedP, Verdict verdict) {}

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
  record AxisEffect(String axis, Map<String, Object> scope, List<Level> levels, Level best, Level worst,
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
  record Unstable(Trial trial, List<String> reasons) {
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
  record Interaction(
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
  record Cell(Object row, Object column, int points, double mean) {}

  /**
   * How the recorded trials ended.
   *
   * @param gridPoints points in the grid
   * @param recorded points with a trial
   * @param measured OK points with warm samples: those analysed
   * @param notRun grid points without a trial
   */
  record Counts(int gridPoints, int recorded, int ok, int failed, int timeouts, int measured, int notRun) {}

  /**
   * The spread of the measured points' geometric means.
   *
   * @param std sample standard deviation of the geometric means, 0 for one point
   * @param rangePercent range as a percentage of the best
   * @param cvAcrossPoints std / mean of the geometric means
   */
  record Spread(
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
  record Noise(double withinSd, double withinDf, double applicationSd, double applicationDf,
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

  /**
   * A measured point on the time-memory plane.
   *
   * @param point the point, ranked by time
   * @param retainedHeapBytes its retained heap (the largest over its JVMs)
   * @param onFront true when no other point is both as fast and as small, and better in one
   */
  record MemoryPoint(RankedPoint point, long retainedHeapBytes, boolean onFront) {}
}
