package io.sparknodes.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.results.Results;
import io.sparknodes.results.Status;
import io.sparknodes.results.Trial;
import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.spark.SparkEngine;
import io.sparknodes.workloads.Workloads;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A sweep on a session someone else made (local[2] here): what it honours, what it refuses, what it leaves. */
class InSessionSweepTest {
  private static SparkEngine owner;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    owner = SparkEngine.start(ExecutionConfig.builder().maxConcurrency(2).useProcess(false).build());
    spark = owner.session();
  }

  @AfterAll
  static void stop() {
    owner.close();
  }

  private static Grid grid(String axes) {
    return Grid.parse("{\"workload\": \"text-normalize\", \"items\": 480, \"warmup\": 1, \"repeats\": 2,"
        + " \"min_sample_seconds\": 0.01, \"axes\": {" + axes + "}}");
  }

  @Test
  void batchSizeAndConcurrencyCap_runInTheSession_everyPointOkWithoutFlags() {
    spark.conf().set("spark.sql.shuffle.partitions", "11");
    Results results = InSessionSweep.run(spark,
        grid("\"max_concurrency\": [1, 2], \"batch_size\": [30, 60], \"spark.sql.shuffle.partitions\": [3]"));
    assertEquals(4, results.trials().size());
    for (Trial t : results.trials()) {
      assertEquals(Status.OK, t.status(), t.id() + ": " + t.error().orElse(""));
      // No layout or engine flag (a warm-up cut by its cap on a busy machine is not one).
      assertEquals(List.of(), t.flags().stream().filter(f -> !f.startsWith("warm-up stopped")).toList(), t.id());
      assertEquals(2, t.warmSeconds().size(), t.id());
      int batch = (Integer) t.params().get("batch_size");
      int cap = (Integer) t.params().get("max_concurrency");
      assertEquals(batch, t.observed().orElseThrow().batchMax(), t.id());
      // 480 items on 2 cores: 8 partitions of 60; a cap below the cores coalesces them to that many.
      assertEquals(cap < 2 ? cap : 8, t.observed().orElseThrow().partitions(), t.id());
    }
    assertEquals(spark.sparkContext().master(), results.environment().master());
    assertTrue(Analysis.of(results).best().isPresent());
    assertEquals(1, Analysis.of(results).interactions().size(), "a batch_size x max_concurrency table for the heat map");
    assertFalse(spark.sparkContext().isStopped(), "the session someone else made is left running");
    assertEquals("11", spark.conf().get("spark.sql.shuffle.partitions"), "runtime settings are restored");
  }

  @Test
  void useProcessAxis_isRefused_sayingItNeedsANewApplication() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InSessionSweep.run(spark, grid("\"use_process\": [false, true], \"batch_size\": [10]")));
    assertTrue(e.getMessage().startsWith("axis use_process cannot be swept in a running session: threads or separate"
        + " executor JVMs are chosen when an application starts, and this one runs threads of one JVM on local[2]"),
        e.getMessage());
  }

  @Test
  void maxConcurrencyAboveTheSessionsCores_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InSessionSweep.run(spark, grid("\"max_concurrency\": [2, 4]")));
    assertTrue(e.getMessage().startsWith("axis max_concurrency asks 4 but the session on local[2] has 2 cores:"
        + " a running application cannot add executors"), e.getMessage());
  }

  @Test
  void startupSparkSetting_isRefused_runtimeSqlSettingIsNot() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InSessionSweep.run(spark, grid("\"spark.executor.memory\": [\"1g\"]")));
    assertTrue(e.getMessage().startsWith("axis spark.executor.memory is not a runtime setting"), e.getMessage());
  }

  @Test
  void workloadOtherThanTheGridNames_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InSessionSweep.run(spark, grid("\"batch_size\": [10]"), Workloads.byName("cpu-hash")));
    assertEquals("the grid names workload 'text-normalize' but the workload given is 'cpu-hash'", e.getMessage());
  }

  @Test
  void everyJobOfTheSweep_isDescribedByItsPointPhaseSampleAndLoop() throws Exception {
    List<String> descriptions = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart job) {
        descriptions.add(String.valueOf(job.properties().getProperty("spark.job.description")));
      }
    };
    spark.sparkContext().addSparkListener(listener);
    Results results;
    try {
      results = InSessionSweep.run(spark, grid("\"batch_size\": [30, 60]"));
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    assertFalse(descriptions.isEmpty());
    assertTrue(descriptions.stream().allMatch(d -> d.startsWith("sparknodes sweep: batch_size=")), descriptions.toString());
    for (Trial t : results.trials()) {
      assertEquals(Status.OK, t.status(), t.error().orElse(""));
      String last = "sparknodes sweep: " + t.id() + " | measure 2 | loop " + t.loops() + "/" + t.loops();
      assertTrue(descriptions.contains(last), last + " in " + descriptions);
      assertTrue(descriptions.stream().anyMatch(d -> d.startsWith("sparknodes sweep: " + t.id() + " | warm-up 1 |")));
    }
    assertEquals(null, spark.sparkContext().getLocalProperty("spark.job.description"), "the description is cleared");
  }
}
