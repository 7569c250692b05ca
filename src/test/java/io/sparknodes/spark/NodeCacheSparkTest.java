package io.sparknodes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.LocalEngine;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.NodeCache;
import io.sparknodes.pipeline.Pipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node cache on Spark local[2]: the same entries as the local engine; only misses are shipped or computed. */
class NodeCacheSparkTest {
  // Static, not captured (a captured identity object leaves a node uncached); local[2] runs tasks in this JVM.
  static final AtomicInteger A = new AtomicInteger();
  static final AtomicInteger B = new AtomicInteger();
  private static SparkEngine spark;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    spark = SparkEngine.start(ExecutionConfig.builder().maxConcurrency(2).batchSize(8).build());
  }

  @AfterAll
  static void stop() {
    spark.close();
  }

  @BeforeEach
  void reset() {
    A.set(0);
    B.set(0);
  }

  static Pipeline pipeline() {
    return Pipeline.of(
        Node.named("a").inputs("x").returns(Integer.class).row((Integer x) -> {
          A.incrementAndGet();
          return x * 3;
        }),
        Node.named("b").inputs("a", "suffix").returns(String.class).row((Integer a, String s) -> {
          B.incrementAndGet();
          return a + s;
        }));
  }

  static Map<String, Object> inputs(int from, int to) {
    return Map.of("x", IntStream.range(from, to).boxed().toList(), "suffix", "?");
  }

  @Test
  void localWrites_sparkReads_andShipsNothing_thenOnlyTheMissingItems() {
    NodeCache cache = NodeCache.directory(dir);
    MapResult local = pipeline().withEngine(new LocalEngine().withCache(cache)).map(inputs(0, 40), "x");
    reset();
    MapResult s = pipeline().withEngine(spark.withCache(cache)).map(inputs(0, 40), "x");
    assertEquals(local.column("b"), s.column("b"));
    assertEquals(0, A.get() + B.get());
    assertEquals(0, s.report().tasks(), "every item came from the cache: no job");
    assertEquals(Map.of("a", 40L, "b", 40L), s.report().cacheHits());
    MapResult more = pipeline().withEngine(spark.withCache(cache)).map(inputs(30, 50), "x");
    assertEquals(10, A.get(), "only the 10 new items are computed");
    assertEquals(Map.of("a", 10L, "b", 10L), more.report().cacheHits());
    assertEquals(Map.of("a", 10L, "b", 10L), more.report().cacheMisses());
    List<Object> expected = new ArrayList<>();
    for (int x = 30; x < 50; x++) {
      expected.add(x * 3 + "?");
    }
    assertEquals(expected, more.column("b"), "merged back in input order");
  }

  @Test
  void sparkWrites_localReads() {
    NodeCache cache = NodeCache.directory(dir);
    MapResult s = pipeline().withEngine(spark.withCache(cache)).map(inputs(0, 25), "x");
    assertEquals(Map.of("a", 25L, "b", 25L), s.report().cacheMisses());
    reset();
    MapResult local = pipeline().withEngine(new LocalEngine().withCache(cache)).map(inputs(0, 25), "x");
    assertEquals(s.column("b"), local.column("b"));
    assertEquals(0, A.get() + B.get());
  }

  @Test
  void datasetMap_secondRunComputesNoRow_andBoundValuesAreConstants() {
    StructType schema = new StructType().add("x", DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      rows.add(RowFactory.create(i));
    }
    Dataset<Row> data = spark.session().createDataFrame(rows, schema).repartition(3);
    SparkEngine cached = spark.withCache(NodeCache.directory(dir));
    Pipeline p = pipeline().bind(Map.of("suffix", "?"));
    SparkEngine.DatasetResult first = cached.map(p, data, Map.of());
    List<Row> firstRows = first.dataset().collectAsList().stream().sorted(java.util.Comparator.comparingInt((Row r) -> r.getInt(0))).toList();
    assertEquals(Map.of("a", 30L, "b", 30L), first.report().cacheMisses());
    reset();
    SparkEngine.DatasetResult second = cached.map(p, data, Map.of());
    assertEquals(firstRows, second.dataset().collectAsList().stream().sorted(java.util.Comparator.comparingInt((Row r) -> r.getInt(0))).toList());
    assertEquals(0, A.get() + B.get());
    assertEquals(Map.of("a", 30L, "b", 30L), second.report().cacheHits());
    assertEquals(Map.of("a", 0L, "b", 0L), second.report().cacheMisses());
  }
}
