package io.sparknodes.tuning;

import io.sparknodes.config.Knobs;
import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.results.Design;
import io.sparknodes.results.GridInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A sweep's definition: axes (any engine knob, any {@code spark.*} setting) and their values, the
 * workload, the items, warm-up and repeat counts, a time limit per run, and the seed of the run
 * order. The points are the outer product of the axes, in declared order (the first axis
 * outermost). Its file format, JSON such as this, is {@link GridFile}'s:
 *
 * <pre>{@code
 * {
 *   "name": "seed", "workload": "text-normalize", "items": 10000,
 *   "warmup": 2, "repeats": 5, "time_limit_seconds": 120, "seed": 42,
 *   "min_sample_seconds": 0.2, "negligible_effect": 0.05, "max_repeats": 10, "budget_seconds": 60,
 *   "axes": { "use_process": [false, true], "max_concurrency": [1, 2, 4, 8], "batch_size": [128, 512] },
 *   "fixed": { "spark.sql.shuffle.partitions": 4 }
 * }
 * }</pre>
 *
 * @param name the grid's name
 * @param workload a built-in workload name or a workload class name
 * @param items items per run
 * @param warmup the fewest warm-up rounds per point, not measured; a group's application warms up on
 *     while its rounds still get faster (see {@code GroupRunner.stillWarming}), up to 12 rounds
 * @param repeats measured runs per point
 * @param timeLimitSeconds the longest one run may take before it is stopped as a timeout
 * @param seed the seed of the shuffled run order
 * @param axes each axis and its values, in declared order
 * @param fixed settings applied to every point (overridden by the axes)
 * @param minSampleSeconds the shortest a sample may last: warm-up finds how many back-to-back maps
 *     (loops) make one sample last at least this long, as pyperf calibrates loops; 0 for one map
 * @param negligibleEffect the margin of the verdicts, a fraction: an effect whose ratio lies within
 *     {@code 1 ± negligibleEffect} is negligible
 * @param applications how many Spark applications each group runs as, in a balanced order (A B C
 *     ... C B A), sharing the repeats, so that knobs that need a new application are judged against
 *     the variance between applications; 1 runs each group once; {@link #AUTO_APPLICATIONS} leaves it to
 *     the sweep
 * @param maxRepeats the most samples a point may get: after the balanced {@code repeats}, racing
 *     samples only the contenders (the points tied with the best) up to this many
 * @param budgetSeconds the wall time racing may spend after the balanced samples; 0 turns racing off
 * @param design how the sweep spends JVMs (grid key {@code design}): {@code shared}, the grid file's
 *     default, runs each use_process value's groups one after another in one warm JVM per pass;
 *     {@code isolated} gives every group replicate a fresh JVM (the constructors without it)
 */
public record Grid(String name, String workload, int items, int warmup, int repeats, double timeLimitSeconds,
    long seed, Map<String, List<Object>> axes, ExecutionConfig fixed, double minSampleSeconds,
    double negligibleEffect, int applications, int maxRepeats, double budgetSeconds, Design design) {

  /** A grid under the isolated design (one fresh JVM per group replicate). */
  public Grid(String name, String workload, int items, int warmup, int repeats, double timeLimitSeconds,
      long seed, Map<String, List<Object>> axes, ExecutionConfig fixed, double minSampleSeconds,
      double negligibleEffect, int applications, int maxRepeats, double budgetSeconds) {
    this(name, workload, items, warmup, repeats, timeLimitSeconds, seed, axes, fixed, minSampleSeconds,
        negligibleEffect, applications, maxRepeats, budgetSeconds, Design.ISOLATED);
  }

  /** This grid under {@code design}. */
  public Grid withDesign(Design design) {
    return new Grid(name, workload, items, warmup, repeats, timeLimitSeconds, seed, axes, fixed, minSampleSeconds,
        negligibleEffect, applications, maxRepeats, budgetSeconds, design);
  }

  /**
   * The grid file's default {@link #design()}: shared (a JVM per use_process value and pass, warmed
   * once), under which the known answers pass too ({@code mvn -B test -P known-answers-shared});
   * {@code "design": "isolated"} (or {@code --design isolated}) keeps one fresh JVM per group and pass.
   */
  public static final Design DEFAULT_DESIGN = Design.SHARED;

  /** The keys a grid file may hold. */
  public static final List<String> KEYS = List.of("name", "workload", "items", "warmup", "repeats",
      "time_limit_seconds", "seed", "axes", "fixed", "min_sample_seconds", "negligible_effect", "applications",
      "max_repeats", "budget_seconds", "design");
  /** The default {@link #warmup()}. */
  public static final int DEFAULT_WARMUP = 2;
  /** The default {@link #repeats()}. */
  public static final int DEFAULT_REPEATS = 5;
  /** The default {@link #timeLimitSeconds()}. */
  public static final double DEFAULT_TIME_LIMIT_SECONDS = 300.0;
  /** The default {@link #seed()}. */
  public static final long DEFAULT_SEED = 42L;
  /** The default {@link #maxRepeats()} is this many times the repeats. */
  public static final int DEFAULT_MAX_REPEATS_FACTOR = 2;
  /** The default {@link #budgetSeconds()}. */
  public static final double DEFAULT_BUDGET_SECONDS = 60;
  /** The longest racing budget a grid may ask for: a day. */
  public static final double MAX_BUDGET_SECONDS = 86_400;
  /** The default {@link #applications()} of a grid built in Java, and of a grid file under the isolated design. */
  public static final int DEFAULT_APPLICATIONS = 2;
  /**
   * {@link #applications()} left to the sweep (a grid file without the key, or {@code "auto"}): see
   * {@code SweepOrder.applications}.
   */
  public static final int AUTO_APPLICATIONS = 0;
  /** The default {@link #minSampleSeconds()}. */
  public static final double DEFAULT_MIN_SAMPLE_SECONDS = 0.2;
  /** The default {@link #negligibleEffect()}. */
  public static final double DEFAULT_NEGLIGIBLE_EFFECT = GridInfo.DEFAULT_NEGLIGIBLE_EFFECT;

  /** A grid with the default minimum sample time and margin. */
  public Grid(String name, String workload, int items, int warmup, int repeats, double timeLimitSeconds, long seed,
      Map<String, List<Object>> axes, ExecutionConfig fixed) {
    this(name, workload, items, warmup, repeats, timeLimitSeconds, seed, axes, fixed, DEFAULT_MIN_SAMPLE_SECONDS,
        DEFAULT_NEGLIGIBLE_EFFECT, DEFAULT_APPLICATIONS);
  }

  /** A grid with the default racing: up to twice the repeats, within the default budget. */
  public Grid(String name, String workload, int items, int warmup, int repeats, double timeLimitSeconds, long seed,
      Map<String, List<Object>> axes, ExecutionConfig fixed, double minSampleSeconds, double negligibleEffect,
      int applications) {
    this(name, workload, items, warmup, repeats, timeLimitSeconds, seed, axes, fixed, minSampleSeconds,
        negligibleEffect, applications, Math.min(1000, DEFAULT_MAX_REPEATS_FACTOR * repeats), DEFAULT_BUDGET_SECONDS);
  }

  /** This grid with other racing settings. */
  public Grid withRacing(int maxRepeats, double budgetSeconds) {
    return new Grid(name, workload, items, warmup, repeats, timeLimitSeconds, seed, axes, fixed, minSampleSeconds,
        negligibleEffect, applications, maxRepeats, budgetSeconds, design);
  }

  /** Whether contenders are raced after the balanced samples. */
  public boolean racing() {
    return budgetSeconds > 0 && maxRepeats > repeats;
  }

  /** This grid over {@code items} items per run. */
  public Grid withItems(int items) {
    return new Grid(name, workload, items, warmup, repeats, timeLimitSeconds, seed, axes, fixed, minSampleSeconds,
        negligibleEffect, applications, maxRepeats, budgetSeconds, design);
  }

  /** This grid with another workload. */
  public Grid withWorkload(String workload) {
    return new Grid(name, workload, items, warmup, repeats, timeLimitSeconds, seed, axes, fixed, minSampleSeconds,
        negligibleEffect, applications, maxRepeats, budgetSeconds, design);
  }
  /** The most items a grid may ask for per run. */
  public static final int MAX_ITEMS = 100_000_000;

  private static final String MASTER = "spark.master";
  private static final String WHY_NO_MASTER = "each group's master follows from use_process and max_concurrency"
      + " (give an external cluster with --master)";

  public Grid {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(fixed, "fixed");
    Objects.requireNonNull(design, "design");
    if (items < 1 || items > MAX_ITEMS) {
      throw new IllegalArgumentException("items must be between 1 and " + MAX_ITEMS + " but was " + items);
    }
    if (warmup < 0 || warmup > 1000) {
      throw new IllegalArgumentException("warmup must be between 0 and 1000 but was " + warmup);
    }
    if (repeats < 1 || repeats > 1000) {
      throw new IllegalArgumentException("repeats must be between 1 and 1000 but was " + repeats);
    }
    if (!(timeLimitSeconds > 0) || Double.isInfinite(timeLimitSeconds)) {
      throw new IllegalArgumentException("time_limit_seconds must be positive but was " + timeLimitSeconds);
    }
    if (!(minSampleSeconds >= 0) || minSampleSeconds > 60) {
      throw new IllegalArgumentException("min_sample_seconds must be between 0 and 60 but was " + minSampleSeconds);
    }
    if (applications != AUTO_APPLICATIONS && (applications < 1 || applications > 10)) {
      throw new IllegalArgumentException("applications must be between 1 and 10 (or \"auto\") but was " + applications);
    }
    if (maxRepeats < repeats || maxRepeats > 1000) {
      throw new IllegalArgumentException("max_repeats must be between repeats (" + repeats + ") and 1000 but was "
          + maxRepeats);
    }
    if (!(budgetSeconds >= 0) || budgetSeconds > MAX_BUDGET_SECONDS) {
      throw new IllegalArgumentException("budget_seconds must be between 0 and " + (long) MAX_BUDGET_SECONDS
          + " but was " + budgetSeconds);
    }
    if (!(negligibleEffect > 0) || !(negligibleEffect < 1)) {
      throw new IllegalArgumentException("negligible_effect must be above 0 and below 1 but was " + negligibleEffect);
    }
    if (fixed.spark().containsKey(MASTER)) {
      throw new IllegalArgumentException("fixed: " + MASTER + " cannot be set in a grid: " + WHY_NO_MASTER);
    }
    Map<String, List<Object>> copy = new LinkedHashMap<>();
    for (Map.Entry<String, List<Object>> axis : axes.entrySet()) {
      String key = axis.getKey();
      if (key.equals(MASTER)) {
        throw new IllegalArgumentException("axes: " + MASTER + " cannot be an axis: " + WHY_NO_MASTER);
      }
      List<Object> values = axis.getValue();
      if (values.isEmpty()) {
        throw new IllegalArgumentException("axis '" + key + "' is empty");
      }
      // An engine knob's values are kept as the knob reads them (8 for "8" or 8.0, "auto" for
      // "AUTO"), so that two spellings of one setting are one value; a spark.* value is kept as
      // written, and repeats one that reads as the same text.
      List<Object> kept = new ArrayList<>();
      Set<Object> seen = new HashSet<>();
      for (int i = 0; i < values.size(); i++) {
        Object read;
        try {
          read = ExecutionConfig.fromMap(Collections.singletonMap(key, values.get(i))).toMap().get(key);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("axes." + key + "[" + i + "]: " + e.getMessage(), e);
        }
        if (!seen.add(read)) {
          throw new IllegalArgumentException("axis '" + key + "' repeats a value: " + values);
        }
        kept.add(Knobs.isSparkSetting(key) ? values.get(i) : read);
      }
      copy.put(key, kept);
    }
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("a grid needs at least one axis");
    }
    // In the form the results record: the one place axis values are made canonical.
    axes = GridInfo.canonicalAxes(copy);
  }

  /**
   * Reads a grid file (see {@link GridFile}).
   *
   * @throws IllegalArgumentException naming the file and the key or value that is wrong
   */
  public static Grid read(Path file) {
    return GridFile.read(file);
  }

  /** Parses a grid from JSON text (see {@link GridFile}). */
  public static Grid parse(String json) {
    return GridFile.parse(json);
  }

  /** Every point, in declared order: the first axis outermost. */
  public List<Point> points() {
    List<Point> points = new ArrayList<>();
    List<String> names = List.copyOf(axes.keySet());
    int[] idx = new int[names.size()];
    int total = axes.values().stream().mapToInt(List::size).reduce(1, Math::multiplyExact);
    for (int p = 0; p < total; p++) {
      Map<String, Object> params = new LinkedHashMap<>();
      for (int a = 0; a < names.size(); a++) {
        params.put(names.get(a), axes.get(names.get(a)).get(idx[a]));
      }
      points.add(new Point(p, params, ExecutionConfig.fromMap(params).overriding(fixed)));
      for (int a = names.size() - 1; a >= 0; a--) {
        if (++idx[a] < axes.get(names.get(a)).size()) {
          break;
        }
        idx[a] = 0;
      }
    }
    return points;
  }

  /**
   * The points grouped by what needs its own Spark application: every setting except batch_size
   * and runtime {@code spark.sql.*} settings. Groups and their points keep declared order.
   */
  public List<List<Point>> groups() {
    Map<Map<String, Object>, List<Point>> groups = new LinkedHashMap<>();
    for (Point p : points()) {
      groups.computeIfAbsent(p.applicationKey(), k -> new ArrayList<>()).add(p);
    }
    return List.copyOf(groups.values());
  }

  /** This grid as grid-file JSON, which {@link #parse} reads back to an equal grid. */
  public String toJson() {
    return GridFile.toJson(this);
  }

  /** The grid as the results record it. */
  public GridInfo info() {
    return new GridInfo(name, workload, items, warmup, repeats, timeLimitSeconds, seed, axes,
        negligibleEffect, minSampleSeconds, maxRepeats, budgetSeconds).withDesign(design);
  }

  /** The axis names. */
  public Set<String> axisNames() {
    return axes.keySet();
  }
}
