package io.sparknodes.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.Statistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runner, the ratios and the options, without Spark. */
class RoundsTest {
  private static final List<String> ITEMS = Work.items(5);

  private static VariantResult result(String name, List<Double> samples) {
    return result(name, samples, samples);
  }

  private static VariantResult result(String name, List<Double> samples, List<Double> cpu) {
    return new VariantResult(name, name, 1, 1, samples, Statistics.summarize(samples, 1), cpu,
        Statistics.summarize(cpu, 1), Map.of(), Map.of(), samples.size());
  }

  @Test
  void rounds_runEveryVariantOncePerRound_inASeededShuffledOrder() throws Exception {
    List<String> order = new ArrayList<>();
    List<Variant> variants = new ArrayList<>();
    for (String name : List.of("a", "b", "c")) {
      variants.add(new Variant(name, name, ITEMS, watch -> {
        order.add(name);
        return Variant.Outcome.of(Work.normalizeAll(ITEMS));
      }));
    }
    BenchOptions options = new BenchOptions(1, 5, Scale.TINY, 7);
    List<VariantResult> results = Rounds.run(variants, options, 0, line -> { });

    assertEquals(18, order.size());
    for (int round = 0; round < 6; round++) {
      assertEquals(List.of("a", "b", "c"), order.subList(3 * round, 3 * round + 3).stream().sorted().toList());
    }
    assertTrue(java.util.stream.IntStream.range(0, 6)
        .anyMatch(r -> !order.subList(3 * r, 3 * r + 3).equals(List.of("a", "b", "c"))), "rounds are shuffled: " + order);
    List<String> again = new ArrayList<>();
    List<Variant> same = variants.stream().map(v -> new Variant(v.name(), v.description(), ITEMS, watch -> {
      again.add(v.name());
      return Variant.Outcome.of(Work.normalizeAll(ITEMS));
    })).toList();
    Rounds.run(same, options, 0, line -> { });
    assertEquals(order, again, "the same seed gives the same order");
    assertEquals(List.of("a", "b", "c"), results.stream().map(VariantResult::name).toList());
    assertTrue(results.stream().allMatch(r -> r.samples().size() == 5 && r.checked() == 6));
  }

  @Test
  void aSampleOfSeveralRuns_checksEveryRun_andCountsThemAll() throws Exception {
    int[] calls = {0};
    Variant burst = new Variant("burst", "three runs per sample", ITEMS, 3, watch -> {
      calls[0]++;
      return new Variant.Outcome(Work.normalizeAll(ITEMS), Map.of("calls", 1L));
    });
    VariantResult r = Rounds.run(List.of(burst), new BenchOptions(1, 2, Scale.TINY, 1), 0, line -> { }).get(0);
    assertEquals(9, calls[0]);
    assertEquals(9, r.checked());
    assertEquals(2, r.samples().size());
    assertEquals(3, r.runsPerSample());
    assertEquals(6L, r.counts().get("calls"));
    assertEquals(3L, r.warmupCounts().get("calls"));
  }

  @Test
  void wrongOutput_failsTheBenchmark_namingTheVariant() {
    Variant broken = new Variant("broken", "drops an item", ITEMS,
        watch -> Variant.Outcome.of(Work.normalizeAll(ITEMS).subList(1, ITEMS.size())));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Rounds.run(List.of(broken), new BenchOptions(0, 2, Scale.TINY, 1), 0, line -> { }));
    assertEquals("variant 'broken' produced a wrong output in round 1: expected 5 outputs but got 4", e.getMessage());
  }

  @Test
  void wrongContent_isCaughtToo() {
    List<String> out = new ArrayList<>(Work.normalizeAll(ITEMS));
    out.set(3, "x");
    assertEquals("item 3: expected \"text 3\" but got x", Work.check(ITEMS, out).orElseThrow());
  }

  @Test
  void ratio_isTheRatioOfMedians_withTheIntervalOfThePairedRatios() {
    VariantResult a = result("a", List.of(2.0, 4.0, 6.0, 8.0, 10.0));
    VariantResult b = result("b", List.of(1.0, 2.0, 3.0, 4.0, 5.0));
    Ratio r = Ratio.of("a / b", a, b);
    assertEquals(2.0, r.wall().ratio(), 1e-12);
    assertEquals(2.0, r.wall().geoMean(), 1e-12);
    assertEquals(2.0, r.wall().ciLow(), 1e-9);
    assertEquals(2.0, r.wall().ciHigh(), 1e-9);
    assertEquals(5, r.wall().pairs());
    assertTrue(r.cpu().isPresent());
  }

  @Test
  void cpuRatio_isLeftOut_whenARunTookLessCpuThanTheClockCanTell() {
    VariantResult a = result("a", List.of(0.02, 0.03), List.of(0.02, 0.03));
    VariantResult b = result("b", List.of(0.01, 0.012), List.of(0.01, 0.0));
    Ratio r = Ratio.of("a / b", a, b);
    assertEquals(Ratio.Spread.NONE, r.cpu());
  }

  @Test
  void badOptions_areRefusedWithExactMessages() {
    assertEquals("repeats must be at least 2 but was 1",
        assertThrows(IllegalArgumentException.class, () -> new BenchOptions(0, 1, Scale.TINY, 1)).getMessage());
    assertEquals("repeats must be at least 5 at full scale but was 3",
        assertThrows(IllegalArgumentException.class, () -> new BenchOptions(0, 3, Scale.FULL, 1)).getMessage());
    assertEquals("warmup must not be negative but was -1",
        assertThrows(IllegalArgumentException.class, () -> new BenchOptions(-1, 5, Scale.FULL, 1)).getMessage());
    assertEquals("scale must be tiny or full but was 'huge'",
        assertThrows(IllegalArgumentException.class, () -> Scale.parse("huge")).getMessage());
    assertEquals("unknown benchmark 'speed': expected one of [stateful, batch, overhead, scale, partitions, cache] or all",
        assertThrows(IllegalArgumentException.class, () -> Benchmarks.resolve("speed")).getMessage());
  }
}
