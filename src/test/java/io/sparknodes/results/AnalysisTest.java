package io.sparknodes.results;

import static io.sparknodes.results.Fixtures.axes;
import static io.sparknodes.results.Fixtures.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.Analysis.AxisEffect;
import io.sparknodes.results.Analysis.Interaction;
import io.sparknodes.results.Analysis.Level;
import io.sparknodes.results.Analysis.RankedPoint;
import io.sparknodes.results.Analysis.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalysisTest {
  private static final double EPS = 1e-9;
  /** t(0.975, 1), for intervals across two points. */
  private static final double T1 = 12.706204736174698;

  private static Results of(GridInfo grid, Trial... trials) {
    Results r = Results.start(Fixtures.environment(), grid, Fixtures.T0);
    for (Trial t : trials) {
      r = r.withTrial(t);
    }
    return r;
  }

  /** Three samples m * {0.99, 1, 1.01}: median m, within-point cv 0.01. */
  private static double[] tight(double m) {
    return new double[] {m * 0.99, m, m * 1.01};
  }

  @Test
  void ranking_ordersByMedianAndMarksPointsTiedWithTheBest() {
    Results r = of(Fixtures.grid(axes("batch_size", List.of(1, 2, 3, 4)), 3),
        Fixtures.ok(params("batch_size", 1), 0, 1.0, 1.1, 0.9),
        Fixtures.ok(params("batch_size", 2), 1, 1.05, 1.15, 0.95),
        Fixtures.ok(params("batch_size", 3), 2, 2.0, 2.1, 1.9),
        Fixtures.ok(params("batch_size", 4), 3, 1.5));
    Analysis a = Analysis.of(r);
    assertEquals(List.of("batch_size=1", "batch_size=2", "batch_size=4", "batch_size=3"),
        a.ranking().stream().map(p -> p.trial().id()).toList());
    assertEquals(List.of(1, 2, 3, 4), a.ranking().stream().map(RankedPoint::rank).toList());
    assertEquals(List.of("batch_size=1", "batch_size=2"), a.tiedWithBest().stream().map(p -> p.trial().id()).toList());
    assertEquals(2.0, a.speedup().getAsDouble(), EPS);
    assertEquals("batch_size=3", a.worst().orElseThrow().trial().id());
  }

  @Test
  void tie_withASingleSample_fallsBackToOverlappingIntervals() {
    Results r = of(Fixtures.grid(axes("batch_size", List.of(1, 2)), 3),
        Fixtures.ok(params("batch_size", 1), 0, 1.0, 1.1, 0.9),
        Fixtures.ok(params("batch_size", 2), 1, 1.2)); // inside 1.0 +- 4.303 * 0.1 / sqrt(3)
    assertTrue(Analysis.of(r).ranking().get(1).tiedWithBest());
  }

  @Test
  void effects_separateARealKnobFromNoise() {
    Results r = of(Fixtures.grid(axes("use_process", List.of(false, true), "batch_size", List.of(128, 512)), 3),
        Fixtures.ok(params("use_process", false, "batch_size", 128), 0, tight(2.0)),
        Fixtures.ok(params("use_process", false, "batch_size", 512), 1, tight(2.02)),
        Fixtures.ok(params("use_process", true, "batch_size", 128), 2, tight(1.0)),
        Fixtures.ok(params("use_process", true, "batch_size", 512), 3, tight(1.02)));
    Analysis a = Analysis.of(r);
    assertEquals(0.01, a.noiseFloorCv().getAsDouble(), 1e-12);

    AxisEffect process = a.effect("use_process").orElseThrow();
    assertEquals(Verdict.REAL, process.verdict());
    Level slow = process.levels().get(0);
    Level fast = process.levels().get(1);
    assertEquals(false, slow.value());
    assertEquals(2, slow.points());
    assertEquals(2.01, slow.mean(), EPS);
    assertEquals(T1 * 0.01, slow.halfWidth(), 1e-6); // sd(2.0, 2.02) / sqrt(2) = 0.01
    assertEquals(1.01, fast.mean(), EPS);
    assertEquals(2.01 / 1.01, fast.speedupVsWorst(), EPS);
    assertEquals(1.0, slow.speedupVsWorst(), EPS);
    assertEquals(fast, process.best());
    assertEquals(1.0, process.difference(), EPS);
    assertEquals(2, process.pairs());
    assertEquals(Analysis.SignificanceTest.PAIRED_INTERVAL, process.test());
    assertEquals((1.0 + 1.0 / 1.02) / 2, process.relativeEffect(), EPS);
    assertEquals(0.01, process.noiseFloor(), 1e-12);

    // 128 is faster in both pairs, by 1% and 2%: not consistent enough over two pairs to be significant
    AxisEffect batch = a.effect("batch_size").orElseThrow();
    assertEquals(Verdict.NOISE, batch.verdict());
    assertFalse(batch.significant());
    assertEquals(1.5, batch.levels().get(0).mean(), EPS);
    assertEquals(1.52, batch.levels().get(1).mean(), EPS);
    assertEquals(0.02, batch.difference(), EPS);
  }

  @Test
  void effect_smallerThanTheNoiseFloor_isNoiseEvenWithSeparateIntervals() {
    Map<String, List<Object>> axes = axes("batch_size", List.of(128, 512), "spark.x", List.of("a", "b"));
    // levels {1.0, 1.0} and {1.05, 1.05}: zero-width intervals, difference 0.05
    Results noisy = of(Fixtures.grid(axes, 3),
        Fixtures.ok(params("batch_size", 128, "spark.x", "a"), 0, 0.9, 1.0, 1.1),
        Fixtures.ok(params("batch_size", 128, "spark.x", "b"), 1, 0.9, 1.0, 1.1),
        Fixtures.ok(params("batch_size", 512, "spark.x", "a"), 2, 0.945, 1.05, 1.155),
        Fixtures.ok(params("batch_size", 512, "spark.x", "b"), 3, 0.945, 1.05, 1.155));
    AxisEffect e = Analysis.of(noisy).effect("batch_size").orElseThrow();
    assertEquals(0.0, e.relativeMargin(), EPS);
    assertTrue(e.significant());
    assertEquals(0.05, e.relativeEffect(), 1e-9);
    assertEquals(0.1, e.noiseFloor(), 1e-9);
    assertEquals(Verdict.NOISE, e.verdict());

    Results quiet = of(Fixtures.grid(axes, 3),
        Fixtures.ok(params("batch_size", 128, "spark.x", "a"), 0, tight(1.0)),
        Fixtures.ok(params("batch_size", 128, "spark.x", "b"), 1, tight(1.0)),
        Fixtures.ok(params("batch_size", 512, "spark.x", "a"), 2, tight(1.05)),
        Fixtures.ok(params("batch_size", 512, "spark.x", "b"), 3, tight(1.05)));
    assertEquals(Verdict.REAL, Analysis.of(quiet).effect("batch_size").orElseThrow().verdict());
  }

  @Test
  void effect_consistentAcrossOtherSettings_isRealEvenWhenAnotherKnobDominates() {
    Results r = of(Fixtures.grid(axes("use_process", List.of(false, true), "batch_size", List.of(128, 512)), 3),
        Fixtures.ok(params("use_process", false, "batch_size", 128), 0, tight(2.2)),
        Fixtures.ok(params("use_process", false, "batch_size", 512), 1, tight(2.0)),
        Fixtures.ok(params("use_process", true, "batch_size", 128), 2, tight(1.1)),
        Fixtures.ok(params("use_process", true, "batch_size", 512), 3, tight(1.0)));
    AxisEffect batch = Analysis.of(r).effect("batch_size").orElseThrow();
    // the level intervals across points overlap widely (use_process dominates), the pairs agree
    assertTrue(batch.best().ciHigh() > batch.worst().ciLow());
    assertEquals(512, batch.best().value());
    assertEquals(0.1, batch.relativeEffect(), 1e-9);
    assertEquals(Verdict.REAL, batch.verdict());
  }

  @Test
  void effect_withOneMatchedPair_usesWelchOnTheTwoPoints() {
    Results r = of(Fixtures.grid(axes("batch_size", List.of(1, 2)), 3),
        Fixtures.ok(params("batch_size", 1), 0, tight(1.0)),
        Fixtures.ok(params("batch_size", 2), 1, tight(1.1)));
    AxisEffect e = Analysis.of(r).effect("batch_size").orElseThrow();
    assertEquals(1, e.pairs());
    assertEquals(Analysis.SignificanceTest.WELCH, e.test());
    assertEquals(Verdict.REAL, e.verdict());
  }

  @Test
  void effect_withoutMatchedPairs_comparesTheLevelIntervals() {
    Results r = of(Fixtures.grid(axes("batch_size", List.of(1, 2), "spark.x", List.of("a", "b", "c", "d")), 3),
        Fixtures.ok(params("batch_size", 1, "spark.x", "a"), 0, tight(1.0)),
        Fixtures.ok(params("batch_size", 1, "spark.x", "b"), 1, tight(1.0)),
        Fixtures.ok(params("batch_size", 2, "spark.x", "c"), 2, tight(1.5)),
        Fixtures.ok(params("batch_size", 2, "spark.x", "d"), 3, tight(1.5)));
    AxisEffect e = Analysis.of(r).effect("batch_size").orElseThrow();
    assertEquals(0, e.pairs());
    assertEquals(Analysis.SignificanceTest.LEVEL_INTERVALS, e.test());
    assertEquals(0.5, e.relativeEffect(), 1e-9);
    assertEquals(Verdict.REAL, e.verdict());
  }

  @Test
  void effect_withoutAnyMeasureOfSpread_isNoise() {
    Results r = of(Fixtures.grid(axes("batch_size", List.of(1, 2)), 1),
        Fixtures.ok(params("batch_size", 1), 0, 1.0),
        Fixtures.ok(params("batch_size", 2), 1, 2.0));
    Analysis a = Analysis.of(r);
    assertTrue(a.noiseFloorCv().isEmpty());
    assertEquals(Analysis.SignificanceTest.NONE, a.effect("batch_size").orElseThrow().test());
    assertEquals(Verdict.NOISE, a.effect("batch_size").orElseThrow().verdict());
  }

  @Test
  void effects_skipAxesWithOneValueOrOneMeasuredLevel() {
    Results r = of(Fixtures.grid(axes("use_process", List.of(false), "batch_size", List.of(1, 2)), 1),
        Fixtures.ok(params("use_process", false, "batch_size", 1), 0, 1.0),
        Fixtures.failed(params("use_process", false, "batch_size", 2), 1, Status.FAILED, "boom"));
    assertEquals(List.of(), Analysis.of(r).effects());
  }

  @Test
  void interactions_averageMediansPerCellOverallAndPerUseProcess() {
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
    assertEquals(3.0, all.cell(128, 1).orElseThrow().mean(), EPS);
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
    double[] medians = {0.25, 0.25, 0.4, 0.5, 1.5};
    double mean = 2.9 / 5;
    double ss = 0;
    for (double m : medians) {
      ss += (m - mean) * (m - mean);
    }
    double std = Math.sqrt(ss / 4);
    assertEquals(0.25, s.best(), EPS);
    assertEquals(1.5, s.worst(), EPS);
    assertEquals(mean, s.mean(), EPS);
    assertEquals(std, s.std(), EPS);
    assertEquals(1.25, s.range(), EPS);
    assertEquals(500.0, s.rangePercent(), EPS);
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
}
