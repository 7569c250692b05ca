package io.sparknodes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.Stateful;
import io.sparknodes.pipeline.StatefulBuildException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.apache.spark.SparkStageInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Faults in process mode: an executor JVM killed mid-map, a stateful factory that throws. */
@Tag("faults")
class ExecutorKillTest {
  @RegisterExtension
  static final LocalCluster CLUSTER = new LocalCluster();
  /** How long the killer waits for the map to be well under way. */
  private static final Duration KILL_DEADLINE = Duration.ofSeconds(60);

  private static Pipeline slow() {
    return Pipeline.of(Node.named("out").inputs("x", "model").row((Integer x, TestPipelines.CountingModel m) -> {
      Thread.sleep(15);
      return m.normalize(" V" + x + " ");
    }));
  }


  private static int liveExecutors() {
    return CLUSTER.engine().session().sparkContext().statusTracker().getExecutorInfos().length - 1;
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void executorKilledMidMap_tasksRetried_resultsComplete_andTheNewExecutorBuildsItsOwnInstance() throws Exception {
    Stateful<TestPipelines.CountingModel> model = Stateful.of(TestPipelines.CountingModel::new);
    List<Integer> xs = IntStream.range(0, 1200).boxed().toList();
    Map<String, Object> inputs = Map.of("x", xs, "model", model);
    MapResult probe = slow().withEngine(CLUSTER.engine()).map(Map.of("x", IntStream.range(0, 200).boxed().toList(), "model", model), "x");
    Set<String> originalIds = new HashSet<>(probe.report().instancesBuilt().get("model").keySet());
    List<ProcessHandle> before = probe.report().executors().stream().map(e -> ProcessHandle.of(e.pid()).orElseThrow()).toList();
    assertEquals(2, before.size(), "two executor JVMs");
    assertEquals(2, originalIds.size(), "each built its instance");

    boolean[] killed = {false};
    Thread killer = new Thread(() -> {
      // Kill one executor JVM (SIGKILL) once the job is well under way; give up after KILL_DEADLINE.
      long until = System.nanoTime() + KILL_DEADLINE.toNanos();
      while (System.nanoTime() < until && !Thread.currentThread().isInterrupted()) {
        int[] active = CLUSTER.engine().session().sparkContext().statusTracker().getActiveStageIds();
        for (int id : active) {
          SparkStageInfo info = CLUSTER.engine().session().sparkContext().statusTracker().getStageInfo(id).getOrElse(() -> null);
          if (info != null && info.numCompletedTasks() >= 4) {
            before.get(0).destroyForcibly();
            killed[0] = true;
            return;
          }
        }
        // Poll, not spin: the machine's cores are the executors' too.
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
    });
    killer.setDaemon(true);
    killer.start();
    // 24 partitions of 50 items (about 0.75 s a task), so that the kill lands mid-map.
    SparkEngine many = new SparkEngine(CLUSTER.engine().session(), ExecutionConfig.builder().batchSize(10).partitions(24).build());
    MapResult first = slow().withEngine(many).map(inputs, "x");
    killer.join(KILL_DEADLINE.toMillis());
    killer.interrupt();
    assertTrue(killed[0], "the killer saw 4 tasks complete within " + KILL_DEADLINE.toSeconds() + " s");
    assertFalse(before.get(0).isAlive(), "the executor was killed");
    assertEquals(xs.stream().map(x -> "v" + x).toList(), first.column("out"), "results complete and correct");

    // The master starts a replacement executor, which builds its own instance on its first task:
    // during the first map if it came in time, else in the next one.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (liveExecutors() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(2, liveExecutors(), "a replacement executor registered");
    MapResult second = slow().withEngine(CLUSTER.engine()).map(Map.of("x", xs.subList(0, 400), "model", model), "x");
    Set<String> replacements = new HashSet<>();
    Map<String, Integer> built = new java.util.HashMap<>();
    for (MapResult r : List.of(first, second)) {
      r.report().executors().forEach(e -> replacements.add(e.id()));
      r.report().instancesBuilt().getOrDefault("model", Map.of()).forEach((id, n) -> built.merge(id, n, Integer::sum));
    }
    replacements.removeAll(originalIds);
    assertEquals(1, replacements.size(), "one replacement executor ran tasks: " + replacements);
    String replacement = replacements.iterator().next();
    assertEquals(1, built.get(replacement), "the replacement built the instance once: " + built);
    assertEquals(1, built.size(), "the surviving executor kept its instance: " + built);
  }

  @Test
  void statefulFactoryThatThrows_isNamed_andBuiltAtMostOncePerExecutor(@TempDir Path dir) throws Exception {
    Path attempts = dir.resolve("attempts");
    Files.createFile(attempts);
    String file = attempts.toString();
    Stateful<Object> broken = Stateful.of(() -> {
      Files.writeString(Path.of(file), "x\n", StandardOpenOption.APPEND);
      throw new IllegalStateException("weights file missing");
    });
    Pipeline p = Pipeline.of(Node.named("out").inputs("x", "model").row((Integer x, Object m) -> x));
    StatefulBuildException e = assertThrows(StatefulBuildException.class,
        () -> p.withEngine(CLUSTER.engine()).map(Map.of("x", IntStream.range(0, 200).boxed().toList(), "model", broken), "x"));
    assertEquals("model", e.input());
    assertTrue(e.getMessage().contains("weights file missing"), e.getMessage());
    long calls = Files.readAllLines(attempts).size();
    assertTrue(calls >= 1 && calls <= 2, "one build per executor JVM at most, not one per task or retry: " + calls);
  }
}
