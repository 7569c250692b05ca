package io.sparknodes.results.analysis;

import static io.sparknodes.results.Fixtures.axes;
import static io.sparknodes.results.Fixtures.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.Fixtures;
import io.sparknodes.results.GridInfo;
import io.sparknodes.results.Results;
import io.sparknodes.results.Status;
import io.sparknodes.results.Trial;
import io.sparknodes.results.analysis.AnalysisRecords.AxisEffect;
import io.sparknodes.results.analysis.AnalysisRecords.Contrast;
import io.sparknodes.results.analysis.AnalysisRecords.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The model's variances where points share applications (a split-plot design), and the verdicts,
 * levels and recommendations built on them, on synthetic samples whose answer is known.
 */
class ApplicationVarianceTest {

  private static Trial trial(Map<String, Object> p, List<Double> warm, List<Integer> apps) {
    return AnalysisTest.trial(p, warm, apps);
  }

  private static Trial raced(Map<String, Object> p, List<Double> warm, List<Integer> apps, List<Double> racing,
      List<Integer> racingApps) {
    return Trial.builder(p).status(Status.OK).warmSeconds(warm, 1000).applications(apps).racing(racing, racingApps)
        .startedAt(Fixtures.T0).finishedAt(Fixtures.T0.plusSeconds(1)).build();
  }

  /** No knob has an effect; each application of a group shifts all its points alike. */
  private static Results sharedApplicationEffects(GridInfo g, int apps, int samples, double appSd, double sd,
      long seed) {
    return AnalysisTest.synthetic(g, apps, samples, appSd, sd, seed, p -> 1.0);
  }

  @Test
  void applicationKnob_sharedApplicationEffects_areNotAveragedAwayOverTheGroupsPoints() {
    // Averaged over 6 batch sizes, independent per-point application terms shrank the use_process
    // interval ~6-fold: it covered the true ratio 1 in 54% of grids and was REAL in 14%.
    GridInfo g = Fixtures.grid(axes("use_process", List.of(false, true), "batch_size", List.of(1, 2, 3, 4, 5, 6)), 6);
    int covered = 0;
    int real = 0;
    int n = 400;
    for (long seed = 0; seed < n; seed++) {
      AxisEffect e = Analysis.of(sharedApplicationEffects(g, 2, 3, 0.10, 0.02, seed)).effect("use_process")
          .orElseThrow();
      covered += e.headline().ciLow() <= 1.0 ? 1 : 0;
      real += e.verdict() == Verdict.REAL ? 1 : 0;
    }
    assertTrue(covered >= 0.92 * n, "the 95% interval covered the true ratio in " + covered + " of " + n);
    assertTrue(real <= 0.05 * n, "REAL in " + real + " of " + n);
  }

  @Test
  void groupsOfOnePoint_haveIntervalsWithAnEnd() {
    // Two groups of one point each, two applications of two samples (KnownAnswersTest's I/O sweep):
    // expanded into a difference of mean squares, the shared component's share less its within share
    // drove the degrees of freedom towards zero, and an interval's end to infinity (the charts refused it).
    GridInfo g = Fixtures.grid(axes("max_concurrency", List.of(1, 2), "batch_size", List.of(4)), 4);
    for (long seed = 0; seed < 200; seed++) {
      Analysis a = Analysis.of(AnalysisTest.synthetic(g, 2, 2, 0.05, 0.05, seed,
          p -> (Integer) p.get("max_concurrency") == 1 ? 0.75 : 0.4));
      for (Analysis.RankedPoint p : a.ranking()) {
        assertTrue(Double.isFinite(p.ciHigh()), "seed " + seed + ": " + p);
      }
      AxisEffect e = a.effect("max_concurrency").orElseThrow();
      for (Analysis.Level l : e.levels()) {
        assertTrue(Double.isFinite(l.ciHigh()), "seed " + seed + ": " + l);
      }
      assertTrue(Double.isFinite(e.headline().ciHigh()), "seed " + seed + ": " + e.headline());
    }
  }

