package io.sparknodes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.Stateful;
import io.sparknodes.spark.internal.SparkSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Sessions that serialize with Kryo, as many production sessions do: a list map and a Dataset map
 * return every row, in threads and in executor JVMs, with and without required registration. (A
 * slice whose data sat in transient fields arrived empty under Kryo, and the map returned nothing.)
 */
class KryoSessionTest {
  private static final String KRYO = "org.apache.spark.serializer.KryoSerializer";
  private static final int N = 1000;

  /** A value that Java serialization refuses. */
  static final class Unserializable {
    final String text;

    Unserializable(String text) {
      this.text = text;
    }
  }

  private static Pipeline pipeline() {
    return pipeline(false);
  }

  /** With {@code capped}, the second node runs in one partition: over a list, a job of its own; over a Dataset, after a shuffle. */
  private static Pipeline pipeline(boolean capped) {
    Node.Builder length = Node.named("length").inputs("clean").returns(Integer.class).batchSize(64);
    if (capped) {
      length = length.config(ExecutionConfig.builder().maxConcurrency(1).build());
    }
    return Pipeline.of(
        Node.named("clean").inputs("text", "model").returns(String.class)
            .row((String t, TestPipelines.CountingModel m) -> m.normalize(t)),
        length.batch((List<String> cs) -> cs.stream().map(String::length).toList()));
  }

  private static SparkSession session(boolean registrationRequired) {
    return SparkSession.builder().master("local[2]").appName("kryo-test")
        .config("spark.serializer", KRYO)
        .config("spark.kryo.registrationRequired", Boolean.toString(registrationRequired))
        .config("spark.ui.enabled", "false")
        .config(SparkSettings.DRIVER_HOST, SparkSettings.LOOPBACK)
        .config(SparkSettings.DRIVER_BIND_ADDRESS, SparkSettings.LOOPBACK)
        .getOrCreate();
  }

  private static void checkList(SparkEngine engine) {
    checkList(engine, false);
  }

  private static void checkList(SparkEngine engine, boolean capped) {
    List<String> texts = TestPipelines.texts(N);
    MapResult r = pipeline(capped).withEngine(engine).map(Map.of("text", texts,
        "model", Stateful.of(TestPipelines.CountingModel::new)), "text");
    assertEquals(N, r.size());
    for (int i = 0; i < N; i++) {
      String clean = new TestPipelines.CountingModel().normalize(texts.get(i));
      assertEquals(clean, r.column("clean").get(i), "item " + i);
      assertEquals(clean.length(), (Integer) r.column("length").get(i), "item " + i);
    }
    assertEquals(N, r.report().batches().get("clean").rows());
    if (capped) {
      assertEquals(1, r.report().partitions());
    }
  }

  private static void checkDataset(SparkEngine engine) {
    checkDataset(engine, false);
  }

