package io.sparknodes.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every benchmark at tiny scale, once: structure only (variants, samples, checks, JSON), never a time. */
class BenchSmokeTest {
  private static final BenchOptions OPTIONS = BenchOptions.defaults(Scale.TINY);
  private static BenchReport report;
  private static final List<String> LOG = new ArrayList<>();

  @BeforeAll
  static void runAll() throws Exception {
    report = Benchmarks.run(Benchmarks.names(), OPTIONS, LOG::add);
  }

  private static BenchResult bench(String name) {
    return report.benchmarks().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
  }

  private static List<String> variantNames(String bench) {
    return bench(bench).variants().stream().map(VariantResult::name).toList();
  }

  @Test
  void all_runsEveryBenchmarkInOrder() {
    assertEquals(List.of("stateful", "batch", "overhead", "scale", "partitions", "cache"),
        report.benchmarks().stream().map(BenchResult::name).toList());
    assertTrue(LOG.stream().anyMatch(l -> l.startsWith("scale: measured round 2/2")), String.join("\n", LOG));
  }

  @Test
  void everyVariant_hasOneSamplePerMeasuredRound_andEveryRunChecked() {
    for (BenchResult b : report.benchmarks()) {
      for (VariantResult v : b.variants()) {
        String what = b.name() + " / " + v.name();
        assertEquals(OPTIONS.repeats(), v.samples().size(), what);
        assertEquals(OPTIONS.repeats(), v.cpuSamples().size(), what);
        assertEquals(OPTIONS.repeats(), v.summary().n(), what);
        assertTrue(v.samples().stream().allMatch(s -> s > 0), what);
        // The per-session variants of scale warm up inside each run; the others in warm-up rounds.
        int rounds = v.name().startsWith("local[") ? OPTIONS.repeats() : OPTIONS.warmup() + OPTIONS.repeats();
        assertEquals(rounds * v.runsPerSample(), v.checked(), what);
      }
    }
  }

  @Test
  void everyRatio_pairsTheMeasuredRounds() {
    for (BenchResult b : report.benchmarks()) {
      assertFalse(b.ratios().isEmpty(), b.name());
      for (Ratio r : b.ratios()) {
        assertEquals(OPTIONS.repeats(), r.wall().pairs(), r.label());
        assertTrue(r.wall().ratio() > 0 && r.wall().ciLow() <= r.wall().geoMean()
            && r.wall().geoMean() <= r.wall().ciHigh(), r.label());
        assertTrue(b.variant(r.numerator()).isPresent() && b.variant(r.denominator()).isPresent(), r.label());
      }
    }
  }

  @Test
  void stateful_countsModelsBuilt_perBatchNaively_andOnceForTheApplication() {
    assertEquals(List.of("naive b=64", "stateful b=64"), variantNames("stateful"));
    VariantResult naive = bench("stateful").variant("naive b=64").orElseThrow();
    VariantResult stateful = bench("stateful").variant("stateful b=64").orElseThrow();
    // 200 items on every core: 4 partitions a slot, each under 64 rows, so one batch a partition.
    long batches = Math.min(200, io.sparknodes.spark.internal.SparkSettings.PARTITIONS_PER_SLOT_DEFAULT
        * io.sparknodes.config.Defaults.MAX_CONCURRENCY);
    assertEquals(batches * OPTIONS.repeats(), naive.counts().get(StatefulBench.BUILT));
    assertEquals(0L, stateful.counts().get(StatefulBench.BUILT));
    assertEquals(1L, stateful.warmupCounts().get(StatefulBench.BUILT));
  }

  @Test
  void batch_comparesRowUdf_engine_andHandWrittenSpark() {
    assertEquals(List.of(BatchBench.UDF, BatchBench.ENGINE_BATCH, BatchBench.ENGINE_ROW, BatchBench.HAND),
        variantNames("batch"));
  }

  @Test
  void overhead_comparesEngine_handWrittenSpark_andJava_atTwoSizes() {
    assertEquals(List.of("engine 100", "spark 100", "loop 100", "parallel 100",
        "engine 300", "spark 300", "loop 300", "parallel 300"), variantNames("overhead"));
    assertEquals("engine / hand-written Spark, 100", bench("overhead").ratios().get(0).label());
    assertEquals(2, bench("overhead").variant("engine 100").orElseThrow().runsPerSample());
  }

  @Test
  void scale_coversItems_andMaxConcurrency() {
    assertEquals(List.of("items 100", "items 300", "local[1]", "local[2]"), variantNames("scale"));
    assertEquals(OPTIONS.repeats(), bench("scale").variant("local[2]").orElseThrow().counts().get("sessions"));
  }

  @Test
  void partitions_comparesBatchSizes_defaultSpark_theLoop_andPartitionsPerSlot() {
    assertEquals(List.of(PartitionsBench.B128, PartitionsBench.B8192, PartitionsBench.DEFAULTS,
        PartitionsBench.perSlot(1), PartitionsBench.perSlot(4), PartitionsBench.SPARK, PartitionsBench.LOOP),
        variantNames("partitions"));
    assertEquals("batch_size 128 / batch_size 8192, 2k", bench("partitions").ratios().get(0).label());
    assertTrue(bench("partitions").notes().stream().anyMatch(n -> n.startsWith("engine defaults: ")
        && n.contains(" partitions of at most ")), bench("partitions").notes().toString());
  }

  @Test
  void json_parses_andHoldsEverySample() throws Exception {
    JsonNode root = new ObjectMapper().readTree(BenchJson.write(report));
    assertEquals(BenchJson.FORMAT, root.get("format").asInt());
    assertEquals("tiny", root.get("options").get("scale").asText());
    JsonNode benchmarks = root.get("benchmarks");
    assertEquals(report.benchmarks().size(), benchmarks.size());
    for (JsonNode b : benchmarks) {
      for (JsonNode v : b.get("variants")) {
        assertEquals(OPTIONS.repeats(), v.get("samples").size(), v.get("name").asText());
        assertEquals(OPTIONS.repeats(), v.get("summary").get("n").asInt());
      }
      for (JsonNode r : b.get("ratios")) {
        assertTrue(r.get("wall").get("ratio").isNumber(), r.toString());
      }
    }
  }

  @Test
  void markdown_hasASectionAndARatioTablePerBenchmark() {
    String md = BenchMarkdown.render(report);
    for (BenchResult b : report.benchmarks()) {
      assertTrue(md.contains("## " + b.name() + ": "), b.name());
      for (Ratio r : b.ratios()) {
        assertTrue(md.contains("| " + r.label() + " | "), r.label());
      }
    }
    assertTrue(md.startsWith("# Benchmarks\n"));
    Map<String, Object> params = bench("overhead").params();
    assertEquals(OverheadBench.TARGET, params.get("target"));
  }
}
