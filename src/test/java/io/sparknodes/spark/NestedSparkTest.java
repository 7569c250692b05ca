package io.sparknodes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.LocalEngine;
import io.sparknodes.pipeline.MapMode;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.Stateful;
import io.sparknodes.pipeline.ValueType;
import java.util.ArrayList;
import java.util.List;
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

/** Nested pipelines and product maps on the Spark engine (one shared local[2] session), against the local engine. */
class NestedSparkTest {
  private static SparkEngine spark;

  @BeforeAll
  static void start() {
    spark = SparkEngine.start(ExecutionConfig.builder().maxConcurrency(2).batchSize(10).build());
  }

  @AfterAll
  static void stop() {
    spark.close();
  }

  /** text, model -> clean (batch) -> length: the inner pipeline, with a stateful input. */
  private static Pipeline textStats() {
    return Pipeline.of(
        Node.named("clean").inputs("text", "model").batchSize(4)
            .batch((List<String> texts, TestPipelines.CountingModel m) -> texts.stream().map(m::normalize).toList()),
        Node.named("length").inputs("clean").row((String c) -> c.length()));
  }

  private static List<String> docs(int n) {
    return IntStream.range(0, n).mapToObj(i -> " Doc. " + "x".repeat(i % 7) + ". Y ").toList();
  }

  @Test
  void nestedPipeline_givesTheLocalEnginesResultsInOrder_withOneStatefulBuildPerExecutor() {
    Pipeline outer = Pipeline.of(
        Node.named("body").inputs("doc").row((String d) -> d + "!"),
        textStats().asNode("stats").inputs(Map.of("body", "text")).outputs(Map.of("n", "length")).build());
    List<String> docs = docs(200);
    MapResult local = outer.map(Map.of("doc", docs, "model", Stateful.of(TestPipelines.CountingModel::new)), "doc");

    int before = TestPipelines.CountingModel.BUILT.get();
    MapResult onSpark = outer.withEngine(spark)
        .map(Map.of("doc", docs, "model", Stateful.of(TestPipelines.CountingModel::new)), "doc");

    assertEquals(local.column("n"), onSpark.column("n"));
    assertEquals(local.column("body"), onSpark.column("body"));
    // One task per partition, and several of them: the inner pipeline ran inside them, not as jobs of its own.
    assertEquals(onSpark.report().partitions(), onSpark.report().tasks());
    assertTrue(onSpark.report().tasks() > 1, "tasks: " + onSpark.report().tasks());
    Map<String, Integer> perExecutor = onSpark.report().instancesBuilt().get("model");
    assertEquals(onSpark.report().executors().size(), perExecutor.size());
    assertTrue(perExecutor.values().stream().allMatch(k -> k == 1), "one build per executor: " + perExecutor);
    assertEquals(perExecutor.size(), TestPipelines.CountingModel.BUILT.get() - before);
    // The inner batches are counted, by path, as the local engine counts them.
    assertTrue(!onSpark.report().nestedBatches().isEmpty(), "inner batches counted");
    assertEquals(local.report().nestedBatches().keySet(), onSpark.report().nestedBatches().keySet());
    onSpark.report().nestedBatches().forEach((path, stats) ->
        assertEquals(local.report().nestedBatches().get(path).rows(), stats.rows(), path));
  }

  @Test
  void aCappedNestedNode_betweenUncappedOnes_givesTheLocalEnginesResults_andOneBuildPerExecutor() {
    Pipeline outer = Pipeline.of(
        Node.named("body").inputs("doc").row((String d) -> d + "!"),
        textStats().asNode("stats").inputs(Map.of("body", "text")).outputs(Map.of("n", "length"))
            .config(ExecutionConfig.builder().maxConcurrency(1).build()).build(),
        Node.named("twice").inputs("n").row((Integer n) -> 2 * n));
    List<String> docs = docs(200);
    MapResult local = outer.map(Map.of("doc", docs, "model", Stateful.of(TestPipelines.CountingModel::new)), "doc");
    int before = TestPipelines.CountingModel.BUILT.get();
    // A recipe of this test's own: equal recipes share instances across the class's application.
    MapResult onSpark = outer.withEngine(spark)
        .map(Map.of("doc", docs, "model", Stateful.of(() -> new TestPipelines.CountingModel())), "doc");
    assertEquals(local.rows(), onSpark.rows());
    assertEquals(1, TestPipelines.CountingModel.BUILT.get() - before, "one executor in local[2], one build");
    assertEquals(local.report().nestedBatches().keySet(), onSpark.report().nestedBatches().keySet());
    onSpark.report().nestedBatches().forEach((path, stats) ->
        assertEquals(local.report().nestedBatches().get(path).rows(), stats.rows(), path));
    assertTrue(onSpark.report().tasks() > onSpark.report().partitions() + 1, "three jobs: " + onSpark.report().tasks());
  }

  @Test
  void nestedMapOver_givesTheLocalEnginesListsInOrder() {
    Pipeline outer = Pipeline.of(
        Node.named("sentences").inputs("doc").row((String d) -> List.of(d.split("\\."))),
        textStats().asNode("stats").inputs(Map.of("sentences", "text")).outputs(Map.of("lengths", "length"))
            .mapOver("text").batchSize(3).build());
    List<String> docs = docs(50);
    Stateful<TestPipelines.CountingModel> model = Stateful.of(TestPipelines.CountingModel::new);

    MapResult local = outer.withEngine(new LocalEngine()).map(Map.of("doc", docs, "model", model), "doc");
    MapResult onSpark = outer.withEngine(spark).map(Map.of("doc", docs, "model", model), "doc");

    assertEquals(local.column("lengths"), onSpark.column("lengths"));
    assertEquals(List.of(3, 0, 1), onSpark.column("lengths").get(0));
    assertEquals(List.of(3, 6, 1), onSpark.column("lengths").get(6));
  }

  @Test
  void nestedMapOver_overADataset_addsATypedListColumn() {
    Pipeline inner = Pipeline.of(Node.named("length").inputs("word").returns(Integer.class).row((String w) -> w.length()));
    Pipeline outer = Pipeline.of(
        Node.named("words").inputs("text").returns(ValueType.list(ValueType.of(String.class)))
            .row((String t) -> List.of(t.split(" "))),
        inner.asNode("lengths").inputs(Map.of("words", "word")).outputs(Map.of("lengths", "length")).mapOver("word")
            .build()).select("lengths");
    StructType schema = new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      rows.add(RowFactory.create(i, "a bb " + "c".repeat(i % 4 + 1)));
    }
    Dataset<Row> data = spark.session().createDataFrame(rows, schema).repartition(3);

    Dataset<Row> out = spark.map(outer, data, Map.of()).dataset();

    assertEquals(DataTypes.createArrayType(DataTypes.IntegerType, true), out.schema().apply("lengths").dataType());
    for (Row r : out.collectAsList()) {
      assertEquals(List.of(1, 2, r.getInt(0) % 4 + 1), r.getList(2), r.toString());
    }
  }

  @Test
  void productMap_of3By4Items_gives12RowsInRowMajorOrder() {
    Pipeline p = Pipeline.of(Node.named("pair").inputs("a", "b").row((String a, Integer b) -> a + b));

    MapResult r = p.withEngine(spark).map(Map.of("a", List.of("x", "y", "z"), "b", List.of(1, 2, 3, 4)),
        MapMode.PRODUCT, "a", "b");

    List<String> expected = new ArrayList<>();
    for (String a : List.of("x", "y", "z")) {
      for (int b = 1; b <= 4; b++) {
        expected.add(a + b);
      }
    }
    assertEquals(expected, r.column("pair"));
  }
}
