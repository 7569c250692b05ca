package io.sparknodes.tuning;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one application of a group runs, as the sweep writes it into the group's points file for its
 * JVM (see {@link ChildProtocol#writeInput}).
 *
 * @param points the ids of the points to run, a subset of the grid's
 * @param repeats measured samples per point in this application
 * @param loops the loops of points measured in an earlier application of the group, which this one
 *     reuses instead of calibrating, so that every sample of a point is alike; empty in a group's
 *     first application
 */
record ChildInput(List<String> points, int repeats, Map<String, Integer> loops) {
  ChildInput {
    points = List.copyOf(points);
    loops = Map.copyOf(Objects.requireNonNull(loops, "loops"));
    if (repeats < 0) {
      throw new IllegalArgumentException("repeats must not be negative but was " + repeats);
    }
  }
}
