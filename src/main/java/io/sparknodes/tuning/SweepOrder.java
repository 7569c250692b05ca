package io.sparknodes.tuning;

import io.sparknodes.results.analysis.Analysis;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order of a {@link Sweep}'s work: how many applications each group runs as, the balanced
 * passes over the groups (A B C ... C B A) and the repeats each application measures, then the
 * order in which racing visits the groups.
 */
final class SweepOrder {
  private SweepOrder() {}

  /** How many applications each group runs as: the grid's, at most one per repeat. */
  static int applications(Grid grid) {
    return Math.min(grid.applications(), grid.repeats());
  }

  /**
   * The order of the groups in one pass: declared order in even passes, reversed in odd ones, so
   * that the applications run balanced (A B C ... C B A) and slow drift weighs on every group alike.
   */
  static List<Integer> balancedOrder(int groups, int pass) {
    List<Integer> order = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      order.add(pass % 2 == 0 ? g : groups - 1 - g);
    }
    return order;
  }

  /** The measured repeats of one application: the grid's repeats shared out, the first ones getting the rest. */
  static int repeatsOf(Grid grid, int pass) {
    int apps = applications(grid);
    return grid.repeats() / apps + (pass < grid.repeats() % apps ? 1 : 0);
  }

  /**
   * The groups in the order racing visits them: the group of the best-ranked point first, as ASHA
   * promotes the most promising first, so that a budget that runs out leaves the least promising
   * groups unraced; groups without a measured point last, in declared order.
   */
  static List<Integer> rankedOrder(List<List<Point>> groups, Analysis analysis) {
    Map<String, Integer> rank = new HashMap<>();
    analysis.ranking().forEach(r -> rank.put(r.trial().id(), r.rank()));
    List<Integer> order = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      order.add(g);
    }
    order.sort(Comparator.comparingInt((Integer g) -> groups.get(g).stream()
        .mapToInt(p -> rank.getOrDefault(p.id(), Integer.MAX_VALUE)).min().orElse(Integer.MAX_VALUE))
        .thenComparingInt(g -> g));
    return order;
  }
}
