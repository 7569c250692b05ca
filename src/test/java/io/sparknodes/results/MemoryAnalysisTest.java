package io.sparknodes.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.Recommendation;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The time-memory front and the memory-constrained pick, on synthetic points whose answer is known. */
class MemoryAnalysisTest {
  private static final long MIB = 1 << 20;

  /** Points of batch_size {@code sizes} with these geometric times and retained MiB (0: not measured). */
  private static Results sweep(List<Object> sizes, double[] seconds, long[] mib) {
    GridInfo grid = Fixtures.grid(Fixtures.axes("batch_size", sizes), 5);
    Results r = Results.start(Fixtures.environment(), grid, Fixtures.T0);
    for (int i = 0; i < sizes.size(); i++) {
      double m = seconds[i];
      Trial.Builder b = Trial.builder(Map.of("batch_size", sizes.get(i))).status(Status.OK)
          .warmSeconds(List.of(m * 0.99, m * 1.005, m, m * 1.01, m * 0.995), 1000)
          .startedAt(Fixtures.T0.plusSeconds(60L * i)).finishedAt(Fixtures.T0.plusSeconds(60L * i + 30));
      if (mib[i] > 0) {
        b.memory(new Memory(OptionalDouble.of(4096), OptionalLong.of(mib[i] * MIB), 1, true));
      }
      r = r.withTrial(b.build());
    }
    return r;
  }

  private static Map<Object, Boolean> front(Analysis a) {
    Map<Object, Boolean> m = new java.util.LinkedHashMap<>();
    a.memoryFront().forEach(p -> m.put(p.point().trial().params().get("batch_size"), p.onFront()));
    return m;
  }

  @Test
  void front_keepsExactlyThePointsNoOtherIsBothFasterAndSmallerThan() {
    // 64 is dominated by 256 (slower and larger); the others trade time for memory.
    Analysis a = Analysis.of(sweep(List.of(16, 64, 256, 4096), new double[] {4, 3, 2, 1}, new long[] {100, 400, 300, 900}));
    assertEquals(Map.of(16, true, 64, false, 256, true, 4096, true), front(a));
  }

  @Test
  void memoryConstrained_isTheSmallestHeapOnTheFrontAmongThePointsTiedWithTheBest() {
    // 256 and 4096 are 1% apart (tied); 16 is 4x slower with the least heap; 256 is picked, not 16.
    Analysis a = Analysis.of(sweep(List.of(16, 256, 4096), new double[] {2.0, 0.505, 0.5}, new long[] {100, 300, 900}));
    assertEquals(2, a.tiedWithBest().size());
    Recommendation r = a.recommendation(Recommendation.UseCase.MEMORY_CONSTRAINED).orElseThrow();
    assertEquals(256, r.params().get("batch_size"));
    assertTrue(r.reasons().get(0).startsWith("least retained heap (300.0 MiB) on the time-memory front"), r.reasons().toString());
  }

  @Test
  void memoryConstrained_saysWhatItCostsInTime_whenNoTiedPointHasAHeapFigure() {
    Analysis a = Analysis.of(sweep(List.of(16, 256, 4096), new double[] {2.0, 1.0, 0.5}, new long[] {100, 300, 0}));
    Recommendation r = a.recommendation(Recommendation.UseCase.MEMORY_CONSTRAINED).orElseThrow();
    assertEquals(16, r.params().get("batch_size"));
    assertTrue(r.reasons().get(0).contains("costs 4.00x the best point's time"), r.reasons().toString());
    assertTrue(r.caveats().get(0).startsWith("1 of the 3 measured points have no retained-heap figure"), r.caveats().toString());
  }

  @Test
  void withoutAnyMeasuredHeap_theProxyIsSaidToBeOne() {
    Analysis a = Analysis.of(sweep(List.of(16, 256), new double[] {1.0, 1.001}, new long[] {0, 0}));
    assertTrue(a.memoryFront().isEmpty());
    Recommendation r = a.recommendation(Recommendation.UseCase.MEMORY_CONSTRAINED).orElseThrow();
    assertEquals(16, r.params().get("batch_size"));
    assertTrue(r.caveats().get(0).startsWith("memory was not measured for any point"), r.caveats().toString());
  }

  @Test
  void auto_isALevelOfItsOwn_inEffectsAndOrdering() {
    Analysis a = Analysis.of(sweep(List.of("auto", 16, 4096), new double[] {0.5, 2.0, 0.5}, new long[] {200, 100, 900}));
    Analysis.AxisEffect e = a.effect("batch_size").orElseThrow();
    assertEquals(List.of(16, 4096, "auto"), e.levels().stream().map(Analysis.Level::value).sorted(Values.NATURAL).toList());
    assertEquals(3, e.levels().size());
    assertFalse(a.memoryFront().stream().filter(p -> p.point().trial().params().get("batch_size").equals("auto"))
        .findFirst().orElseThrow().onFront() == false);
  }

  @Test
  void memoryOfTwoApplications_averagesBytesPerItem_andKeepsTheLargerHeap() {
    Memory first = new Memory(OptionalDouble.of(4000), OptionalLong.of(100 * MIB), 1, true);
    Memory later = new Memory(OptionalDouble.of(4200), OptionalLong.empty(), 0, false);
    assertEquals(new Memory(OptionalDouble.of(4100), OptionalLong.of(100 * MIB), 1, true), first.merge(later));
    assertEquals(new Memory(OptionalDouble.of(4100), OptionalLong.of(100 * MIB), 1, true), later.merge(first));
    Memory bigger = new Memory(OptionalDouble.empty(), OptionalLong.of(300 * MIB), 2, false);
    assertEquals(new Memory(OptionalDouble.of(4000), OptionalLong.of(300 * MIB), 2, false), first.merge(bigger));
  }
}
