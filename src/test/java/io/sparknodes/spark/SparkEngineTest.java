package io.sparknodes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.ExecutionReport;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.NodeExecutionException;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.Stateful;
import io.sparknodes.pipeline.StatefulBuildException;
import io.sparknodes.spark.internal.SparkSettings;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Spark engine on one shared local[4] session. */
class SparkEngineTest {
  private static SparkEngine spark;

  @BeforeAll
  static void start() {
    spark = SparkEngine.start(ExecutionConfig.builder().maxConcurrency(4).batchSize(10).build());
  }

  @AfterAll
  static void stop() {
    spark.close();
  }

  private static Pipeline modelPipeline() {
    return Pipeline.of(Node.named("clean").inputs("text", "model")
        .row((String t, TestPipelines.CountingModel m) -> m.normalize(t)));
  }

  @Test
  void sharedStateful_isBuiltOncePerApplication_andReusedAcrossJobs() {
    // A recipe of this test's own: equal recipes share instances across the class's application.
    Stateful<TestPipelines.CountingModel> model = Stateful.of(() -> new TestPipelines.CountingModel());
    Map<String, Object> inputs = Map.of("text", TestPipelines.texts(200), "model", model);
    int before = TestPipelines.CountingModel.BUILT.get();

    MapResult first = modelPipeline().withEngine(spark).map(inputs, "text");
    MapResult second = modelPipeline().withEngine(spark).map(inputs, "text");

    assertEquals(first.report().partitions(), first.report().tasks());
    assertEquals(1, first.report().instancesBuilt("model"));
    assertEquals(0, second.report().instancesBuilt("model"), "the second job reuses the executor's instance");
    assertEquals(1, TestPipelines.CountingModel.BUILT.get() - before);
    assertEquals("text 0", first.column("clean").get(0));
  }

