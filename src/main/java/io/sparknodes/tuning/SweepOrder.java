package io.sparknodes.tuning;

import io.sparknodes.config.Knobs;
import io.sparknodes.results.Design;
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

  /**
   * How many applications each group runs as: the grid's, at most one per repeat. Under the shared
   * design that is the number of JVMs (passes) each use_process value runs in: two or more estimate
   * the variance between JVMs; an explicit {@code "applications": 1} leaves it unknown. Left to the
   * sweep ({@link Grid#AUTO_APPLICATIONS}), it is {@link #autoApplications}.
   */
  static int applications(Grid grid) {
    int asked = grid.applications() == Grid.AUTO_APPLICATIONS ? autoApplications(grid) : grid.applications();
    return Math.min(asked, grid.repeats());
  }

  /** The fewest degrees of freedom {@link #autoApplications} gives a comparison inside a JVM. */
  static final int MIN_WITHIN_JVM_DF = 3;

  /**
   * The applications a grid runs as when it leaves them to the sweep: two, but under the shared
   * design enough passes that a comparison between the groups of one JVM, judged against the
   * group-by-JVM interaction with (G-1)(J-1) degrees of freedom for G groups in J JVMs, gets at least
   * {@link #MIN_WITHIN_JVM_DF} in every JVM of two groups or more (at most 10). The seed grid's JVMs
   * hold four groups each: two passes give 3. A grid of two groups a JVM needs four: with two, its
   * one degree of freedom left max_concurrency 1.85x faster UNRESOLVED (0.83x-4.13x) on the waiting
   * known answer, which the isolated design (a JVM per group and pass) had called REAL.
   */
  static int autoApplications(Grid grid) {
    if (grid.design() != Design.SHARED) {
      return Grid.DEFAULT_APPLICATIONS;
    }
    int fewest = jvmSets(grid.groups()).stream().mapToInt(List::size).filter(g -> g >= 2).min().orElse(0);
    if (fewest < 2) {
      return Grid.DEFAULT_APPLICATIONS;
    }
    int passes = 1 + (MIN_WITHIN_JVM_DF + fewest - 2) / (fewest - 1);
    return Math.min(10, Math.max(Grid.DEFAULT_APPLICATIONS, passes));
  }

  /**
   * The groups that share a JVM under the shared design: the indexes of {@code groups} by their
   * use_process value, the values in the order their first group comes, each value's groups in
   * declared order. A grid without use_process shares one JVM among all its groups.
   */
  static List<List<Integer>> jvmSets(List<List<Point>> groups) {
    Map<Object, List<Integer>> byValue = new java.util.LinkedHashMap<>();
    for (int g = 0; g < groups.size(); g++) {
      Object value = groups.get(g).get(0).params().get(Knobs.USE_PROCESS);
      byValue.computeIfAbsent(value == null ? "" : value, k -> new ArrayList<>()).add(g);
    }
    return List.copyOf(byValue.values());
  }

  /**
   * The order of {@code n} groups in one JVM in pass {@code pass} (a row of a Williams-like square):
   * declared order in pass 0, reversed in pass 1, then the same two rotated by one place per pair
   * of passes, so that over the passes every group runs early and late alike and a JVM's drift
   * cannot favour one; with two passes a linear drift cancels from every group's mean.
   */
  static List<Integer> sharedOrder(int n, int pass) {
    int shift = (pass / 2) % Math.max(1, n);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add((i + shift) % n);
    }
    if (pass % 2 == 1) {
      java.util.Collections.reverse(order);
    }
    return order;
  }

  /** The index of the set of {@code sets} ({@link #jvmSets}, or one set a group) that holds {@code group}. */
  static java.util.Optional<Integer> setOf(List<List<Integer>> sets, int group) {
    for (int s = 0; s < sets.size(); s++) {
      if (sets.get(s).contains(group)) {
        return java.util.Optional.of(s);
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * Whether these groups, in this order, can share one application that sheds executors from group
   * to group ({@link SparkBackend#shrinking}): two or more groups of executor JVMs ({@code
   * use_process=true}) on a master whose backend can kill executors (embedded local-cluster, or a
   * standalone {@code spark://} one), that differ only in max_concurrency, largest first.
   */
  static boolean shrinks(List<List<Point>> groupsInOrder, java.util.Optional<String> master) {
    if (groupsInOrder.size() < 2 || !master.map(m -> m.startsWith("local-cluster") || m.startsWith("spark://"))
        .orElse(true)) {
      return false;
    }
    java.util.Map<String, Object> shape = null;
    int previous = Integer.MAX_VALUE;
    for (List<Point> group : groupsInOrder) {
      Point p = group.get(0);
      if (!p.effective().useProcess() || p.effective().maxConcurrency() >= previous) {
        return false;
      }
      previous = p.effective().maxConcurrency();
      java.util.Map<String, Object> key = new java.util.LinkedHashMap<>(p.applicationKey());
      key.remove(Knobs.MAX_CONCURRENCY);
      if (shape != null && !shape.equals(key)) {
        return false;
      }
      shape = key;
    }
    return true;
  }

  /**
   * The order of one JVM's groups in a pass under the shared design: {@link #sharedOrder}, except
   * that groups of executor JVMs that can share a shrinking application run largest first in every
   * pass (an application can shed executors and keep the rest warm, but not add warm ones).
   */
  static List<Integer> jvmOrder(List<List<Point>> groups, List<Integer> set, int pass, java.util.Optional<String> master) {
    List<Integer> order = sharedOrder(set.size(), pass).stream().map(set::get).toList();
    List<Integer> largestFirst = new ArrayList<>(set);
    largestFirst.sort(java.util.Comparator.comparingInt((Integer g) -> -groups.get(g).get(0).effective().maxConcurrency()));
    return shrinks(largestFirst.stream().map(groups::get).toList(), master) ? largestFirst : order;
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
