package io.sparknodes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.ExecutionReport;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Large maps finish with correct counts within the machine's memory; tiny batches stay tractable. */
@Tag("load")
class LoadTest {
  private static SparkEngine spark;

  @BeforeAll
  static void start() {
    spark = SparkEngine.start(ExecutionConfig.builder().maxConcurrency(2).build());
  }

  @AfterAll
  static void stop() {
    spark.close();
  }

  /** 0..n-1 without storing them. */
  static List<Integer> range(int n) {
    return new AbstractList<>() {
      @Override
      public Integer get(int i) {
        return i;
      }

      @Override
      public int size() {
        return n;
      }
    };
  }

  private static Pipeline pipeline() {
    return Pipeline.of(Node.named("y").inputs("x").batch((List<Integer> xs) -> {
      Integer[] out = new Integer[xs.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = xs.get(i) * 2;
      }
      return List.of(out);
    }));
  }

  private static void checkDoubled(List<Integer> ys, int n) {
    assertEquals(n, ys.size());
    for (int i = 0; i < n; i += 9973) {
      assertEquals(2 * i, ys.get(i), "item " + i);
    }
    assertEquals(2 * (n - 1), ys.get(n - 1));
  }

  @Test
  void millionItems_atBatchSizesFrom1To65536() {
    int n = 1_000_000;
    for (int batch : new int[] {1, 16, 256, 4096, 65_536}) {
      SparkEngine engine = new SparkEngine(spark.session(), ExecutionConfig.builder().batchSize(batch).build());
      MapResult r = pipeline().withEngine(engine).map(Map.of("x", range(n)), "x");
      checkDoubled(r.column("y"), n);
      ExecutionReport.BatchStats stats = r.report().batches().get("y");
      assertEquals(n, stats.rows(), "batch_size " + batch);
      assertEquals(batch, stats.max(), "batch_size " + batch);
      // batch_size does not set the task count: the partitions are a small multiple of the slots,
      // and each is cut into batches, the last of each partition possibly short.
      int partitions = r.report().partitions();
      int slots = engine.layout().cores();
      assertTrue(partitions >= slots && partitions <= 8 * slots, "batch_size " + batch + ": " + partitions + " partitions");
      assertEquals(partitions, r.report().layout().partitions());
      long least = ((long) n + batch - 1) / batch;
      assertTrue(stats.count() >= least && stats.count() <= least + partitions, "batch_size " + batch + ": " + stats.count());
    }
  }

  @Test
  void tenMillionItems() {
    int n = 10_000_000;
    SparkEngine engine = new SparkEngine(spark.session(), ExecutionConfig.builder().batchSize(65_536).build());
    MapResult r = pipeline().withEngine(engine).map(Map.of("x", range(n)), "x");
    checkDoubled(r.column("y"), n);
    assertEquals(n, r.report().batches().get("y").rows());
  }
}
