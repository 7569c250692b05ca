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
import io.sparknodes.results.analysis.AnalysisRecords.Interaction;
import io.sparknodes.results.analysis.AnalysisRecords.RankedPoint;
import io.sparknodes.results.analysis.AnalysisRecords.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class AnalysisTest {
  private static final double EPS = 1e-9;

  private static Results of(GridInfo grid, Trial... trials) {
    Results r = Results.start(Fixtures.environment(), grid, Fixtures.T0);
    for (Trial t : trials) {
      r = r.withTrial(t);
    }
    return r;
  }

  /**
   * Every point of {@code grid} with {@code samples} samples per application: true time {@code
   * truth(point)} times log-normal noise of standard deviation {@code sd}, seeded.
   */
  private static Results synthetic(GridInfo grid, int applications, int samples, double sd, long seed,
      ToDoubleFunction<Map<String, Object>> truth) {
    return synthetic(grid, applications, samples, 0, sd, seed, truth);
  }

  /**
   * As {@link #synthetic(GridInfo, int, int, double, long, ToDoubleFunction)}, and each application
   * of a (use_process, max_concurrency) group shifts every point of the group by the same
   * log-normal factor of standard deviation {@code applicationSd} (none drawn when it is 0, so the
   * samples are those of the plain overload).
   */
  static Results synthetic(GridInfo grid, int applications, int samples, double applicationSd, double sd,
      long seed, ToDoubleFunction<Map<String, Object>> truth) {
    Random rnd = new Random(seed);
    Map<String, double[]> levels = new java.util.HashMap<>();
    Results r = Results.start(Fixtures.environment(), grid, Fixtures.T0);
    for (Map<String, Object> p : grid.allPoints()) {
      double[] level = applicationSd == 0 ? new double[applications]
          : levels.computeIfAbsent(p.get("use_process") + "," + p.get("max_concurrency"), g -> {
            double[] l = new double[applications];
            for (int a = 0; a < applications; a++) {
              l[a] = applicationSd * rnd.nextGaussian();
            }
            return l;
          });
      List<Double> warm = new ArrayList<>();
      List<Integer> apps = new ArrayList<>();
      for (int a = 0; a < applications; a++) {
        for (int i = 0; i < samples; i++) {
          warm.add(truth.applyAsDouble(p) * Math.exp(level[a] + sd * rnd.nextGaussian()));
          apps.add(a);
        }
      }
      r = r.withTrial(trial(p, warm, applications > 1 ? apps : List.of()));
    }
    return r;
  }

  static Trial trial(Map<String, Object> p, List<Double> warm, List<Integer> apps) {
    return Trial.builder(p).status(Status.OK).warmSeconds(warm, 1000).applications(apps)
        .startedAt(Fixtures.T0).finishedAt(Fixtures.T0.plusSeconds(1)).build();
  }

  private static GridInfo grid(Map<String, List<Object>> axes) {
    return Fixtures.grid(axes, 5);
  }

  private static Trial flagged(Map<String, Object> p, String... flags) {
    return Trial.builder(p).status(Status.OK).warmSeconds(List.of(0.1, 0.1), 1000).flags(List.of(flags))
        .startedAt(Fixtures.T0).finishedAt(Fixtures.T0.plusSeconds(1)).build();
  }

  @Test
  void flagsSharedByEveryPointOrAWholeGroup_areSaidOnce_andEachPointKeepsItsOwn() {
    GridInfo g = grid(axes("use_process", List.of(false, true), "batch_size", List.of(128, 8192)));
    String capped = "warm-up stopped at its cap";
    String cannot = "batch_size 8192 cannot take effect";
    String oneApp = "an application of the group was slow to start";
    Analysis a = Analysis.of(of(g,
        flagged(params("use_process", false, "batch_size", 128), capped),
        flagged(params("use_process", false, "batch_size", 8192), capped, cannot),
        flagged(params("use_process", true, "batch_size", 128), oneApp, capped),
        flagged(params("use_process", true, "batch_size", 8192), capped, oneApp, cannot)));
    assertEquals(List.of(capped), a.flagsOfEveryPoint());
    assertEquals(Map.of("use_process=true", List.of(oneApp)), a.flagsOfWholeGroups());
    assertEquals(List.of(), a.ownFlags(a.flagged().get(0)));
    assertEquals(List.of(cannot), a.ownFlags(a.flagged().get(1)));
    assertEquals(List.of(), a.ownFlags(a.flagged().get(2)));
    assertEquals(List.of(cannot), a.ownFlags(a.flagged().get(3)));

    // one point unflagged: nothing is common to every point, and its group shares nothing
    Analysis b = Analysis.of(of(g,
        flagged(params("use_process", false, "batch_size", 128)),
        flagged(params("use_process", false, "batch_size", 8192), capped),
        flagged(params("use_process", true, "batch_size", 128), capped),
        flagged(params("use_process", true, "batch_size", 8192), capped)));
    assertEquals(List.of(), b.flagsOfEveryPoint());
    assertEquals(Map.of("use_process=true", List.of(capped)), b.flagsOfWholeGroups());
    assertEquals(List.of(capped), b.ownFlags(b.flagged().get(0)));
    // a single point's flags stay its own
    Analysis c = Analysis.of(of(g, flagged(params("use_process", false, "batch_size", 128), capped)));
    assertEquals(List.of(), c.flagsOfEveryPoint());
    assertEquals(Map.of(), c.flagsOfWholeGroups());
    assertEquals(List.of(capped), c.ownFlags(c.flagged().get(0)));
  }

  /** Points at five true times, 0.01 to 0.05 s, by batch_size. */
  private static double fiveLevels(Map<String, Object> p) {
    return 0.01 * (1 + List.of(128, 512, 1024, 2048, 4096, 8192).indexOf(p.get("batch_size")) % 5);
  }

  @Test
  void noise_isSplitIntoItsPartsWithinAndBetweenApplications() {
    GridInfo g = grid(axes("use_process", List.of(false, true), "max_concurrency", List.of(1, 2, 4, 8),
        "batch_size", List.of(128, 512, 1024, 2048, 4096, 8192)));
    // a large application effect: 24 groups' worth of applications (8 groups, 4 each) estimate it
    Analysis.Noise big = Analysis.of(synthetic(g, 4, 3, 0.30, 0.10, 11, AnalysisTest::fiveLevels)).noise().orElseThrow();
    assertEquals(0.10, big.withinSd(), 0.01, big.toString());
    assertEquals(48 * 4 * 2, big.withinDf(), EPS);
    assertEquals(0.30, big.applicationSd(), 0.10, big.toString());
    assertEquals(8 * 3, big.applicationDf(), EPS);
    assertEquals(3, big.samplesPerApplication(), EPS);
    assertTrue(big.applicationsDominate(), big.toString());
    // none: the applications' means differ only by their samples' noise
    Analysis.Noise none = Analysis.of(synthetic(g, 4, 3, 0, 0.10, 12, AnalysisTest::fiveLevels)).noise().orElseThrow();
    assertEquals(0.10, none.withinSd(), 0.01, none.toString());
    assertTrue(none.applicationSd() < 0.04, none.toString());
    assertFalse(none.applicationsDominate(), none.toString());
    // unequal samples an application: the harmonic mean (3 and 2 samples: 2.4)
    Results uneven = Results.start(Fixtures.environment(), grid(axes("batch_size", List.of(128, 8192))), Fixtures.T0)
        .withTrial(trial(params("batch_size", 128), List.of(1.0, 1.1, 0.9, 2.0, 2.2), List.of(0, 0, 0, 1, 1)))
        .withTrial(trial(params("batch_size", 8192), List.of(1.0, 1.1, 0.9, 2.0, 2.2), List.of(0, 0, 0, 1, 1)));
    Analysis.Noise n = Analysis.of(uneven).noise().orElseThrow();
    assertEquals(2.4, n.samplesPerApplication(), EPS);
    assertEquals(6, n.withinDf(), EPS);
    // one application a group: no split
    assertTrue(Analysis.of(synthetic(g, 1, 5, 0.1, 3, p -> 0.1)).noise().isEmpty());
  }

  @Test
  void oneSampleAnApplication_keepsTheSpreadBetweenApplications() {
    // repeats 2 over applications 2: no variance within any application, only between them.
    GridInfo g = grid(axes("use_process", List.of(false, true), "max_concurrency", List.of(1, 2),
        "batch_size", List.of(128, 8192)));
    Analysis a = Analysis.of(synthetic(g, 2, 1, 0.05, 3, p -> p.get("use_process").equals(true) ? 1.0 : 0.1));
    RankedPoint best = a.best().orElseThrow();
    assertTrue(best.ciHigh() > best.ciLow(), best.toString());
    assertEquals(Verdict.REAL, a.effect("use_process").orElseThrow().verdict());
    assertEquals(false, a.effect("use_process").orElseThrow().best().value());
    // the slow points are not tied with the best
    assertTrue(a.ranking().stream().filter(RankedPoint::tiedWithBest)
        .allMatch(r -> r.trial().params().get("use_process").equals(false)), a.ranking().toString());
  }

  @Test
  void tenfoldEffect_onATwoPairDesignWithFiveSamplesAPoint_isReal() {
    GridInfo g = grid(axes("max_concurrency", List.of(1, 2), "batch_size", List.of(128, 8192)));
    Analysis a = Analysis.of(synthetic(g, 1, 5, 0.10, 1,
        p -> p.get("batch_size").equals(128) ? 1.0 : 0.1));
    AxisEffect batch = a.effect("batch_size").orElseThrow();
    assertEquals(Verdict.REAL, batch.verdict());
    assertEquals(8192, batch.best().value());
    assertEquals(128, batch.worst().value());
    assertTrue(batch.headline().ciLow() < 10 && 10 < batch.headline().ciHigh(), batch.headline().toString());
    assertEquals(2, batch.headline().contexts());
    assertEquals(List.of(8192), batch.acceptable());
    // the fast points are tied with each other and the slow ones are not
    assertEquals(2, a.tiedWithBest().size());
    assertTrue(a.tiedWithBest().stream().allMatch(r -> r.trial().params().get("batch_size").equals(8192)));
  }

  @Test
  void seventeenfoldEffect_ofTheIssue_isRealAtBothConcurrencies() {
    // the 6-point grid of the issue: a fixed cost per batch call, 17x between 128 and 8192
    GridInfo g = grid(axes("use_process", List.of(false), "max_concurrency", List.of(1, 2),
        "batch_size", List.of(128, 1024, 8192)));
    Analysis a = Analysis.of(synthetic(g, 1, 5, 0.15, 7,
        p -> 0.05 * (1 + 16.0 * 128 / (Integer) p.get("batch_size") / 1.0) / (1 + 16.0 * 128 / 8192)));
    assertEquals(Verdict.REAL, a.effect("batch_size").orElseThrow().verdict());
    for (Object mc : List.of(1, 2)) {
      AxisEffect within = a.effectWithin("batch_size", "max_concurrency", mc).orElseThrow();
      assertEquals(Verdict.REAL, within.verdict(), within.toString());
      assertEquals(8192, within.best().value());
    }
  }

  @Test
  void equalPoints_withEnoughSamples_areNegligible() {
    GridInfo g = grid(axes("max_concurrency", List.of(1, 2), "batch_size", List.of(128, 512, 2048)));
    Analysis a = Analysis.of(synthetic(g, 1, 30, 0.03, 3, p -> 0.5));
    for (AxisEffect e : a.effects()) {
      assertEquals(Verdict.NEGLIGIBLE, e.verdict(), e.toString());
    }
    assertEquals(6, a.tiedWithBest().size(), "equal points are all possibly the fastest");
  }

  @Test
  void equalPoints_withFewNoisySamples_areUnresolvedNotNegligible() {
    GridInfo g = grid(axes("batch_size", List.of(128, 512)));
    Analysis a = Analysis.of(synthetic(g, 1, 3, 0.3, 4, p -> 0.5));
    assertEquals(Verdict.UNRESOLVED, a.effect("batch_size").orElseThrow().verdict());
  }

  @Test
  void interaction_givesConditionalVerdicts() {
    // within use_process=false max_concurrency does nothing; within true each doubling costs a
    // factor 2.9^(1/3), so 8 is 2.9x slower than 1
    GridInfo g = grid(axes("use_process", List.of(false, true), "max_concurrency", List.of(1, 2, 4, 8),
        "batch_size", List.of(512, 1024)));
    Analysis a = Analysis.of(synthetic(g, 1, 10, 0.02, 5, p -> {
      int mc = (Integer) p.get("max_concurrency");
      return p.get("use_process").equals(true) ? 0.2 * Math.pow(2.9, Math.log(mc) / Math.log(8)) : 0.2;
    }));
    assertEquals(List.of("use_process"), a.interactingAxes("max_concurrency"));
    AxisEffect threads = a.effectWithin("max_concurrency", "use_process", false).orElseThrow();
    assertEquals(Verdict.NEGLIGIBLE, threads.verdict(), threads.toString());
    AxisEffect processes = a.effectWithin("max_concurrency", "use_process", true).orElseThrow();
    assertEquals(Verdict.REAL, processes.verdict());
    assertEquals(1, processes.best().value());
    assertEquals(8, processes.worst().value());
    assertEquals(2.9, processes.ratio(), 0.1);
    // the decision for a point follows the scope it is in
    assertEquals(threads, a.effectAt("max_concurrency", params("use_process", false, "max_concurrency", 8,
        "batch_size", 512)).orElseThrow());
    assertEquals(List.of(1), processes.acceptable());
  }

  @Test
  void cpuBoundCase_ofTheIssue_isRealWithOppositeBestsNotNoise() {
    // within threads 1 is 1.56x slower than 8; within processes 8 is 1.9x slower than 2
    GridInfo g = grid(axes("use_process", List.of(false, true), "max_concurrency", List.of(1, 2, 8)));
    Analysis a = Analysis.of(synthetic(g, 1, 5, 0.05, 6, p -> {
      int mc = (Integer) p.get("max_concurrency");
      boolean process = p.get("use_process").equals(true);
      return process ? (mc == 8 ? 1.9 : mc == 1 ? 1.3 : 1.0) : (mc == 1 ? 1.56 : mc == 2 ? 1.1 : 1.0);
    }));
    assertEquals(List.of("use_process"), a.interactingAxes("max_concurrency"));
    assertEquals(8, a.effectWithin("max_concurrency", "use_process", false).orElseThrow().best().value());
    assertEquals(2, a.effectWithin("max_concurrency", "use_process", true).orElseThrow().best().value());
    assertEquals(Verdict.REAL, a.effectWithin("max_concurrency", "use_process", true).orElseThrow().verdict());
  }

  @Test
  void nullGrids_withApplicationEffectsHeavyTailsAndUnequalVariances_rarelyCallAnythingReal() {
    GridInfo g = grid(axes("use_process", List.of(false, true), "max_concurrency", List.of(1, 2, 4),
        "batch_size", List.of(128, 512, 1024)));
    int anyReal = 0;
    for (long seed = 0; seed < 200; seed++) {
      Random rnd = new Random(seed);
      Results r = Results.start(Fixtures.environment(), g, Fixtures.T0);
      Map<String, double[]> appEffects = new java.util.HashMap<>();
      for (Map<String, Object> p : g.allPoints()) {
        String group = p.get("use_process") + "/" + p.get("max_concurrency");
        // each application of a group shifts all its points alike, by about 10%: judged against the
        // noise within applications only, about 57 of these 200 grids would call something REAL
        double[] app = appEffects.computeIfAbsent(group, k -> new double[] {0.10 * rnd.nextGaussian(),
            0.10 * rnd.nextGaussian()});
        double sd = 0.01 + 0.14 * rnd.nextDouble();
        List<Double> warm = new ArrayList<>();
        List<Integer> apps = new ArrayList<>();
        for (int a = 0; a < 2; a++) {
          for (int i = 0; i < 3; i++) {
            double noise = sd * studentT3(rnd) + (rnd.nextDouble() < 0.05 ? Math.log(1.5) : 0);
            warm.add(0.3 * Math.exp(app[a] + noise));
            apps.add(a);
          }
        }
        r = r.withTrial(trial(p, warm, apps));
      }
      Analysis a = Analysis.of(r);
      boolean real = a.effects().stream().anyMatch(e -> e.verdict() == Verdict.REAL);
      for (String axis : g.axisNames()) {
        real |= a.conditionalEffects(axis).stream().anyMatch(e -> e.verdict() == Verdict.REAL);
      }
      if (real) {
        anyReal++;
      }
    }
    assertTrue(anyReal <= 17, anyReal + " of 200 null grids called something REAL");
  }

  @Test
  void tiedSet_holdsTheTrulyFastestPoint_atLeast95PercentOfTheTime() {
    // twelve points, one truly 3% faster than the rest, unequal spreads: the subset selection must
    // keep it in at least 95% of grids (180 of 200 leaves room for binomial spread)
    GridInfo g = grid(axes("max_concurrency", List.of(1, 2, 3, 4), "batch_size", List.of(128, 512, 2048)));
    int kept = 0;
    int sizes = 0;
    for (long seed = 0; seed < 200; seed++) {
      Random sd = new Random(seed + 1000);
      Analysis a = Analysis.of(synthetic(g, 1, 5, 0.02 + 0.08 * sd.nextDouble(), seed,
          p -> p.get("max_concurrency").equals(2) && p.get("batch_size").equals(512) ? 0.97 : 1.0));
      sizes += a.tiedWithBest().size();
      if (a.tiedWithBest().stream().anyMatch(r -> r.trial().id().equals("max_concurrency=2,batch_size=512"))) {
        kept++;
      }
    }
    assertTrue(kept >= 180, kept + " of 200 tied sets kept the fastest point");
    assertTrue(sizes < 200 * 12, "the tied set is not always every point");
  }

  /** Student's t with 3 degrees of freedom, scaled to unit variance: heavy tails. */
  private static double studentT3(Random rnd) {
    double chi2 = 0;
    for (int i = 0; i < 3; i++) {
      double z = rnd.nextGaussian();
      chi2 += z * z;
    }
    return rnd.nextGaussian() / Math.sqrt(chi2 / 3) / Math.sqrt(3.0);
  }

  @Test
  void ranking_isByGeometricMeanAndTheTiedSetKeepsPointsNotShownSlower() {
    Results r = of(Fixtures.grid(axes("batch_size", List.of(1, 2, 3, 4)), 3),
        Fixtures.ok(params("batch_size", 1), 0, 1.0, 1.1, 0.9),
        Fixtures.ok(params("batch_size", 2), 1, 1.05, 1.15, 0.95),
        Fixtures.ok(params("batch_size", 3), 2, 2.0, 2.1, 1.9),
        Fixtures.ok(params("batch_size", 4), 3, 1.5));
    Analysis a = Analysis.of(r);
    assertEquals(List.of("batch_size=1", "batch_size=2", "batch_size=4", "batch_size=3"),
        a.ranking().stream().map(p -> p.trial().id()).toList());
    assertEquals(List.of(1, 2, 3, 4), a.ranking().stream().map(RankedPoint::rank).toList());
    assertEquals(Math.exp((Math.log(1.0) + Math.log(1.1) + Math.log(0.9)) / 3), a.best().orElseThrow().geometricMean(),
        EPS);
    // batch_size=4 has one sample: it borrows the pooled variance and is shown slower than 1 and 2
    assertEquals(List.of("batch_size=1", "batch_size=2"), a.tiedWithBest().stream().map(p -> p.trial().id()).toList());
    assertEquals("batch_size=3", a.worst().orElseThrow().trial().id());
  }

  @Test
  void withoutAnyMeasureOfSpread_everythingIsUnresolvedAndTied() {
    Results r = of(Fixtures.grid(axes("batch_size", List.of(1, 2)), 1),
        Fixtures.ok(params("batch_size", 1), 0, 1.0),
        Fixtures.ok(params("batch_size", 2), 1, 2.0));
    Analysis a = Analysis.of(r);
    assertTrue(a.noiseFloorCv().isEmpty());
    assertEquals(Verdict.UNRESOLVED, a.effect("batch_size").orElseThrow().verdict());
    assertEquals(2, a.tiedWithBest().size());
  }

  @Test
  void effects_skipAxesWithOneValueOrOneMeasuredLevel() {
    Results r = of(Fixtures.grid(axes("use_process", List.of(false), "batch_size", List.of(1, 2)), 1),
        Fixtures.ok(params("use_process", false, "batch_size", 1), 0, 1.0),
        Fixtures.failed(params("use_process", false, "batch_size", 2), 1, Status.FAILED, "boom"));
    assertEquals(List.of(), Analysis.of(r).effects());
  }

  @Test
  void theMargin_isTheGridsNegligibleEffect() {
    GridInfo tight = new GridInfo("g", "text", 1000, 1, 5, 60.0, 42L, axes("batch_size", List.of(1, 2)), 0.01, 0.0);
    GridInfo loose = new GridInfo("g", "text", 1000, 1, 5, 60.0, 42L, axes("batch_size", List.of(1, 2)), 0.2, 0.0);
    // a 10% effect, measured precisely: REAL against a 1% margin, NEGLIGIBLE against 20%
    ToDoubleFunction<Map<String, Object>> truth = p -> p.get("batch_size").equals(1) ? 1.1 : 1.0;
    assertEquals(Verdict.REAL, Analysis.of(synthetic(tight, 1, 20, 0.01, 9, truth)).effect("batch_size").orElseThrow()
        .verdict());
    assertEquals(Verdict.NEGLIGIBLE, Analysis.of(synthetic(loose, 1, 20, 0.01, 9, truth)).effect("batch_size")
        .orElseThrow().verdict());
  }

  @Test
  void unstableAndOversubscribedPoints_areFlagged() {
    Results r = of(Fixtures.grid(axes("max_concurrency", List.of(1, 2, 4)), 3),
        Fixtures.ok(params("max_concurrency", 1), 0, 1.0, 1.01, 0.99),
        Fixtures.ok(params("max_concurrency", 2), 1, 1.0, 1.0, 2.5),
        Fixtures.ok(params("max_concurrency", 4), 2, 1.0, 1.02));
    Analysis a = Analysis.of(r);
    assertEquals(List.of("max_concurrency=4"), a.oversubscribed().stream().map(p -> p.trial().id()).toList());
    Map<String, List<String>> unstable = new java.util.HashMap<>();
    a.unstable().forEach(u -> unstable.put(u.trial().id(), u.reasons()));
    assertEquals(2, unstable.size());
    assertTrue(unstable.get("max_concurrency=2").stream().anyMatch(s -> s.startsWith("CV")));
    assertTrue(unstable.get("max_concurrency=2").stream().anyMatch(s -> s.contains("above the mean")));
    assertEquals(List.of("only 2 sample(s), fewer than 3"), unstable.get("max_concurrency=4"));
  }

  @Test
  void interactions_takeGeometricMeansPerCellOverallAndPerUseProcess() {
    GridInfo grid = Fixtures.grid(axes("use_process", List.of(false, true), "max_concurrency", List.of(1, 2),
        "batch_size", List.of(128, 512)), 1);
    Results r = of(grid,
        Fixtures.ok(params("use_process", false, "max_concurrency", 1, "batch_size", 128), 0, 1.0),
        Fixtures.ok(params("use_process", false, "max_concurrency", 2, "batch_size", 128), 1, 2.0),
        Fixtures.ok(params("use_process", false, "max_concurrency", 1, "batch_size", 512), 2, 3.0),
        Fixtures.failed(params("use_process", false, "max_concurrency", 2, "batch_size", 512), 3, Status.TIMEOUT, "t"),
        Fixtures.ok(params("use_process", true, "max_concurrency", 1, "batch_size", 128), 4, 5.0),
        Fixtures.ok(params("use_process", true, "max_concurrency", 2, "batch_size", 512), 5, 7.0));
    List<Interaction> tables = Analysis.of(r).interactions();
    assertEquals(3, tables.size());
    Interaction all = tables.get(0);
    assertEquals(Map.of(), all.scope());
    assertEquals(List.of(128, 512), all.rows());
    assertEquals(List.of(1, 2), all.columns());
    assertEquals(Math.sqrt(5.0), all.cell(128, 1).orElseThrow().mean(), EPS);
    assertEquals(2, all.cell(128, 1).orElseThrow().points());
    assertEquals(7.0, all.cell(512, 2).orElseThrow().mean(), EPS);
    Interaction onePerJvm = tables.get(1);
    assertEquals(Map.of("use_process", false), onePerJvm.scope());
    assertEquals(1.0, onePerJvm.cell(128, 1).orElseThrow().mean(), EPS);
    assertTrue(onePerJvm.cell(512, 2).isEmpty());
    assertEquals(Map.of("use_process", true), tables.get(2).scope());
  }

  @Test
  void interactions_needBothBatchSizeAndConcurrency() {
    Results r = of(Fixtures.grid(axes("batch_size", List.of(1, 2)), 1), Fixtures.ok(params("batch_size", 1), 0, 1.0));
    assertEquals(List.of(), Analysis.of(r).interactions());
  }

  @Test
  void countsSpreadAndNoiseFloor_summarizeTheSweep() {
    Analysis a = Analysis.of(Fixtures.small());
    assertEquals(new Analysis.Counts(8, 7, 5, 1, 1, 5, 1), a.counts());
    Analysis.Spread s = a.spread().orElseThrow();
    double[] medians = {geo(0.2, 0.3, 0.25), geo(0.125, 0.25, 0.5), geo(0.4, 0.375, 0.45), 0.5, 1.5};
    double mean = java.util.Arrays.stream(medians).sum() / 5;
    double ss = 0;
    for (double m : medians) {
      ss += (m - mean) * (m - mean);
    }
    double std = Math.sqrt(ss / 4);
    assertEquals(medians[0], s.best(), EPS);
    assertEquals(1.5, s.worst(), EPS);
    assertEquals(mean, s.mean(), EPS);
    assertEquals(std, s.std(), EPS);
    assertEquals(1.5 - medians[0], s.range(), EPS);
    assertEquals(100 * (1.5 - medians[0]) / medians[0], s.rangePercent(), EPS);
    assertEquals(std / mean, s.cvAcrossPoints(), EPS);
    // cvs of the points with spread: 0.6547, 0.2, 0.0, 0.0935 -> median of the middle two
    assertEquals((0.2 + 0.09352195295828247) / 2, a.noiseFloorCv().getAsDouble(), 1e-9);
    assertEquals(List.of("use_process=false,max_concurrency=1,batch_size=512"),
        a.flagged().stream().map(Trial::id).toList());
    assertEquals(List.of(Status.FAILED, Status.TIMEOUT), a.failures().stream().map(Trial::status).toList());
  }

  @Test
  void withoutMeasuredPoints_thereIsNothingToRankOrRecommend() {
    Results r = of(Fixtures.grid(axes("batch_size", List.of(1)), 1),
        Fixtures.failed(params("batch_size", 1), 0, Status.FAILED, "boom"));
    Analysis a = Analysis.of(r);
    assertTrue(a.best().isEmpty());
    assertTrue(a.speedup().isEmpty());
    assertTrue(a.spread().isEmpty());
    assertEquals(List.of(), a.recommendations());
    assertFalse(a.counts().measured() > 0);
  }

  private static double geo(double... xs) {
    return Math.exp(java.util.Arrays.stream(xs).map(Math::log).average().orElseThrow());
  }

  @Test
  void holmsAdjustedP_isTheStepDownOne_andDecidesTheVerdict() {
    AxisEffect e = Analysis.of(Fixtures.clearButUnresolved()).effect("batch_size").orElseThrow();
    List<AnalysisRecords.Contrast> byP = e.contrasts().stream()
        .sorted(java.util.Comparator.comparingDouble(AnalysisRecords.Contrast::pValue)).toList();
    assertEquals(3, byP.size());
    double running = 0;
    for (int i = 0; i < 3; i++) {
      running = Math.max(running, Math.min(1, (3 - i) * byP.get(i).pValue()));
      assertEquals(running, byP.get(i).adjustedP(), 1e-12, byP.get(i).toString());
      assertEquals(running <= Analysis.ALPHA, byP.get(i).verdict() != Verdict.UNRESOLVED, byP.get(i).toString());
    }
    // the smallest p clears 0.05 alone but not 0.05 / 3: the knob stays UNRESOLVED
    assertTrue(byP.get(0).pValue() < Analysis.ALPHA && byP.get(0).pValue() > Analysis.ALPHA / 3, byP.get(0).toString());
    assertEquals(Verdict.UNRESOLVED, e.verdict());
  }
}
