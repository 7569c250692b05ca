package io.sparknodes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.pipeline.ExecutionConfig;
import io.sparknodes.pipeline.ExecutionReport;
import io.sparknodes.pipeline.LocalEngine;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.Stateful;
import io.sparknodes.pipeline.ValueType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** map over a Dataset<Row>: columns in, typed columns out, lazily. */
class DatasetMapTest {
  private static SparkEngine spark;

  @BeforeAll
  static void start() {
    spark = SparkEngine.start(ExecutionConfig.builder().maxConcurrency(2).batchSize(16).build());
  }

  @AfterAll
  static void stop() {
    spark.close();
  }

  private static Pipeline pipeline() {
    return Pipeline.of(
        Node.named("clean").inputs("text", "model").returns(String.class)
            .row((String t, TestPipelines.CountingModel m) -> m.normalize(t)),
        Node.named("words").inputs("clean").returns(ValueType.list(ValueType.STRING))
            .batch((List<String> cs) -> cs.stream().map(c -> List.of(c.split(" "))).toList()),
        Node.named("score").inputs("id", "weight").returns(double.class).row((Long id, Double w) -> id * w),
        Node.named("counts").inputs("words").returns(ValueType.map(ValueType.STRING, ValueType.LONG))
            .row((List<String> ws) -> Map.of("n", (long) ws.size())));
  }

  @Test
  void mapOverParquet_addsTypedColumns_lazily_inInputOrder(@TempDir Path dir) {
    StructType schema = new StructType().add("id", DataTypes.LongType).add("text", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(RowFactory.create((long) i, "  Some TEXT " + i + " "));
    }
    String file = dir.resolve("texts.parquet").toString();
    spark.session().createDataFrame(rows, schema).repartition(3).write().parquet(file);
    Dataset<Row> data = spark.session().read().parquet(file);
    int partitions = data.rdd().getNumPartitions();
    List<Long> inputOrder = data.select("id").collectAsList().stream().map(r -> r.getLong(0)).toList();

    SparkEngine.DatasetResult result = spark.map(pipeline(), data,
        Map.of("model", Stateful.of(TestPipelines.CountingModel::new), "weight", 0.5));
    assertEquals(0, result.report().tasks(), "nothing runs before an action");

    Dataset<Row> out = result.dataset();
    assertEquals(DataTypes.StringType, out.schema().apply("clean").dataType());
    assertEquals(DataTypes.createArrayType(DataTypes.StringType, true), out.schema().apply("words").dataType());
    assertEquals(DataTypes.DoubleType, out.schema().apply("score").dataType());
    assertEquals(DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, true),
        out.schema().apply("counts").dataType());
    List<String> columns = List.of(out.schema().fieldNames());
    assertEquals(List.of("id", "text", "clean", "score", "words", "counts"), columns, "the outputs in pipeline order");

    List<Row> collected = out.collectAsList();
    assertEquals(100, collected.size());
    assertEquals(inputOrder, collected.stream().map(r -> r.getLong(0)).toList(), "rows keep their order");
    for (Row r : collected) {
      long i = r.getLong(0);
      assertEquals("some text " + i, r.getAs("clean"));
      assertEquals(List.of("some", "text", String.valueOf(i)), r.getList(r.fieldIndex("words")));
      assertEquals(i * 0.5, (double) r.getAs("score"));
      assertEquals(Map.of("n", 3L), r.getJavaMap(r.fieldIndex("counts")));
    }

    ExecutionReport report = result.report();
    assertEquals(partitions, report.partitions());
    assertEquals(partitions, report.tasks());
    assertEquals(100, report.batches().get("clean").rows());
    assertTrue(report.batches().get("clean").max() <= 16);
    assertEquals(1, report.instancesBuilt("model"));
  }

  @Test
  void datasetResults_equalLocalEngineResults() {
    List<String> texts = IntStream.range(0, 40).mapToObj(i -> " A b " + i).toList();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      rows.add(RowFactory.create((long) i, texts.get(i)));
    }
    StructType schema = new StructType().add("id", DataTypes.LongType).add("text", DataTypes.StringType);
    Dataset<Row> data = spark.session().createDataFrame(rows, schema).coalesce(1);
    Pipeline p = pipeline().select("clean", "score");
    Map<String, Object> constants = Map.of("model", Stateful.of(TestPipelines.CountingModel::new), "weight", 2.0);
    List<Row> out = spark.map(p, data, constants).dataset().collectAsList();

    Map<String, Object> inputs = new java.util.HashMap<>(constants);
    inputs.put("text", texts);
    inputs.put("id", IntStream.range(0, 40).mapToObj(i -> (long) i).toList());
    List<Map<String, Object>> expected = p.withEngine(new LocalEngine()).map(inputs, "text", "id").rows();
    for (int i = 0; i < 40; i++) {
      assertEquals(expected.get(i).get("clean"), out.get(i).getAs("clean"));
      assertEquals(expected.get(i).get("score"), out.get(i).getAs("score"));
    }
  }

  @Test
  void recordedFailures_areAColumn_nullWhereTheRowSucceeded() {
    Pipeline p = Pipeline.of(Node.named("inv").inputs("x").returns(Integer.class).onError(Node.OnError.RECORD)
        .row((Integer x) -> 12 / x));
    StructType schema = new StructType().add("x", DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    for (int x : new int[] {1, 0, 3, 0, 4}) {
      rows.add(RowFactory.create(x));
    }
    SparkEngine.DatasetResult result = spark.map(p, spark.session().createDataFrame(rows, schema).coalesce(1), Map.of());
    assertEquals(List.of("x", "inv", SparkEngine.FAILURE_COLUMN), List.of(result.dataset().schema().fieldNames()));
    List<Row> out = result.dataset().collectAsList();
    assertEquals(5, out.size());
    for (Row r : out) {
      if (r.getInt(0) == 0) {
        assertTrue(r.isNullAt(1));
        Row failure = r.getStruct(2);
        assertEquals(List.of("inv", "java.lang.ArithmeticException", "/ by zero"),
            List.of(failure.getString(0), failure.getString(1), failure.getString(2)));
      } else {
        assertEquals(12 / r.getInt(0), r.getInt(1));
        assertTrue(r.isNullAt(2), "no failure where the row succeeded");
      }
    }
    assertEquals(2L, result.report().failures().get("inv"));
  }

  @Test
  void nodeWithoutDeclaredType_cannotBeMappedOverADataset() {
    Pipeline p = Pipeline.of(Node.named("up").inputs("text").row((String t) -> t.toUpperCase(Locale.ROOT)));
    Dataset<Row> data = spark.session().createDataFrame(List.of(RowFactory.create("a")),
        new StructType().add("text", DataTypes.StringType));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spark.map(p, data, Map.of()));
    assertEquals("node 'up' must declare its output type to be mapped over a Dataset, e.g. .returns(String.class)",
        e.getMessage());
  }

  @Test
  void missingColumn_isNamed() {
    Dataset<Row> data = spark.session().createDataFrame(List.of(RowFactory.create("a")),
        new StructType().add("txt", DataTypes.StringType));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> spark.map(pipeline().select("clean"), data, Map.of("model", Stateful.of(TestPipelines.CountingModel::new))));
    assertEquals("missing input 'text' (needed by node 'clean')", e.getMessage());
  }
}