  /**
   * A list map is one job whose result function is the map's own partition function, run on the
   * parallelized list: no mapPartitions RDD, whose Scala lambdas Spark's closure cleaner would parse
   * from class files with ASM on every job (measured: 1.5-1.9x the whole map's time at 10,000 items).
   */
  @Test
  void aListMap_isOneStageOverTheParallelizedList() throws InterruptedException {
    List<List<String>> stages = new java.util.concurrent.CopyOnWriteArrayList<>();
    org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onStageSubmitted(org.apache.spark.scheduler.SparkListenerStageSubmitted submitted) {
        List<String> rdds = new java.util.ArrayList<>();
        scala.jdk.javaapi.CollectionConverters.asJava(submitted.stageInfo().rddInfos())
            .forEach(info -> rdds.add(info.name()));
        stages.add(rdds);
      }
    };
    org.apache.spark.SparkContext sc = spark.session().sparkContext();
    sc.addSparkListener(listener);
    try {
      MapResult r = modelPipeline().withEngine(spark).map(Map.of("text", TestPipelines.texts(100),
          "model", Stateful.of(TestPipelines.CountingModel::new)), "text");
      assertEquals(100, r.size());
      for (int i = 0; i < 100 && stages.isEmpty(); i++) {
        Thread.sleep(10); // the listener bus delivers asynchronously
      }
    } finally {
      sc.removeSparkListener(listener);
    }
    assertEquals(List.of(List.of("ParallelCollectionRDD")), stages);
  }

  @Test
  void perSlotStateful_isBuiltAtMostOncePerTaskSlot() {
    Pipeline slow = Pipeline.of(Node.named("clean").inputs("text", "model")
        .row((String t, TestPipelines.CountingModel m) -> {
          Thread.sleep(1);
          return m.normalize(t);
        }));
    MapResult r = slow.withEngine(spark).map(Map.of("text", TestPipelines.texts(400),
        "model", Stateful.of(TestPipelines.CountingModel::new).perSlot()), "text");
    int built = r.report().instancesBuilt("model");
    assertTrue(built >= 1 && built <= 4, "per-slot instances in local[4]: " + built);
    assertEquals(400, r.size());
  }

  @Test
  void hintedStatefulValue_isShippedOnce_andKeptPerExecutor() {
    Pipeline p = Pipeline.of(Node.named("r").inputs("x", "m").stateful("m")
        .row((Integer x, TestPipelines.Suffix m) -> x + m.text()));
    MapResult r = p.withEngine(spark).map(Map.of("x", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
        "m", new TestPipelines.Suffix("?")), "x");
    assertEquals("11?", r.column("r").get(10));
    assertEquals(1, r.report().instancesBuilt("m"));
  }

  @Test
  void batchSizesSeen_equalBatchSize_lastOfEachPartitionSmaller() {
    Pipeline p = Pipeline.of(
        Node.named("a").inputs("x").row((Integer x) -> x + 1),
        Node.named("b").inputs("a").batchSize(3).batch((List<Integer> xs) -> xs));
    SparkEngine four = new SparkEngine(spark.session(), ExecutionConfig.builder().batchSize(10).partitions(4).build());
    MapResult r = p.withEngine(four).map(Map.of("x", IntStream.range(0, 95).boxed().toList()), "x");
    // 95 items in 4 partitions of 23, 24, 24 and 24: a cuts each into 10, 10 and the rest.
    assertEquals(4, r.report().partitions());
    assertEquals("partitions=4", r.report().layout().rule());
    ExecutionReport.BatchStats a = r.report().batches().get("a");
    assertEquals(new ExecutionReport.BatchStats(12, 95, 3, 10), a);
    ExecutionReport.BatchStats b = r.report().batches().get("b");
    assertEquals(3, b.max());
    assertEquals(2, b.min());
    assertEquals(95, b.rows());
    assertEquals(Map.of("a", 10, "b", 3), r.report().layout().batchSizes());
    assertEquals(3, r.report().nodeConfigs().get("b").batchSize());
    assertEquals(10, r.report().nodeConfigs().get("a").batchSize());
  }

  @Test
  void nodeAskingForProcesses_onAThreadSession_isAnErrorBeforeAnythingRuns() {
    Pipeline p = Pipeline.of(Node.named("a").inputs("x").config(ExecutionConfig.builder().useProcess(true).build())
        .row((Integer x) -> x));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> p.withEngine(spark).map(Map.of("x", List.of(1)), "x"));
    assertTrue(e.getMessage().startsWith("node 'a' asks use_process=true but the session on local[4] runs threads"),
        e.getMessage());
  }

  @Test
  void nodeMaxConcurrency_aboveCoresIsAnError_belowCapsItsPartitions() {
    Pipeline tooMany = Pipeline.of(Node.named("a").inputs("x").config(ExecutionConfig.builder().maxConcurrency(8).build())
        .row((Integer x) -> x));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> tooMany.withEngine(spark).map(Map.of("x", List.of(1)), "x"));
    assertEquals("node 'a' asks max_concurrency=8 but the session on local[4] has 4 cores", e.getMessage());

    Pipeline capped = Pipeline.of(
        Node.named("a").inputs("x").row((Integer x) -> x * 2),
        Node.named("b").inputs("a").config(ExecutionConfig.builder().maxConcurrency(2).build()).row((Integer x) -> x + 1));
    MapResult r = capped.withEngine(spark).map(Map.of("x", IntStream.range(0, 100).boxed().toList()), "x");
    assertEquals(2, r.report().partitions());
    assertEquals(IntStream.range(0, 100).map(i -> i * 2 + 1).boxed().toList(), r.column("b"));
  }

  /** Per node, the (stage, partition) pairs of the tasks its function ran in. */
  static final Map<String, java.util.Set<String>> TASKS_OF = new java.util.concurrent.ConcurrentHashMap<>();

  /** Records the task {@code node}'s function runs in ({@link #TASKS_OF}), and returns {@code value}. */
  static <T> T seen(String node, T value) {
    org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
    TASKS_OF.computeIfAbsent(node, k -> java.util.concurrent.ConcurrentHashMap.newKeySet())
        .add(tc.stageId() + ":" + tc.partitionId());
    return value;
  }

  @Test
  void nodeMaxConcurrency_capsThatNodeAlone_notTheNodesBeforeOrAfterIt() {
    TASKS_OF.clear();
    Pipeline p = Pipeline.of(
        Node.named("a").inputs("x").row((Integer x) -> seen("a", x * 2)),
        Node.named("b").inputs("a").config(ExecutionConfig.builder().maxConcurrency(1).build())
            .row((Integer x) -> seen("b", x + 1)),
        Node.named("c").inputs("b", "x").row((Integer b, Integer x) -> seen("c", b - x)));
    List<Integer> xs = IntStream.range(0, 1000).boxed().toList();
    MapResult r = p.withEngine(new SparkEngine(spark.session(), ExecutionConfig.builder().batchSize(1000).build()))
        .map(Map.of("x", xs), "x");
    assertEquals(IntStream.range(0, 1000).map(i -> i + 1).boxed().toList(), r.column("c"));
    assertEquals(IntStream.range(0, 1000).map(i -> i * 2 + 1).boxed().toList(), r.column("b"));
    int full = SparkSettings.PARTITIONS_PER_SLOT_DEFAULT * spark.layout().cores();
    assertEquals(full, TASKS_OF.get("a").size(), "a runs in every partition: " + TASKS_OF.get("a"));
    assertEquals(1, TASKS_OF.get("b").size(), "b runs in one: " + TASKS_OF.get("b"));
    assertEquals(full, TASKS_OF.get("c").size(), "c runs in every partition again: " + TASKS_OF.get("c"));
    ExecutionReport report = r.report();
    assertEquals(full, report.partitions(), "the last node's partitions");
    assertEquals(2L * full + 1, report.tasks(), "three jobs: a, then b, then c");
    int perPartition = (1000 + full - 1) / full;
    assertEquals(Map.of("a", perPartition, "b", 1000, "c", perPartition), report.layout().batchSizes());
    assertEquals(perPartition, report.batches().get("c").max(), "c's batches are cut from its own partitions");
    assertEquals(1000, report.batches().get("b").max());
    assertEquals(Map.of("a", 1000L, "b", 1000L, "c", 1000L), Map.of("a", report.batches().get("a").rows(),
        "b", report.batches().get("b").rows(), "c", report.batches().get("c").rows()));
    assertTrue(report.layout().rule().endsWith("; for max_concurrency, node 'b' runs in 1 partition"),
        report.layout().rule());

    // The first node capped: the list is cut into its partitions, and the next node runs in them all again.
    TASKS_OF.clear();
    Pipeline first = Pipeline.of(
        Node.named("a").inputs("x").config(ExecutionConfig.builder().maxConcurrency(2).build())
            .row((Integer x) -> seen("a", x * 2)),
        Node.named("c").inputs("a").row((Integer a) -> seen("c", a + 1)));
    MapResult f = first.withEngine(spark).map(Map.of("x", xs), "x");
    assertEquals(IntStream.range(0, 1000).map(i -> i * 2 + 1).boxed().toList(), f.column("c"));
    assertEquals(2, TASKS_OF.get("a").size(), TASKS_OF.get("a").toString());
    assertEquals(2, f.report().layout().partitions(), "the list is cut into the first node's partitions");
    assertEquals(500, f.report().layout().maxRowsPerPartition());
    assertEquals(full, TASKS_OF.get("c").size(), TASKS_OF.get("c").toString());
  }

  @Test
  void recordedFailures_crossTheJobsOfACappedNode() {
    Pipeline p = Pipeline.of(
        Node.named("div").inputs("x").onError(Node.OnError.RECORD).row((Integer x) -> 100 / x),
        Node.named("half").inputs("div").config(ExecutionConfig.builder().maxConcurrency(1).build())
            .onError(Node.OnError.RECORD).row((Integer d) -> d / 2));
    List<Integer> xs = IntStream.range(0, 200).map(i -> i % 7 == 3 ? 0 : i + 1).boxed().toList();
    MapResult uncapped = Pipeline.of(
        Node.named("div").inputs("x").onError(Node.OnError.RECORD).row((Integer x) -> 100 / x),
        Node.named("half").inputs("div").onError(Node.OnError.RECORD).row((Integer d) -> d / 2))
        .withEngine(spark).map(Map.of("x", xs), "x");
    MapResult capped = p.withEngine(spark).map(Map.of("x", xs), "x");
    assertEquals(uncapped.rows(), capped.rows());
    assertEquals(uncapped.failures(), capped.failures());
    assertEquals(uncapped.report().failures(), capped.report().failures());
    assertTrue(capped.report().failures().get("div") > 0, capped.report().failures().toString());
  }

  static final class Unshippable {
    String tag() {
      return "u";
    }
  }

  @Test
  void valueThatCannotBeShipped_getsAnErrorSayingHowToMarkItStateful() {
    Pipeline p = Pipeline.of(Node.named("r").inputs("x", "tool").row((Integer x, Unshippable u) -> u.tag() + x));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> p.withEngine(spark).map(Map.of("x", List.of(1, 2), "tool", new Unshippable()), "x"));
    assertTrue(e.getMessage().startsWith("input 'tool' (a io.sparknodes.spark.SparkEngineTest$Unshippable) cannot be shipped"),
        e.getMessage());
    assertTrue(e.getMessage().contains("Stateful.of(() -> new Unshippable(...))"), e.getMessage());
    assertTrue(e.getMessage().contains(".stateful(\"tool\")"), e.getMessage());

    MapResult ok = p.withEngine(spark).map(Map.of("x", List.of(1, 2), "tool", Stateful.of(Unshippable::new)), "x");
    assertEquals(List.of("u1", "u2"), ok.column("r"));
  }

  @Test
  void throwingNode_failsTheMap_namingNodeAndItem() {
    Pipeline p = Pipeline.of(Node.named("div").inputs("x").row((Integer x) -> 100 / x));
    List<Integer> xs = IntStream.range(0, 50).map(i -> i == 37 ? 0 : i + 1).boxed().toList();
    NodeExecutionException e = assertThrows(NodeExecutionException.class,
        () -> p.withEngine(spark).map(Map.of("x", xs), "x"));
    assertEquals("div", e.node());
    assertEquals(37, e.item());
    assertTrue(e.getMessage().startsWith("node 'div' failed on item 37: java.lang.ArithmeticException"), e.getMessage());
  }

  static final AtomicInteger FACTORY_CALLS = new AtomicInteger();

  static Object failingFactory() {
    FACTORY_CALLS.incrementAndGet();
    throw new IllegalStateException("model file missing");
  }

  @Test
  void statefulFactoryThatThrows_isNamed_andNotRetriedPerTask() {
    FACTORY_CALLS.set(0);
    StatefulBuildException e = assertThrows(StatefulBuildException.class,
        () -> modelPipeline().withEngine(spark).map(Map.of("text", TestPipelines.texts(100),
            "model", Stateful.of(SparkEngineTest::failingFactory)), "text"));
    assertEquals("model", e.input());
    assertTrue(e.getMessage().contains("model file missing"), e.getMessage());
    assertEquals(1, FACTORY_CALLS.get());
  }

  @Test
  void aFreshStatefulOfTheSameFactoryOnEveryMap_reusesTheFirstOnesInstance() {
    // The README's inline pattern, in a loop: one instance kept, not one a map until the application ends.
    String app = spark.session().sparkContext().applicationId();
    int alive = ExecutorRegistry.alive(app);
    for (int i = 0; i < 4; i++) {
      MapResult r = modelPipeline().withEngine(spark).map(Map.of("text", TestPipelines.texts(50),
          "model", Stateful.of(() -> new TestPipelines.CountingModel())), "text");
      assertEquals(i == 0 ? 1 : 0, r.report().instancesBuilt("model"), "map " + i);
    }
    assertEquals(alive + 1, ExecutorRegistry.alive(app));
  }

  static final java.util.concurrent.atomic.AtomicBoolean MODEL_FILE_MISSING = new java.util.concurrent.atomic.AtomicBoolean();
  static final AtomicInteger MODEL_BUILDS = new AtomicInteger();

  static TestPipelines.CountingModel modelOnceItsFileExists() {
    MODEL_BUILDS.incrementAndGet();
    if (MODEL_FILE_MISSING.get()) {
      throw new IllegalStateException("model file missing");
    }
    return new TestPipelines.CountingModel();
  }

  @Test
  void aFailedBuild_isRememberedForItsValue_butAFreshValueBuildsAgain() {
    MODEL_FILE_MISSING.set(true);
    MODEL_BUILDS.set(0);
    Stateful<TestPipelines.CountingModel> failing = Stateful.of(SparkEngineTest::modelOnceItsFileExists);
    Map<String, Object> inputs = Map.of("text", TestPipelines.texts(50), "model", failing);
    assertThrows(StatefulBuildException.class, () -> modelPipeline().withEngine(spark).map(inputs, "text"));
    assertThrows(StatefulBuildException.class, () -> modelPipeline().withEngine(spark).map(inputs, "text"));
    assertEquals(1, MODEL_BUILDS.get(), "the same value's failure is remembered");
    MODEL_FILE_MISSING.set(false);
    MapResult r = modelPipeline().withEngine(spark).map(Map.of("text", TestPipelines.texts(50),
        "model", Stateful.of(SparkEngineTest::modelOnceItsFileExists)), "text");
    assertEquals(2, MODEL_BUILDS.get(), "a fresh value after the cause was mended builds again");
    assertEquals(1, r.report().instancesBuilt("model"));
  }

  @Test
  void submittedProfile_givesTheUseCaseSubmitLaidTheSessionOutFor(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("profile.json"), """
        {"profileVersion": 1, "grid": "g", "workload": "text-normalize", "items": 100,
         "measuredOn": {"master": "embedded: local[N]", "local": true, "cores": 2},
         "optimal": {"point": "p", "settings": {"use_process": false, "max_concurrency": 2, "batch_size": 512},
                     "spark": {"spark.executor.cores": "2", "spark.executor.instances": "1", "spark.cores.max": "2"}},
         "useCases": {"memory-constrained": {"settings": {"use_process": false, "max_concurrency": 1, "batch_size": 64},
                      "spark": {"spark.executor.cores": "1", "spark.executor.instances": "1", "spark.cores.max": "1"}}}}""");
    org.apache.spark.sql.RuntimeConfig conf = spark.session().conf();
    assertThrows(IllegalArgumentException.class, () -> SparkEngine.submittedProfile(spark.session()));
    try {
      conf.set(SparkEngine.PROFILE, file.toString());
      assertEquals(ExecutionConfig.fromProfile(file), SparkEngine.submittedProfile(spark.session()));
      conf.set(SparkEngine.PROFILE_USE_CASE, "memory-constrained");
      assertEquals(ExecutionConfig.fromProfile(file, "memory-constrained"), SparkEngine.submittedProfile(spark.session()));
    } finally {
      conf.unset(SparkEngine.PROFILE);
      conf.unset(SparkEngine.PROFILE_USE_CASE);
    }
  }

  @Test
  void recordPolicy_onSpark_countsFailuresInTheReport() {
    Pipeline p = Pipeline.of(Node.named("div").inputs("x").onError(Node.OnError.RECORD).row((Integer x) -> 100 / x));
    MapResult r = p.withEngine(spark).map(Map.of("x", List.of(1, 0, 2, 0, 4)), "x");
    assertEquals(java.util.Arrays.asList(100, null, 50, null, 25), r.column("div"));
    assertEquals(2L, r.report().failures().get("div"));
    assertEquals(List.of(new MapResult.Failure(1, "div", "java.lang.ArithmeticException", "/ by zero"),
        new MapResult.Failure(3, "div", "java.lang.ArithmeticException", "/ by zero")), r.failures());
    // The same through a stage capped by max_concurrency (rows travel between per-node functions).
    MapResult capped = p.withEngine(new SparkEngine(spark.session(), ExecutionConfig.builder().maxConcurrency(1).build()))
        .map(Map.of("x", List.of(1, 0, 2, 0, 4)), "x");
    assertEquals(r.failures(), capped.failures());
  }

  @Test
  void batchSizeDoesNotSetThePartitions_andIsCappedByThem() {
    Pipeline p = Pipeline.of(Node.named("a").inputs("x").row((Integer x) -> x * 2));
    List<Integer> xs = IntStream.range(0, 1000).boxed().toList();
    int slots = spark.layout().cores();
    for (int batch : new int[] {1, 10, 1000}) {
      MapResult r = p.withEngine(new SparkEngine(spark.session(), ExecutionConfig.builder().batchSize(batch).build()))
          .map(Map.of("x", xs), "x");
      ExecutionReport.Layout layout = r.report().layout();
      assertEquals(SparkSettings.PARTITIONS_PER_SLOT_DEFAULT * slots, r.report().partitions(), "batch_size " + batch);
      assertTrue(layout.rule().startsWith("auto: "), layout.rule());
      assertEquals(63, layout.maxRowsPerPartition());
      assertEquals(Math.min(batch, 63), layout.batchSizes().get("a"));
      assertEquals(Math.min(batch, 63), r.report().batches().get("a").max());
      assertEquals(batch > 63, layout.capsBatch("a", batch));
      assertEquals(1998, r.column("a").get(999));
    }
  }

  @Test
  void engineOnACallersSession_neverStopsIt() {
    SparkEngine borrowed = new SparkEngine(spark.session(), ExecutionConfig.builder().batchSize(3).build());
    borrowed.close();
    assertTrue(!spark.session().sparkContext().isStopped(), "the caller's session was stopped");
    MapResult r = Pipeline.of(Node.named("a").inputs("x").row((Integer x) -> x)).withEngine(borrowed)
        .map(Map.of("x", List.of(1, 2, 3, 4)), "x");
    assertEquals(4, r.report().partitions(), "one partition per item at most");
  }
}
