package io.sparknodes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.NodeCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The node cache in local-cluster: executor JVMs look the rows up and store them themselves. */
class NodeCacheClusterTest {
  @RegisterExtension
  static final LocalCluster CLUSTER = new LocalCluster();

  @Test
  void datasetMap_secondRunComputesNoRow_andAListMapShipsOnlyMisses(@TempDir Path dir) {
    StructType schema = new StructType().add("x", DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      rows.add(RowFactory.create(i));
    }
    SparkEngine spark = CLUSTER.engine().withCache(NodeCache.directory(dir));
    Dataset<Row> data = spark.session().createDataFrame(rows, schema).repartition(4);
    io.sparknodes.pipeline.Pipeline p = NodeCacheSparkTest.pipeline().bind(java.util.Map.of("suffix", "!"));
    SparkEngine.DatasetResult first = spark.map(p, data, java.util.Map.of());
    List<Row> expected = first.dataset().collectAsList().stream().sorted(java.util.Comparator.comparingInt((Row r) -> r.getInt(0))).toList();
    assertEquals(java.util.Map.of("a", 60L, "b", 60L), first.report().cacheMisses());
    SparkEngine.DatasetResult second = spark.map(p, data, java.util.Map.of());
    assertEquals(expected, second.dataset().collectAsList().stream().sorted(java.util.Comparator.comparingInt((Row r) -> r.getInt(0))).toList());
    assertEquals(java.util.Map.of("a", 60L, "b", 60L), second.report().cacheHits());
    assertEquals(java.util.Map.of("a", 0L, "b", 0L), second.report().cacheMisses());
    assertEquals(0, second.report().batches().get("a").rows(), "no row was computed");
    assertEquals(0, second.report().batches().get("b").rows(), "no row was computed");

    // The list map over the same items: every one is on the driver's cache, so no job; then 10 new ones.
    MapResult list = p.withEngine(spark).map(java.util.Map.of("x", java.util.stream.IntStream.range(50, 70).boxed().toList()), "x");
    assertEquals(java.util.Map.of("a", 10L, "b", 10L), list.report().cacheMisses());
    assertEquals(java.util.Map.of("a", 10L, "b", 10L), list.report().cacheHits());
    assertEquals("207!", list.column("b").get(19));
  }
}