  /** With {@code capped}, the second node runs in one partition, after a shuffle of our bytes. */
  private static void checkDataset(SparkEngine engine, boolean capped) {
    StructType schema = new StructType().add("text", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    List<String> texts = TestPipelines.texts(N);
    texts.forEach(t -> rows.add(RowFactory.create(t)));
    Dataset<Row> data = engine.session().createDataFrame(rows, schema).repartition(3);
    SparkEngine.DatasetResult result = engine.map(pipeline(capped), data,
        Map.of("model", Stateful.of(TestPipelines.CountingModel::new)));
    List<Row> out = result.dataset().collectAsList();
    assertEquals(capped ? 1 : 3, result.report().partitions());
    assertEquals(N, out.size());
    for (Row r : out) {
      String clean = new TestPipelines.CountingModel().normalize(r.getString(0));
      assertEquals(clean, r.getString(1));
      assertEquals(clean.length(), r.getInt(2));
    }
  }

  @Test
  void listAndDatasetMaps_onAKryoSession_returnEveryRow() {
    SparkSession s = session(false);
    try {
      SparkEngine engine = new SparkEngine(s, ExecutionConfig.builder().batchSize(100).build());
      checkList(engine);
      checkDataset(engine);
    } finally {
      s.stop();
    }
  }

  @Test
  void listAndDatasetMaps_withKryoRegistrationRequired_returnEveryRow() {
    SparkSession s = session(true);
    try {
      SparkEngine engine = new SparkEngine(s, ExecutionConfig.builder().batchSize(100).build());
      checkList(engine);
      checkDataset(engine);
      checkDataset(engine, true);
    } finally {
      s.stop();
    }
  }

  @Test
  void listMap_inExecutorJvms_onKryo_withRegistrationRequired_returnsEveryRow() {
    try (SparkEngine engine = SparkEngine.start(ExecutionConfig.builder().useProcess(true).maxConcurrency(2).batchSize(50)
        .spark("spark.serializer", KRYO).spark("spark.kryo.registrationRequired", "true")
        .spark("spark.ui.enabled", "false").spark("spark.rpc.message.maxSize", "1").build())) {
      checkList(engine);
      checkDataset(engine, true);
      // A capped node: the map runs as a chain of partition RDDs (PartitionsRDD), not one job function.
      checkList(engine, true);
      // A value only the nodes before a capped one use never leaves its executor, even when it
      // cannot be serialized: between the map's jobs, rows keep only the slots later nodes read.
      MapResult held = Pipeline.of(
          Node.named("held").inputs("text").row((String t) -> new Unserializable(t)),
          Node.named("len").inputs("held").row((Unserializable u) -> u.text.length()),
          Node.named("twice").inputs("len", "text").config(ExecutionConfig.builder().maxConcurrency(1).build())
              .row((Integer n, String t) -> n * 2 + t.length() - t.length()))
          .select("twice").withEngine(engine).map(Map.of("text", TestPipelines.texts(N)), "text");
      assertEquals(TestPipelines.texts(N).stream().map(t -> t.length() * 2).toList(), held.column("twice"));
      assertEquals(1, held.report().partitions());
      // A capped node that reads such a value: one error naming it, not a lost row.
      Pipeline across = Pipeline.of(
          Node.named("held").inputs("text").row((String t) -> new Unserializable(t)),
          Node.named("len").inputs("held").config(ExecutionConfig.builder().maxConcurrency(1).build())
              .row((Unserializable u) -> u.text.length()));
      RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
          () -> across.select("len").withEngine(engine).map(Map.of("text", TestPipelines.texts(20)), "text"));
      org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("'held' (a " + Unserializable.class.getName()
          + ") is read by a node that runs in a different number of partitions"), e.getMessage());
      // Wanted as an output, it would have to come back as bytes whatever the partitions: said so.
      Pipeline wanted = Pipeline.of(
          Node.named("held").inputs("text").row((String t) -> new Unserializable(t)),
          Node.named("len").inputs("text").config(ExecutionConfig.builder().maxConcurrency(1).build())
              .row((String t) -> t.length()));
      RuntimeException w = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
          () -> wanted.withEngine(engine).map(Map.of("text", TestPipelines.texts(20)), "text"));
      org.junit.jupiter.api.Assertions.assertTrue(w.getMessage().contains("'held' (a " + Unserializable.class.getName()
          + ") is a wanted output, which a map with executor JVMs returns as bytes"), w.getMessage());
      // Partitions larger than a task may carry (spark.rpc.message.maxSize is 1 MiB here; Spark
      // aborts a job whose task is larger): a map cut into one partition for its capped first node,
      // and the rows a capped node reads after an uncapped one (they hold the text), about 3 MB in
      // one partition each. They travel as broadcasts, not inside the task.
      List<String> large = IntStream.range(0, 3000).mapToObj(i -> i + "-" + "x".repeat(1000)).toList();
      MapResult first = Pipeline.of(Node.named("len").inputs("text")
              .config(ExecutionConfig.builder().maxConcurrency(1).build()).row((String t) -> t.length()))
          .withEngine(engine).map(Map.of("text", large), "text");
      assertEquals(large.stream().map(String::length).toList(), first.column("len"));
      assertEquals(1, first.report().partitions());
      MapResult after = Pipeline.of(
          Node.named("len").inputs("text").row((String t) -> t.length()),
          Node.named("sum").inputs("len", "text").config(ExecutionConfig.builder().maxConcurrency(1).build())
              .row((Integer n, String t) -> n + t.length()))
          .select("sum").withEngine(engine).map(Map.of("text", large), "text");
      assertEquals(large.stream().map(t -> 2 * t.length()).toList(), after.column("sum"));
      assertEquals(1, after.report().partitions());
      MapResult r = Pipeline.of(Node.named("sq").inputs("x").row((Integer x) -> (long) x * x)).withEngine(engine)
          .map(Map.of("x", IntStream.range(0, N).boxed().toList()), "x");
      assertEquals(998_001L, (Long) r.column("sq").get(999));
      assertEquals(N, r.size());
    }
  }
}
