package io.sparknodes.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.Fixtures;
import io.sparknodes.results.Results;
import io.sparknodes.results.Status;
import io.sparknodes.results.StopReason;
import io.sparknodes.results.Trial;
import io.sparknodes.results.analysis.Analysis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which points racing samples next and why the others stop, on synthetic samples with known answers (no Spark). */
class RacingTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  /** A fast point and one within its noise (neither shown slower nor shown within 5%), and a 10x loser. */
  static final double[] FAST = {1.00, 1.10, 0.90, 1.05};
  static final double[] CLOSE = {1.02, 1.12, 0.93, 1.00};
  static final double[] LOSER = {10.0, 10.1, 9.9, 10.05};

  static Grid grid(int maxRepeats, double budget) {
    return Grid.parse("{\"workload\": \"text-normalize\", \"items\": 10, \"repeats\": 4, \"applications\": 1,"
        + " \"max_repeats\": " + maxRepeats + ", \"budget_seconds\": " + budget
        + ", \"axes\": {\"batch_size\": [1, 2, 3]}}");
  }

  static Trial trial(int batchSize, double... warm) {
    List<Double> w = new ArrayList<>();
    for (double x : warm) {
      w.add(x);
    }
    return Trial.builder(Map.of("batch_size", batchSize)).status(Status.OK).warmSeconds(w, 10)
        .startedAt(T0).finishedAt(T0.plusSeconds(1)).build();
  }

  static Results results(Grid grid, Trial... trials) {
    Results r = Results.start(Fixtures.environment(), grid.info(), T0);
    for (Trial t : trials) {
      r = r.withTrial(t);
    }
    return r;
  }

  static Trial raced(Trial t, int application, double wall, double... samples) {
    List<Double> s = new ArrayList<>(t.racingSeconds());
    List<Integer> a = new ArrayList<>(t.racingApplications());
    for (double x : samples) {
      s.add(x);
      a.add(application);
    }
    return t.toBuilder().racing(s, a).racingWallSeconds(t.racingWallSeconds().orElse(0) + wall).build();
  }

  static String id(int batchSize) {
    return "batch_size=" + batchSize;
  }

  @Test
  void aClearLoser_isNotRaced_whileTheContendersAre() {
    Grid g = grid(8, 60);
    Racing.Decision d = Racing.decide(g, results(g, trial(1, FAST), trial(2, CLOSE), trial(3, LOSER)), 0, 0);
    assertEquals(List.of(id(1), id(2)), d.race());
    assertEquals(Map.of(id(3), StopReason.NOT_CONTENDER), d.stop());
  }

  @Test
  void contenders_getSamplesUpToMaxRepeats_thenStop() {
    Grid g = grid(8, 60);
    Results r = results(g, trial(1, FAST), trial(2, CLOSE), trial(3, LOSER));
    List<Trial> contenders = List.of(r.trial(id(1)).orElseThrow(), r.trial(id(2)).orElseThrow());
    assertEquals(4, Racing.samplesPerApplication(g, contenders), "one application fills them up to max_repeats");
    assertEquals(1, TrialRecorder.nextApplication(contenders), "after the single balanced application 0");
    r = r.withTrial(raced(r.trial(id(1)).orElseThrow(), 1, 5, FAST))
        .withTrial(raced(r.trial(id(2)).orElseThrow(), 1, 5, CLOSE));
    Racing.Decision d = Racing.decide(g, r, 10, 10);
    assertEquals(List.of(), d.race());
    assertEquals(StopReason.MAX_REPEATS, d.stop().get(id(1)));
    assertEquals(StopReason.MAX_REPEATS, d.stop().get(id(2)));
    assertEquals(StopReason.NOT_CONTENDER, d.stop().get(id(3)));
    assertEquals(8, r.trial(id(2)).orElseThrow().allSeconds().size());
    assertEquals(10.0, TrialRecorder.racingSpent(r), 1e-12);
    assertEquals(2, TrialRecorder.nextApplication(List.of(r.trial(id(1)).orElseThrow())));
  }

  @Test
  void theBudget_stopsRacing_beforeAnApplicationThatWouldOverspendIt() {
    Grid g = grid(8, 60);
    Results r = results(g, trial(1, FAST), trial(2, CLOSE), trial(3, LOSER));
    assertEquals(List.of(id(1), id(2)), Racing.decide(g, r, 40, 15).race());
    Racing.Decision d = Racing.decide(g, r, 50, 15);
    assertEquals(List.of(), d.race());
    assertEquals(Map.of(id(1), StopReason.BUDGET, id(2), StopReason.BUDGET, id(3), StopReason.NOT_CONTENDER), d.stop());
  }

  @Test
  void aTieShownWithinTheMargin_isSettled() {
    Grid g = grid(8, 60);
    Results r = results(g, trial(1, 1.000, 1.001, 0.999, 1.0005), trial(2, 1.0005, 0.999, 1.001, 1.000),
        trial(3, LOSER));
    Racing.Decision d = Racing.decide(g, r, 0, 0);
    assertEquals(List.of(), d.race());
    assertEquals(Map.of(id(1), StopReason.SETTLED, id(2), StopReason.SETTLED, id(3), StopReason.NOT_CONTENDER),
        d.stop());
  }

  @Test
  void noBudget_disablesRacing_andRecordedDecisionsAreFinal() {
    Grid off = grid(8, 0);
    Racing.Decision d = Racing.decide(off, results(off, trial(1, FAST), trial(2, CLOSE)), 0, 0);
    assertEquals(Map.of(id(1), StopReason.DISABLED, id(2), StopReason.DISABLED), d.stop());
    Grid g = grid(8, 60);
    Trial stopped = trial(2, CLOSE).toBuilder().stopReason(StopReason.BUDGET).build();
    Racing.Decision again = Racing.decide(g, results(g, trial(1, FAST), stopped, trial(3, LOSER)), 0, 0);
    assertEquals(List.of(id(1)), again.race());
    assertTrue(!again.stop().containsKey(id(2)), "a recorded stop is not decided again");
  }

  @Test
  void racingSamples_moveTheRankingButNeverTheBalancedVerdicts() {
    Grid g = grid(12, 60);
    Results balanced = results(g, trial(1, FAST), trial(2, CLOSE), trial(3, LOSER));
    // racing samples that would make batch_size=2 look twice as slow
    Results withRacing = balanced.withTrial(raced(balanced.trial(id(2)).orElseThrow(), 1, 5, 2.0, 2.1, 1.9, 2.05));
    Analysis a = Analysis.of(balanced);
    Analysis b = Analysis.of(withRacing);
    assertEquals(a.effects(), b.effects());
    assertEquals(a.conditionalEffects("batch_size"), b.conditionalEffects("batch_size"));
    assertEquals(a.comparisons(), b.comparisons());
    double before = a.ranking().stream().filter(p -> p.trial().id().equals(id(2))).findFirst().orElseThrow()
        .geometricMean();
    double after = b.ranking().stream().filter(p -> p.trial().id().equals(id(2))).findFirst().orElseThrow()
        .geometricMean();
    assertNotEquals(before, after);
    assertEquals(1, b.tiedWithBest().size(), "the racing samples show batch_size=2 slower");
    assertEquals(balanced.trial(id(2)).orElseThrow().summary(), withRacing.trial(id(2)).orElseThrow().summary(),
        "the summary (median, CV) stays on the balanced samples");
  }

  @Test
  void mergeRacing_appendsSamplesWithTheirApplication_andAFailureStopsThePoint() {
    Trial first = trial(1, FAST).toBuilder().applications(List.of(0, 0, 1, 1)).build();
    Trial later = trial(1, 0.95, 0.97);
    Trial merged = TrialRecorder.mergeRacing(first, later, 2);
    assertEquals(first.warmSeconds(), merged.warmSeconds());
    assertEquals(List.of(0.95, 0.97), merged.racingSeconds());
    assertEquals(List.of(2, 2), merged.racingApplications());
    assertEquals(List.of(0, 0, 1, 1, 2, 2), merged.allApplications());
    assertEquals(3, TrialRecorder.nextApplication(List.of(merged)));
    Trial failed = Trial.builder(Map.of("batch_size", 1)).status(Status.TIMEOUT).error("too slow")
        .startedAt(T0).finishedAt(T0).build();
    Trial kept = TrialRecorder.mergeRacing(merged, failed, 3);
    assertEquals(Status.OK, kept.status());
    assertEquals(merged.racingSeconds(), kept.racingSeconds());
    assertEquals(StopReason.FAILED, kept.stopReason().orElseThrow());
    assertTrue(kept.flags().get(kept.flags().size() - 1).contains("too slow"), kept.flags().toString());
  }

  @Test
  void racingVisitsTheGroupOfTheBestPointFirst() {
    Grid g = Grid.parse("{\"workload\": \"text-normalize\", \"items\": 10, \"repeats\": 4, \"applications\": 1,"
        + " \"axes\": {\"max_concurrency\": [1, 2, 4], \"batch_size\": [1, 2]}}");
    Results r = Results.start(Fixtures.environment(), g.info(), T0);
    double[][] samples = {LOSER, LOSER, CLOSE, FAST};
    int i = 0;
    for (int mc : new int[] {1, 2}) {
      for (int bs : new int[] {1, 2}) {
        List<Double> w = new ArrayList<>();
        for (double x : samples[i++]) {
          w.add(x);
        }
        r = r.withTrial(Trial.builder(Fixtures.params("max_concurrency", mc, "batch_size", bs)).status(Status.OK)
            .warmSeconds(w, 10).startedAt(T0).finishedAt(T0).build());
      }
    }
    assertEquals(List.of(1, 0, 2), SweepOrder.rankedOrder(g.groups(), Analysis.of(r)),
        "max_concurrency=2 holds the best point; max_concurrency=4 was not measured");
  }
}
