package io.sparknodes.tuning;

import io.sparknodes.results.Results;
import io.sparknodes.results.Status;
import io.sparknodes.results.StopReason;
import io.sparknodes.results.Trial;
import io.sparknodes.results.analysis.Analysis;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which points racing samples next, and why the others stop. After the balanced samples, only the
 * contenders are raced: the points tied with the best (the {@link Analysis}'s subset selection,
 * from every sample so far). A contender stops when its place is settled (it is shown within the
 * margin of the best, or, for the best, no other contender is still unresolved), when it has {@code
 * max_repeats} samples, or when the budget would be spent by one more application; a point that
 * leaves the tied set stops as not a contender. A decision once recorded is final, so that a
 * resumed sweep goes on where the racing stopped. As in ASHA, a point is promoted (sampled again)
 * as soon as the evidence qualifies it, never on a fixed schedule over every point.
 */
final class Racing {
  private Racing() {}

  /**
   * The decision of one racing step.
   *
   * @param race the ids of the points to sample again, in grid order
   * @param stop the ids of points whose sampling stops now, with why
   */
  record Decision(List<String> race, Map<String, StopReason> stop) {
    Decision {
      race = List.copyOf(race);
      stop = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stop));
    }
  }

  /**
   * Decides over the OK points that have samples and no stop reason yet.
   *
   * @param spentSeconds the wall time racing has spent so far
   * @param nextSeconds what one more racing application is expected to cost (0 when unknown)
   */
  static Decision decide(Grid grid, Results results, double spentSeconds, double nextSeconds) {
    List<Trial> open = results.trials().stream()
        .filter(t -> t.status() == Status.OK && t.summary().isPresent() && t.stopReason().isEmpty()).toList();
    Map<String, StopReason> stop = new LinkedHashMap<>();
    List<String> race = new ArrayList<>();
    if (open.isEmpty()) {
      return new Decision(race, stop);
    }
    if (!grid.racing()) {
      open.forEach(t -> stop.put(t.id(), StopReason.DISABLED));
      return new Decision(race, stop);
    }
    Analysis analysis = Analysis.of(results);
    List<Analysis.RankedPoint> tied = analysis.tiedWithBest();
    Set<String> tiedIds = tied.stream().map(r -> r.trial().id()).collect(Collectors.toSet());
    String best = tied.get(0).trial().id();
    // Another contender is unresolved while it is neither shown slower nor shown within the margin.
    boolean othersUnresolved = tied.stream().skip(1).anyMatch(r -> !analysis.withinMarginOfBest(r.trial()));
    boolean budgetLeft = spentSeconds + nextSeconds < grid.budgetSeconds();
    List<Trial> ordered = new ArrayList<>(open);
    Map<String, Integer> order = new LinkedHashMap<>();
    List<Point> points = grid.points();
    points.forEach(p -> order.put(p.id(), p.index()));
    ordered.sort(java.util.Comparator.comparingInt(t -> order.getOrDefault(t.id(), Integer.MAX_VALUE)));
    for (Trial t : ordered) {
      StopReason reason;
      if (!tiedIds.contains(t.id())) {
        reason = StopReason.NOT_CONTENDER;
      } else if (t.id().equals(best) ? !othersUnresolved : analysis.withinMarginOfBest(t)) {
        reason = StopReason.SETTLED;
      } else if (t.allSeconds().size() >= grid.maxRepeats()) {
        reason = StopReason.MAX_REPEATS;
      } else if (!budgetLeft) {
        reason = StopReason.BUDGET;
      } else {
        race.add(t.id());
        continue;
      }
      stop.put(t.id(), reason);
    }
    return new Decision(race, stop);
  }

  /**
   * The samples one racing application takes of each of {@code trials}: what the fullest of them
   * still lacks of max_repeats. An application's start and warm-up cost far more than a sample
   * (seconds against a fraction of one), so each racing application samples its points up to the
   * cap at once, and the decisions between applications do the early stopping.
   */
  static int samplesPerApplication(Grid grid, List<Trial> trials) {
    int left = trials.stream().mapToInt(t -> grid.maxRepeats() - t.allSeconds().size()).min().orElse(0);
    return Math.max(1, left);
  }
}
