package io.sparknodes.tuning;

import io.sparknodes.config.Knobs;
import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.AnalysisRecords.RankedPoint;
import io.sparknodes.results.analysis.AnalysisRecords.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Replication where it pays, under the shared design: after the first pass, which groups a further
 * application (in a further JVM) is worth. The JVM that holds the best point is replicated whole:
 * its groups, each a few seconds in a warm JVM, give the model its estimate of what varies between
 * JVMs and between a JVM's groups, which every other comparison borrows. In the other JVMs, only the
 * groups that hold a point tied with the best (a contender), and, for each knob that needs its own
 * application whose verdict is still UNRESOLVED, the groups of each of its values' fastest point:
 * what more applications could resolve. Clear losers are not replicated; their points keep their
 * first application's samples and stop as not contenders.
 */
final class Replication {
  private Replication() {}

  /** {@code setOrder} with the JVM set that holds the best point moved to the front. */
  static List<Integer> bestSetFirst(List<Integer> setOrder, List<List<Integer>> sets, List<List<Point>> groups,
      Analysis analysis) {
    Optional<Integer> bestSet = analysis.best().flatMap(b -> groupOf(groups, b.trial().id()))
        .flatMap(g -> SweepOrder.setOf(sets, g));
    if (bestSet.isEmpty()) {
      return setOrder;
    }
    List<Integer> order = new ArrayList<>();
    order.add(bestSet.get());
    setOrder.stream().filter(s -> !s.equals(bestSet.get())).forEach(order::add);
    return order;
  }

  /** The groups of {@code set} (indexes into {@code groups}) that a further application pays for. */
  static Set<Integer> groupsThatPay(List<Integer> set, List<List<Integer>> sets, List<List<Point>> groups,
      Analysis analysis) {
    Optional<RankedPoint> best = analysis.best();
    if (best.isEmpty()) {
      return new LinkedHashSet<>(set);
    }
    Optional<Integer> bestGroup = groupOf(groups, best.get().trial().id());
    if (bestGroup.isPresent() && set.contains(bestGroup.get())) {
      return new LinkedHashSet<>(set);
    }
    Set<Integer> pays = new LinkedHashSet<>();
    for (RankedPoint r : analysis.tiedWithBest()) {
      groupOf(groups, r.trial().id()).filter(set::contains).ifPresent(pays::add);
    }
    for (String axis : applicationAxes(groups)) {
      boolean unresolved = analysis.effect(axis).map(e -> e.verdict() == Verdict.UNRESOLVED).orElse(false);
      if (!unresolved) {
        continue;
      }
      Map<String, RankedPoint> fastest = new HashMap<>();
      for (RankedPoint r : analysis.ranking()) {
        fastest.putIfAbsent(String.valueOf(r.trial().params().get(axis)), r);
      }
      for (RankedPoint r : fastest.values()) {
        groupOf(groups, r.trial().id()).filter(set::contains).ifPresent(pays::add);
      }
    }
    return pays;
  }

  /** The grid's axes that need an application of their own (use_process, max_concurrency, spark.* start-up settings). */
  static List<String> applicationAxes(List<List<Point>> groups) {
    if (groups.isEmpty() || groups.get(0).isEmpty()) {
      return List.of();
    }
    List<String> axes = new ArrayList<>();
    for (String axis : groups.get(0).get(0).params().keySet()) {
      if (Knobs.needsApplication(axis)) {
        axes.add(axis);
      }
    }
    return axes;
  }

  private static Optional<Integer> groupOf(List<List<Point>> groups, String pointId) {
    for (int g = 0; g < groups.size(); g++) {
      for (Point p : groups.get(g)) {
        if (Objects.equals(p.id(), pointId)) {
          return Optional.of(g);
        }
      }
    }
    return Optional.empty();
  }
}
