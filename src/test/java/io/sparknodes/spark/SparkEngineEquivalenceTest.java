package io.sparknodes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.ExecutionReport;
import io.sparknodes.pipeline.LocalEngine;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.spark.internal.SparkSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SparkEngine gives LocalEngine's results for every pipeline, batch_size and max_concurrency (threads). */
class SparkEngineEquivalenceTest {
  private static final int N = 150;

  @Test
  void sparkEqualsLocal_forEveryBatchSizeAndConcurrency_inThreads() {
    List<TestPipelines.Case> cases = TestPipelines.all(N);
    for (int concurrency : new int[] {1, 2, 4}) {
      try (SparkEngine started = SparkEngine.start(
          ExecutionConfig.builder().maxConcurrency(concurrency).useProcess(false).build())) {
        assertEquals("local[" + concurrency + "]", started.session().sparkContext().master());
        for (int batch : new int[] {1, 7, 128, N, N + 5}) {
          SparkEngine spark = new SparkEngine(started.session(), ExecutionConfig.builder().batchSize(batch).build());
          for (TestPipelines.Case c : cases) {
            String where = c + " at batch_size=" + batch + ", max_concurrency=" + concurrency;
            MapResult expected = c.pipeline().withEngine(new LocalEngine(spark.defaults())).map(c.inputs(),
                c.mapOver().toArray(String[]::new));
            MapResult actual = c.pipeline().withEngine(spark).map(c.inputs(), c.mapOver().toArray(String[]::new));
            assertEquals(expected.rows(), actual.rows(), where);
            ExecutionReport report = actual.report();
            // The partitions follow the slots, never batch_size; batches are cut inside them.
            int partitions = Math.min(N, SparkSettings.PARTITIONS_PER_SLOT_DEFAULT * concurrency);
            assertEquals(partitions, report.partitions(), where);
            assertEquals(partitions, report.tasks(), where);
            int perPartition = (N + partitions - 1) / partitions;
            String first = c.pipeline().nodes().get(0).name();
            assertEquals(Math.min(batch, perPartition), report.layout().batchSizes().get(first), where);
            assertEquals(Math.min(batch, perPartition), report.batches().get(first).max(), where);
            assertEquals(N, report.batches().get(first).rows(), where);
            assertTrue(report.executors().size() >= 1, where);
          }
        }
      }
    }
  }

  @Test
  void runOnSpark_equalsRunOnLocal() {
    try (SparkEngine spark = SparkEngine.start(ExecutionConfig.builder().maxConcurrency(2).build())) {
      for (TestPipelines.Case c : TestPipelines.all(1)) {
        java.util.Map<String, Object> inputs = new java.util.LinkedHashMap<>(c.inputs());
        for (String m : c.mapOver()) {
          inputs.put(m, ((List<?>) inputs.get(m)).get(0));
        }
        assertEquals(c.pipeline().run(inputs), c.pipeline().withEngine(spark).run(inputs), c.toString());
      }
    }
  }
}
