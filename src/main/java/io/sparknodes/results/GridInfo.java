package io.sparknodes.results;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The grid a sweep measured: its workload and sizes, and its axes in declared order. The points are
 * the outer product of the axes, the first axis varying slowest.
 *
 * @param items items per run of the workload
 * @param warmup warm-up runs per point, not recorded
 * @param repeats recorded warm runs per point
 * @param timeLimitSeconds the time one point may take before it is recorded as a timeout
 * @param axes axis name to values, in declared order; names are {@code use_process}, {@code
 *     max_concurrency}, {@code batch_size} or {@code spark.*} keys; values are Boolean, Integer,
 *     Long, Double or String (integral numbers are kept as Integer when they fit)
 * @param negligibleEffect the margin of the verdicts: an effect whose ratio lies within {@code 1 ±
 *     negligibleEffect} is negligible (grid key {@code negligible_effect})
 * @param minSampleSeconds the shortest a sample may last: warm-up calibrates back-to-back maps per
 *     sample to reach it (grid key {@code min_sample_seconds}); 0 when samples were single maps
 * @param maxRepeats the most samples racing takes of a point, balanced ones included (grid key
 *     {@code max_repeats}); {@code repeats} when racing was off
 * @param budgetSeconds the wall time racing may spend after the balanced samples (grid key {@code
 *     budget_seconds}); 0 when racing was off
 * @param input the user's data the workload ran over instead of its own items, if any (recorded
 *     since schema version 5)
 * @param design how the sweep spent its JVMs (grid key {@code design}); isolated when not recorded
 */
