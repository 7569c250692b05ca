package io.sparknodes.tuning;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one application of a group runs, as the sweep writes it into the group's points file for its
 * JVM (see {@link ChildProtocol#writeInput}): the points themselves, typed (each with its engine
 * config, read once from the grid file in the sweep's JVM), and what the child needs of the grid,
 * so that it reads no grid file.
 *
 * @param workload the grid's workload: a built-in name or a class name
 * @param items items per run (the grid's; the user's items, when given, come in their own file)
 * @param warmup the fewest warm-up rounds per point
 * @param seed the seed of the shuffled run order
 * @param minSampleSeconds the shortest a sample may last (0: one map per sample)
 * @param points the points to run, a subset of the grid's: one group's in declared order, or under the
 *     shared design several groups' one group after another, the groups in the order they run
 * @param repeats measured samples per point in this application
 * @param loops the loops of points measured in an earlier application of the group, which this one
 *     reuses instead of calibrating, so that every sample of a point is alike; empty in a group's
 *     first application
 */
record ChildInput(String workload, int items, int warmup, long seed, double minSampleSeconds, List<Point> points,
    int repeats, Map<String, Integer> loops) {
  ChildInput {
    Objects.requireNonNull(workload, "workload");
    points = List.copyOf(points);
    loops = Map.copyOf(Objects.requireNonNull(loops, "loops"));
    if (repeats < 0) {
      throw new IllegalArgumentException("repeats must not be negative but was " + repeats);
    }
  }

  /**
   * The points by group (their application key), the groups in the order their first point comes:
   * each runs in an application of its own, one after another in the child's JVM.
   */
  List<List<Point>> groups() {
    java.util.LinkedHashMap<Object, List<Point>> byGroup = new java.util.LinkedHashMap<>();
    points.forEach(p -> byGroup.computeIfAbsent(p.applicationKey(), k -> new java.util.ArrayList<>()).add(p));
    return List.copyOf(byGroup.values());
  }

  /** The input that runs {@code points} of {@code grid}. */
  static ChildInput of(Grid grid, List<Point> points, int repeats, Map<String, Integer> loops) {
    return new ChildInput(grid.workload(), grid.items(), grid.warmup(), grid.seed(), grid.minSampleSeconds(), points,
        repeats, loops);
  }
}