  @Test
  void contrastDegreesOfFreedom_doNotExceedThoseOfTheSharedEstimate() {
    // One sample an application: the application components (2 + 6 degrees of freedom) are the
    // only estimates; the cells share them, so they do not multiply their degrees of freedom.
    GridInfo g = Fixtures.grid(axes("use_process", List.of(false, true), "batch_size", List.of(1, 2, 3, 4)), 2);
    Contrast c = Analysis.of(sharedApplicationEffects(g, 2, 1, 0.10, 0.02, 1)).effect("use_process").orElseThrow()
        .headline();
    assertTrue(c.df() > 0 && c.df() <= 8 + 1e-9, "df " + c.df());
  }

  @Test
  void pooledWithinVariance_sharedByCells_keepsItsOwnDegreesOfFreedom() {
    // One point has 3 samples (2 degrees of freedom); every other point has one and borrows them.
    GridInfo g = Fixtures.grid(axes("max_concurrency", List.of(1, 2, 3, 4), "batch_size", List.of(1, 2)), 1);
    Results r = Results.start(Fixtures.environment(), g, Fixtures.T0);
    for (int mc = 1; mc <= 4; mc++) {
      for (int bs = 1; bs <= 2; bs++) {
        Map<String, Object> p = params("max_concurrency", mc, "batch_size", bs);
        r = r.withTrial(mc == 1 && bs == 1 ? Fixtures.ok(p, 0, 1.0, 1.1, 0.9) : Fixtures.ok(p, 0, bs == 1 ? 1.0 : 1.2));
      }
    }
    Contrast c = Analysis.of(r).effect("batch_size").orElseThrow().headline();
    assertTrue(c.df() <= 2 + 1e-9, "df " + c.df());
    assertEquals(Verdict.UNRESOLVED, c.verdict());
  }

  @Test
  void missingCell_bestLevelIsNeverOneAComparisonShowsSlower() {
    GridInfo g = Fixtures.grid(axes("max_concurrency", List.of(1, 2), "batch_size", List.of(1, 2, 3)), 5);
    Results r = Results.start(Fixtures.environment(), g, Fixtures.T0);
    double[][] t = {{1.0, 1.2, 2.0}, {2.0, 1.0, Double.NaN}};
    for (int mc = 1; mc <= 2; mc++) {
      for (int bs = 1; bs <= 3; bs++) {
        double x = t[mc - 1][bs - 1];
        Map<String, Object> p = params("max_concurrency", mc, "batch_size", bs);
        r = r.withTrial(Double.isNaN(x) ? Fixtures.failed(p, 0, Status.TIMEOUT, "timeout")
            : Fixtures.ok(p, 0, x * 0.99, x, x * 1.01, x * 0.995, x * 1.005));
      }
    }
    AxisEffect e = Analysis.of(r).effect("batch_size").orElseThrow();
    assertFalse(e.shownSlower(e.best().value()), e.toString());
    assertTrue(e.acceptable().contains(e.best().value()), e.toString());
  }

  @Test
  void racedPoint_itsExtraApplicationCarriesTheSharedApplicationVariance() {
    // Group use_process=true shows applications 15% apart; in group false both points are equal in
    // the balanced applications, and one of them raced in a third application that ran 20% faster.
    GridInfo g = Fixtures.grid(axes("use_process", List.of(false, true), "batch_size", List.of(1, 2)), 6);
    List<Integer> two = List.of(0, 0, 0, 1, 1, 1);
    List<Double> equal = List.of(1.0, 1.01, 0.99, 1.0, 1.01, 0.99);
    List<Double> apart = List.of(1.0, 1.01, 0.99, 1.15, 1.16, 1.14);
    Results r = Results.start(Fixtures.environment(), g, Fixtures.T0)
        .withTrial(raced(params("use_process", false, "batch_size", 1), equal, two, List.of(0.8, 0.808, 0.792),
            List.of(2, 2, 2)))
        .withTrial(trial(params("use_process", false, "batch_size", 2), equal, two))
        .withTrial(trial(params("use_process", true, "batch_size", 1), apart, two))
        .withTrial(trial(params("use_process", true, "batch_size", 2), apart, two));
    Analysis a = Analysis.of(r);
    List<String> tied = a.tiedWithBest().stream().map(p -> p.trial().id()).toList();
    assertTrue(tied.contains("use_process=false,batch_size=2"), tied.toString());
  }

