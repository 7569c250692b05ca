package io.sparknodes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.config.AutoBatching;
import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.ExecutionReport;
import io.sparknodes.pipeline.LocalEngine;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.Stateful;
import io.sparknodes.workloads.Embeddings;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** batch_size=auto on the Spark engine: sizes chosen as the node runs, asserted on the sizes reported. */
class AutoBatchTest {
  private static SparkEngine spark;

  @BeforeAll
  static void start() {
    spark = SparkEngine.start(ExecutionConfig.builder().maxConcurrency(2).autoBatchSize().build());
  }

  @AfterAll
  static void stop() {
    spark.close();
  }

  private static List<Integer> items(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  /** A batch function whose every call costs a fixed 5 ms, whatever its size. */
  private static Pipeline fixedCostPerCall() {
    return Pipeline.of(Node.named("slow").inputs("x").batch((List<Integer> xs) -> {
      Thread.sleep(5);
      return xs.stream().map(x -> x + 1).toList();
    }));
  }

  @Test
  void auto_settlesOnLargeBatches_whenEveryCallHasAFixedCost() {
    MapResult r = fixedCostPerCall().withEngine(spark).map(Map.of("x", items(200_000)), "x");
    assertEquals(200_000, r.size());
    assertEquals(items(200_000).stream().map(x -> x + 1).toList(), r.column("slow"));
    ExecutionReport.AutoBatch auto = r.report().autoBatches().get("slow");
    assertTrue(auto.settled() >= 4096, "settled at " + auto + ", batches " + r.report().batches());
    assertTrue(r.report().batches().get("slow").max() >= 4096, "batches " + r.report().batches());
    assertTrue(r.report().nodeConfigs().get("slow").autoBatchSize());
    // One sizer per executor for the whole map: local[2] is one executor, whatever its tasks.
    assertEquals(1, auto.sizers());
  }

  @Test
  void auto_worksForRowFunctions_andKeepsEveryRowInOrder() {
    Pipeline rows = Pipeline.of(Node.named("sq").inputs("x").row((Integer x) -> (long) x * x));
    MapResult r = rows.withEngine(spark).map(Map.of("x", items(50_000)), "x");
    assertEquals(items(50_000).stream().map(x -> (long) x * x).toList(), r.column("sq"));
    ExecutionReport.AutoBatch auto = r.report().autoBatches().get("sq");
    assertTrue(auto.chosen() > 1, "" + auto);
    assertEquals(50_000, r.report().batches().get("sq").rows());
  }

  @Test
  void auto_staysUnderTheByteCap_onTheMemoryHeavyWorkload() {
    long cap = 4L << 20;
    Embeddings w = new Embeddings();
    SparkEngine capped = new SparkEngine(spark.session(), ExecutionConfig.builder().maxConcurrency(2).autoBatchSize()
        .spark(AutoBatching.MAX_BYTES, Long.toString(cap)).build());
    List<?> items = w.items(40_000);
    MapResult r = w.pipeline().withEngine(capped).map(w.inputs(items, w.constants()), "text");
    assertTrue(w.check(items, r).isEmpty(), w.check(items, r).orElse(""));
    ExecutionReport.AutoBatch auto = r.report().autoBatches().get("score");
    // A row holds a 4 KiB embedding, so 4 MiB a call is at most about 1,000 rows.
    assertTrue(auto.memoryCap() <= cap / (Embeddings.DIM * 4), "" + auto);
    assertTrue(auto.memoryCap() >= 100, "" + auto);
    assertTrue(auto.largest() <= auto.memoryCap(), "" + auto);
    assertTrue(r.report().batches().get("score").max() <= auto.memoryCap(), "" + r.report().batches());
  }

  @Test
  void auto_onTheLocalEngine_reportsItsSizer() {
    MapResult r = fixedCostPerCall().withEngine(new LocalEngine(ExecutionConfig.builder().autoBatchSize().build()))
        .map(Map.of("x", items(20_000)), "x");
    assertEquals(items(20_000).stream().map(x -> x + 1).toList(), r.column("slow"));
    ExecutionReport.AutoBatch auto = r.report().autoBatches().get("slow");
    assertTrue(auto.largest() >= 4096, "" + auto);
    assertEquals("auto", r.report().nodeConfigs().get("slow").toMap().get("batch_size"));
  }

  @Test
  void auto_overADataset_addsTheColumnAndReportsItsSizer() {
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> data = spark.session().range(30_000).toDF("x")
        .repartition(3);
    Pipeline p = Pipeline.of(Node.named("twice").inputs("x").returns(Long.class)
        .batch((List<Long> xs) -> xs.stream().map(x -> 2 * x).toList()));
    SparkEngine.DatasetResult result = spark.map(p, data, Map.of());
    List<org.apache.spark.sql.Row> rows = result.dataset().collectAsList();
    assertEquals(30_000, rows.size());
    for (org.apache.spark.sql.Row r : rows) {
      assertEquals(2 * r.getLong(0), (long) r.getAs("twice"));
    }
    ExecutionReport.AutoBatch auto = result.report().autoBatches().get("twice");
    assertTrue(auto.chosen() > 1 && auto.largest() > 1, "" + auto);
    assertEquals(30_000, result.report().batches().get("twice").rows());
  }

  @Test
  void aStatefulInputIsStillBuiltOncePerExecutor_underAuto() {
    Pipeline p = Pipeline.of(Node.named("n").inputs("x", "m").row((Integer x, StringBuilder m) -> x));
    MapResult r = p.withEngine(spark).map(Map.of("x", items(10_000), "m", Stateful.of(StringBuilder::new)), "x");
    assertEquals(1, r.report().instancesBuilt("m"));
  }
}
