package io.sparknodes.spark;

import static io.sparknodes.spark.SparkEngineTest.TASKS_OF;
import static io.sparknodes.spark.SparkEngineTest.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.config.ExecutionConfig;
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
  void nodeMaxConcurrency_capsThatNodeAlone_overADataset_failuresKept() {
    TASKS_OF.clear();
    Pipeline p = Pipeline.of(
        Node.named("a").inputs("x").returns(Integer.class).onError(Node.OnError.RECORD)
            .row((Integer x) -> seen("a", 700 / (x % 7))),
        Node.named("b").inputs("a", "tag").returns(Integer.class)
            .config(ExecutionConfig.builder().maxConcurrency(1).build())
            .row((Integer a, String tag) -> seen("b", a == null ? -1 : a + tag.length())),
        Node.named("c").inputs("b", "x").returns(Long.class).row((Integer b, Integer x) -> seen("c", (long) b - x)));
    StructType schema = new StructType().add("x", DataTypes.IntegerType).add("tag", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int x = 0; x < 200; x++) {
      rows.add(RowFactory.create(x, "t" + x));
    }
    SparkEngine wide = new SparkEngine(spark.session(), ExecutionConfig.builder().batchSize(1000).build());
    SparkEngine.DatasetResult result = wide.map(p, spark.session().createDataFrame(rows, schema).repartition(4), Map.of());
    assertEquals(List.of("x", "tag", "a", "b", "c", SparkEngine.FAILURE_COLUMN),
        List.of(result.dataset().schema().fieldNames()));
    List<Row> out = result.dataset().collectAsList();
    assertEquals(200, out.size());
    java.util.Set<Integer> xs = new java.util.TreeSet<>();
    for (Row r : out) {
      int x = r.getInt(0);
      xs.add(x);
      assertEquals("t" + x, r.getString(1));
      Integer a = x % 7 == 0 ? null : 700 / (x % 7);
      int b = a == null ? -1 : a + r.getString(1).length();
      assertEquals(a, r.isNullAt(2) ? null : r.getInt(2), "a of " + x);
      assertEquals(b, r.getInt(3), "b of " + x);
      assertEquals((long) b - x, r.getLong(4), "c of " + x);
      if (a == null) {
        assertEquals("a", r.getStruct(5).getString(0), "the failure of row " + x + " crossed both shuffles");
      } else {
        assertTrue(r.isNullAt(5), "no failure for row " + x);
      }
    }
    assertEquals(200, xs.size(), "every row once");
    assertEquals(4, TASKS_OF.get("a").size(), "a runs in the Dataset's 4 partitions: " + TASKS_OF.get("a"));
    assertEquals(1, TASKS_OF.get("b").size(), "b runs in one: " + TASKS_OF.get("b"));
    assertEquals(4, TASKS_OF.get("c").size(), "c runs in 4 again: " + TASKS_OF.get("c"));
    ExecutionReport report = result.report();
    assertEquals(4, report.partitions());
    assertEquals(9L, report.tasks(), "4 tasks of a, 1 of b, 4 of c");
    assertEquals(29L, report.failures().get("a"));
    assertTrue(report.layout().rule().contains("'b' in 1"), report.layout().rule());
    // Each node's possible batch is read from the rows its own tasks held: b's one task held all 200.
    assertEquals(200, report.layout().batchSizes().get("b"), report.layout().batchSizes().toString());
    assertTrue(report.layout().batchSizes().get("a") < 200, report.layout().batchSizes().toString());
    assertTrue(report.layout().batchSizes().get("c") < 200, report.layout().batchSizes().toString());
  }

  /** A value that Java serialization refuses. */
  static final class Unserializable {
    final String text;

    Unserializable(String text) {
      this.text = text;
    }
  }

  @Test
  void aValueThatMustCrossAShuffle_butCannotBeSerialized_isNamed() {
    StructType schema = new StructType().add("text", DataTypes.StringType);
    List<Row> rows = List.of(RowFactory.create("ab"), RowFactory.create("cde"));
    Pipeline across = Pipeline.of(
        Node.named("held").inputs("text").row((String t) -> new Unserializable(t)),
        Node.named("len").inputs("held").returns(Integer.class)
            .config(ExecutionConfig.builder().maxConcurrency(1).build()).row((Unserializable u) -> u.text.length()))
        .select("len");
    Dataset<Row> data = spark.session().createDataFrame(rows, schema).repartition(2);
    Exception e = assertThrows(Exception.class, () -> spark.map(across, data, Map.of()).dataset().collectAsList());
    String message = String.valueOf(e.getMessage()) + " / " + (e.getCause() == null ? "" : e.getCause().getMessage());
    assertTrue(message.contains("'held' (a " + Unserializable.class.getName() + ") is read after node 'len' begins a run"
        + " of nodes in a different number of partitions"), message);
    // Used only before the cap, it never leaves its task.
    Pipeline before = Pipeline.of(
        Node.named("held").inputs("text").row((String t) -> new Unserializable(t)),
        Node.named("n").inputs("held").returns(Integer.class).row((Unserializable u) -> u.text.length()),
        Node.named("twice").inputs("n").returns(Integer.class)
            .config(ExecutionConfig.builder().maxConcurrency(1).build()).row((Integer n) -> 2 * n))
        .select("twice");
    List<Integer> twice = spark.map(before, data, Map.of()).dataset().collectAsList().stream().map(r -> r.getInt(1))
        .sorted().toList();
    assertEquals(List.of(4, 6), twice);
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