public record GridInfo(
    String name,
    String workload,
    int items,
    int warmup,
    int repeats,
    double timeLimitSeconds,
    long seed,
    Map<String, List<Object>> axes,
    double negligibleEffect,
    double minSampleSeconds,
    int maxRepeats,
    double budgetSeconds,
    Optional<InputInfo> input,
    Design design) {

  /** A grid over {@code input} run under the isolated design (results before the design key). */
  public GridInfo(String name, String workload, int items, int warmup, int repeats, double timeLimitSeconds, long seed,
      Map<String, List<Object>> axes, double negligibleEffect, double minSampleSeconds, int maxRepeats,
      double budgetSeconds, Optional<InputInfo> input) {
    this(name, workload, items, warmup, repeats, timeLimitSeconds, seed, axes, negligibleEffect, minSampleSeconds,
        maxRepeats, budgetSeconds, input, Design.ISOLATED);
  }

  /** This grid run under {@code design}. */
  public GridInfo withDesign(Design design) {
    return new GridInfo(name, workload, items, warmup, repeats, timeLimitSeconds, seed, axes, negligibleEffect,
        minSampleSeconds, maxRepeats, budgetSeconds, input, design);
  }

  /** A grid over its workload's own items. */
  public GridInfo(String name, String workload, int items, int warmup, int repeats, double timeLimitSeconds, long seed,
      Map<String, List<Object>> axes, double negligibleEffect, double minSampleSeconds, int maxRepeats,
      double budgetSeconds) {
    this(name, workload, items, warmup, repeats, timeLimitSeconds, seed, axes, negligibleEffect, minSampleSeconds,
        maxRepeats, budgetSeconds, Optional.empty());
  }

  /** This grid over {@code input} (empty: the workload's own items). */
  public GridInfo withInput(Optional<InputInfo> input) {
    return new GridInfo(name, workload, items, warmup, repeats, timeLimitSeconds, seed, axes, negligibleEffect,
        minSampleSeconds, maxRepeats, budgetSeconds, input, design);
  }

  /** The default {@link #negligibleEffect()}: 5%. */
  public static final double DEFAULT_NEGLIGIBLE_EFFECT = 0.05;

  /** A grid as schema version 1 recorded it: the default margin, samples of one map each. */
  public GridInfo(String name, String workload, int items, int warmup, int repeats, double timeLimitSeconds, long seed,
      Map<String, List<Object>> axes) {
    this(name, workload, items, warmup, repeats, timeLimitSeconds, seed, axes, DEFAULT_NEGLIGIBLE_EFFECT, 0.0);
  }

  /** A grid as schema version 2 recorded it: no racing. */
  public GridInfo(String name, String workload, int items, int warmup, int repeats, double timeLimitSeconds, long seed,
      Map<String, List<Object>> axes, double negligibleEffect, double minSampleSeconds) {
    this(name, workload, items, warmup, repeats, timeLimitSeconds, seed, axes, negligibleEffect, minSampleSeconds,
        repeats, 0.0);
  }

  /** Whether the sweep raced contenders after the balanced samples. */
  public boolean racing() {
    return budgetSeconds > 0 && maxRepeats > repeats;
  }

  public GridInfo {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(design, "design");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(axes, "axes");
    if (name.isBlank()) {
      throw new IllegalArgumentException("grid name must not be blank");
    }
    if (workload.isBlank()) {
      throw new IllegalArgumentException("workload must not be blank");
    }
    if (items <= 0) {
      throw new IllegalArgumentException("items must be positive but was " + items);
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("warmup must not be negative but was " + warmup);
    }
    if (repeats <= 0) {
      throw new IllegalArgumentException("repeats must be positive but was " + repeats);
    }
    if (!(timeLimitSeconds > 0) || !Double.isFinite(timeLimitSeconds)) {
      throw new IllegalArgumentException("timeLimitSeconds must be positive and finite but was " + timeLimitSeconds);
    }
    if (!(negligibleEffect > 0) || !(negligibleEffect < 1)) {
      throw new IllegalArgumentException("negligibleEffect must be between 0 and 1 (exclusive) but was "
          + negligibleEffect);
    }
    if (!(minSampleSeconds >= 0) || !Double.isFinite(minSampleSeconds)) {
      throw new IllegalArgumentException("minSampleSeconds must be finite and not negative but was " + minSampleSeconds);
    }
    if (maxRepeats < repeats) {
      throw new IllegalArgumentException("maxRepeats must be at least repeats (" + repeats + ") but was " + maxRepeats);
    }
    if (!(budgetSeconds >= 0) || !Double.isFinite(budgetSeconds)) {
      throw new IllegalArgumentException("budgetSeconds must be finite and not negative but was " + budgetSeconds);
    }
    axes = canonicalAxes(axes);
    long total = 1;
    for (List<Object> values : axes.values()) {
      total *= values.size();
      if (total > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("the grid has more than " + Integer.MAX_VALUE + " points");
      }
    }
  }

  /**
   * {@code axes} in their canonical form, the one place axis values are made canonical (the
   * tuning's grid keeps its axes in it too): each value as {@link Values#normalize} makes it, of
   * the type its axis needs, none listed twice; names and values in declared order, unmodifiable.
   *
   * @throws IllegalArgumentException naming the axis and the value that is wrong
   */
  public static Map<String, List<Object>> canonicalAxes(Map<String, ? extends List<?>> axes) {
    Map<String, List<Object>> copy = new LinkedHashMap<>();
    for (Map.Entry<String, ? extends List<?>> e : axes.entrySet()) {
      String axis = Objects.requireNonNull(e.getKey(), "an axis name is null");
      List<?> values = Objects.requireNonNull(e.getValue(), "values of axis " + axis);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("axis " + axis + " has no values");
      }
      List<Object> normalized = new ArrayList<>(values.size());
      for (Object v : values) {
        Object n = Values.normalize(axis, v);
        Values.checkAxisValue(axis, n);
        if (normalized.contains(n)) {
          throw new IllegalArgumentException("axis " + axis + " lists " + Values.quote(n) + " twice");
        }
        normalized.add(n);
      }
      copy.put(axis, Collections.unmodifiableList(normalized));
    }
    return Collections.unmodifiableMap(copy);
  }

  /** The number of points: the product of the axes' sizes (1 for a grid without axes). */
  public int points() {
    int total = 1;
    for (List<Object> values : axes.values()) {
      total *= values.size();
    }
    return total;
  }

  /** The axis names in declared order. */
  public List<String> axisNames() {
    return List.copyOf(axes.keySet());
  }

  /** True when the grid has this axis. */
  public boolean hasAxis(String axis) {
    return axes.containsKey(axis);
  }

  /** The values of an axis in declared order; an empty list when the grid has no such axis. */
  public List<Object> values(String axis) {
    return axes.getOrDefault(axis, List.of());
  }

  /** Every point's params (axis name to value, in axis order), first axis varying slowest. */
  public List<Map<String, Object>> allPoints() {
    List<Map<String, Object>> points = new ArrayList<>(points());
    collect(new ArrayList<>(axes.keySet()), 0, new LinkedHashMap<>(), points);
    return Collections.unmodifiableList(points);
  }

  private void collect(List<String> names, int index, LinkedHashMap<String, Object> current,
      List<Map<String, Object>> out) {
    if (index == names.size()) {
      out.add(Collections.unmodifiableMap(new LinkedHashMap<>(current)));
      return;
    }
    String axis = names.get(index);
    for (Object v : axes.get(axis)) {
      current.put(axis, v);
      collect(names, index + 1, current, out);
    }
    current.remove(axis);
  }

  /**
   * Checks that {@code params} names exactly this grid's axes, in order, with listed values.
   *
   * @throws IllegalArgumentException naming the point and what is wrong
   */
  void checkPoint(String id, Map<String, Object> params) {
    if (!List.copyOf(params.keySet()).equals(axisNames())) {
      throw new IllegalArgumentException("trial " + id + " has params " + params.keySet()
          + " but the grid's axes are " + axisNames());
    }
    for (Map.Entry<String, Object> e : params.entrySet()) {
      if (!axes.get(e.getKey()).contains(e.getValue())) {
        throw new IllegalArgumentException("trial " + id + " has " + e.getKey() + "=" + Values.text(e.getValue())
            + ", which axis " + e.getKey() + " does not list " + axes.get(e.getKey()));
      }
    }
  }
}