  @Test
  void interactionTables_useTheBalancedSamplesOnly() {
    double cell = Analysis.of(Fixtures.raced()).interactions().get(0).cell(128, 1).orElseThrow().mean();
    double balanced = Math.exp(((Math.log(0.1) + Math.log(0.12)) / 2 + (Math.log(0.11) + Math.log(0.1)) / 2) / 2);
    assertEquals(balanced, cell, 1e-12);
  }

  @Test
  void recommendation_holdsNoValueTheVerdictThatAppliesAtItShowsSlower() {
    // batch_size 2 wins overall (REAL), but within max_concurrency=1, where the only tied point
    // is, batch_size 1 is not shown slower.
    GridInfo g = Fixtures.grid(axes("max_concurrency", List.of(1, 2, 3), "batch_size", List.of(1, 2)), 5);
    Results r = Results.start(Fixtures.environment(), g, Fixtures.T0);
    double[][] t = {{1.0, 1.04}, {1.5, 1.2}, {1.5, 1.2}};
    for (int mc = 1; mc <= 3; mc++) {
      for (int bs = 1; bs <= 2; bs++) {
        double x = t[mc - 1][bs - 1];
        r = r.withTrial(Fixtures.ok(params("max_concurrency", mc, "batch_size", bs), 0,
            x * 0.99, x, x * 1.01, x * 0.995, x * 1.005));
      }
    }
    Analysis a = Analysis.of(r);
    assertEquals(Verdict.REAL, a.effect("batch_size").orElseThrow().verdict());
    for (Recommendation rec : a.recommendations()) {
      AxisEffect at = a.effectAt("batch_size", rec.params()).orElseThrow();
      assertFalse(at.shownSlower(rec.params().get("batch_size")), rec.useCase() + ": " + at);
    }
    assertEquals(Map.of("max_concurrency", 1),
        a.effectAt("batch_size", params("max_concurrency", 1, "batch_size", 1)).orElseThrow().scope());
  }

  @Test
  void aPointSampledInOneApplicationOfAReplicatedDesign_isNoMorePreciseThanOneSampledInTwo() {
    GridInfo g = Fixtures.grid(axes("use_process", List.of(false, true), "batch_size", List.of(1, 2)), 6);
    List<Integer> two = List.of(0, 0, 0, 1, 1, 1);
    Results r = Results.start(Fixtures.environment(), g, Fixtures.T0)
        .withTrial(trial(params("use_process", false, "batch_size", 1), List.of(1.0, 1.01, 0.99, 1.3, 1.31, 1.29), two))
        .withTrial(trial(params("use_process", false, "batch_size", 2), List.of(1.0, 1.01, 0.99, 1.3, 1.31, 1.29), two))
        .withTrial(trial(params("use_process", true, "batch_size", 1), List.of(1.2, 1.21, 1.19, 0.9, 0.91, 0.89), two))
        .withTrial(trial(params("use_process", true, "batch_size", 2), List.of(1.2, 1.21, 1.19), List.of(0, 0, 0)));
    Analysis a = Analysis.of(r);
    Analysis.RankedPoint one = a.ranking().stream().filter(x -> x.trial().id().equals("use_process=true,batch_size=2"))
        .findFirst().orElseThrow();
    Analysis.RankedPoint both = a.ranking().stream()
        .filter(x -> x.trial().id().equals("use_process=true,batch_size=1")).findFirst().orElseThrow();
    assertTrue(one.ciHigh() / one.ciLow() >= both.ciHigh() / both.ciLow(), one + " vs " + both);
  }

  @Test
  void identicalSamples_areNotTakenAsCertainty() {
    // Two samples each, identical within each point (a coarse timer): no spread was measured.
    GridInfo g = Fixtures.grid(axes("batch_size", List.of(1, 2)), 2);
    Results r = Results.start(Fixtures.environment(), g, Fixtures.T0)
        .withTrial(Fixtures.ok(params("batch_size", 1), 0, 1.0, 1.0))
        .withTrial(Fixtures.ok(params("batch_size", 2), 0, 1.06, 1.06));
    Analysis a = Analysis.of(r);
    assertEquals(Verdict.UNRESOLVED, a.effect("batch_size").orElseThrow().verdict());
    assertEquals(2, a.tiedWithBest().size());
  }
}
