package io.sparknodes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.ExecutionReport;
import io.sparknodes.pipeline.LocalEngine;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.Stateful;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** use_process=true: executors in separate JVMs (local-cluster[2,1,1024]), one shared session. */
class ProcessModeTest {
  private static final int N = 120;
  @RegisterExtension
  static final LocalCluster CLUSTER = new LocalCluster();

  @Test
  void sparkEqualsLocal_inProcessMode() {
    for (int batch : new int[] {7, N}) {
      SparkEngine engine = new SparkEngine(CLUSTER.engine().session(), ExecutionConfig.builder().batchSize(batch).build());
      for (TestPipelines.Case c : TestPipelines.all(N)) {
        String[] mapOver = c.mapOver().toArray(String[]::new);
        MapResult expected = c.pipeline().withEngine(new LocalEngine(engine.defaults())).map(c.inputs(), mapOver);
        MapResult actual = c.pipeline().withEngine(engine).map(c.inputs(), mapOver);
        assertEquals(expected.rows(), actual.rows(), c + " at batch_size=" + batch);
      }
    }
  }

  @Test
  void eachExecutorJvmBuildsOneInstance_andExecutorsSeenEqualN() {
    Pipeline p = Pipeline.of(Node.named("pid").inputs("x", "model").row((Integer x, TestPipelines.CountingModel m) -> {
      Thread.sleep(20);
      return m.pid();
    }));
    MapResult r = p.withEngine(CLUSTER.engine()).map(Map.of("x", java.util.stream.IntStream.range(0, 200).boxed().toList(),
        "model", Stateful.of(TestPipelines.CountingModel::new)), "x");
    ExecutionReport report = r.report();
    assertEquals("local-cluster[2,1,1024]", report.master());
    assertEquals(2, report.executors().size(), report.executors().toString());
    assertEquals(2, report.distinctJvms());
    assertEquals(2, report.instancesBuilt("model"));
    assertEquals(Set.of("0", "1"), report.instancesBuilt().get("model").keySet());
    Set<Long> pids = r.<Long>column("pid").stream().collect(Collectors.toSet());
    assertEquals(2, pids.size());
    assertFalse(pids.contains(ProcessHandle.current().pid()), "work ran outside the driver JVM");
    assertEquals(report.executors().stream().map(ExecutionReport.ExecutorRef::pid).collect(Collectors.toSet()), pids);
    // 200 items on 2 slots: 8 partitions of 25, each cut into batches of 10, 10 and 5.
    assertEquals(8, report.partitions());
    ExecutionReport.BatchStats stats = report.batches().get("pid");
    assertEquals(new ExecutionReport.BatchStats(24, 200, 5, 10), stats);
  }

  @Test
  void batchEvents_reachTheDriversListener_whileTasksRunInExecutorJvms(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) {
    ProgressTest.Recorder recorder = new ProgressTest.Recorder(dir.resolve("signal"));
    ProgressTest.heardWhileRunning(new SparkEngine(CLUSTER.engine().session(), ExecutionConfig.builder().partitions(1).build())
        .withListener(recorder), recorder);
  }

  @Test
  void autoBatchSize_keepsOneSizerPerExecutorJvm_andEveryRow() {
    SparkEngine auto = new SparkEngine(CLUSTER.engine().session(), ExecutionConfig.builder().autoBatchSize().build());
    Pipeline p = Pipeline.of(Node.named("slow").inputs("x").batch((List<Integer> xs) -> {
      Thread.sleep(2);
      return xs.stream().map(x -> x * 3).toList();
    }));
    List<Integer> items = java.util.stream.IntStream.range(0, 40_000).boxed().toList();
    MapResult r = p.withEngine(auto).map(Map.of("x", items), "x");
    assertEquals(items.stream().map(x -> x * 3).toList(), r.column("slow"));
    ExecutionReport.AutoBatch sizes = r.report().autoBatches().get("slow");
    assertEquals(2, sizes.sizers(), "one sizer per executor JVM: " + sizes);
    assertTrue(sizes.largest() >= 1024, "" + sizes);
    assertEquals(40_000, r.report().batches().get("slow").rows());
  }

  @Test
  void recordedFailures_comeBackFromExecutorJvms() {
    Pipeline p = Pipeline.of(Node.named("div").inputs("x").onError(Node.OnError.RECORD).row((Integer x) -> 60 / (x % 7)));
    MapResult r = p.withEngine(CLUSTER.engine()).map(Map.of("x", java.util.stream.IntStream.range(0, 30).boxed().toList()), "x");
    assertEquals(List.of(0L, 7L, 14L, 21L, 28L), r.failures().stream().map(MapResult.Failure::index).toList());
    assertTrue(r.failures().stream().allMatch(f -> f.node().equals("div") && f.exception().equals(
        "java.lang.ArithmeticException")), r.failures().toString());
    assertEquals(5L, r.report().failures().get("div"));
    assertEquals(10, (Integer) r.column("div").get(6));
  }

  @Test
  void engineOnThisSession_knowsItRunsProcesses() {
    assertTrue(CLUSTER.engine().layout().processes());
    assertEquals(2, CLUSTER.engine().layout().cores());
    List<Integer> out = Pipeline.of(Node.named("a").inputs("x").config(ExecutionConfig.builder().useProcess(true).build())
        .row((Integer x) -> x + 1)).withEngine(CLUSTER.engine()).map(Map.of("x", List.of(1, 2)), "x").column("a");
    assertEquals(List.of(2, 3), out);
  }
}
