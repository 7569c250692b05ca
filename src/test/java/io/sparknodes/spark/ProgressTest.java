package io.sparknodes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.Engine;
import io.sparknodes.pipeline.ExecutionReport;
import io.sparknodes.pipeline.LocalEngine;
import io.sparknodes.pipeline.MapListener;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A map's listener hears its batches while it runs: the second batch of a task waits for a signal
 * that only the listener gives on hearing the first, so events that came only at the end would
 * leave it waiting (and the map would fail on the wait's limit).
 */
class ProgressTest {
  private static SparkEngine spark;

  @BeforeAll
  static void start() {
    spark = SparkEngine.start(ExecutionConfig.builder().maxConcurrency(2).build());
  }

  @AfterAll
  static void stop() {
    spark.close();
  }

  /** Batches after the first wait until {@code signal} exists: it can be made by another JVM's listener. */
  static Pipeline waitingPipeline() {
    return Pipeline.of(
        Node.named("gate").inputs("x", "signal").batchSize(10).batch((List<Integer> xs, List<String> signal) -> {
          if (xs.get(0) >= 10) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(Path.of(signal.get(0)))) {
              if (System.nanoTime() > until) {
                throw new IllegalStateException("no batch event reached the listener while the map ran");
              }
              Thread.onSpinWait();
            }
          }
          return xs;
        }),
        Node.named("twice").inputs("gate").row((Integer x) -> 2 * x));
  }

  /** Records every event; makes {@code signal} on the first batch event. */
  static final class Recorder implements MapListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final Map<String, AtomicLong> rows = new ConcurrentHashMap<>();
    final Path signal;

    Recorder(Path signal) {
      this.signal = signal;
    }

    @Override
    public void onMapStart(long items) {
      events.add("start " + items);
    }

    @Override
    public void onBatchDone(String node, long n) {
      rows.computeIfAbsent(node, k -> new AtomicLong()).addAndGet(n);
      events.add("batch " + node);
      try {
        if (!Files.exists(signal)) {
          Files.createFile(signal);
        }
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // another thread made it
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public void onMapEnd(ExecutionReport report) {
      events.add("end");
    }
  }

  /** Maps 30 items in one partition (three batches of the gate, in turn) and checks what was heard. */
  static void heardWhileRunning(Engine engine, Recorder recorder) {
    MapResult r = waitingPipeline().withEngine(engine).map(Map.of("x", IntStream.range(0, 30).boxed().toList(),
        "signal", recorder.signal.toString()), "x");
    assertEquals(58, (Integer) r.column("twice").get(29));
    assertEquals("start 30", recorder.events.get(0));
    assertEquals("end", recorder.events.get(recorder.events.size() - 1), "every event comes before the end");
    assertEquals(1, recorder.events.stream().filter("end"::equals).count());
    for (String node : List.of("gate", "twice")) {
      assertEquals(r.report().batches().get(node).rows(), recorder.rows.get(node).get(), node);
    }
  }

  @Test
  void localEngine_tellsEachBatch(@TempDir Path dir) {
    Recorder recorder = new Recorder(dir.resolve("signal"));
    heardWhileRunning(new LocalEngine().withListener(recorder), recorder);
  }

  @Test
  void aMapWhoseNodesRunInDifferentPartitions_isHeardWhole_overItsJobs(@TempDir Path dir) {
    Recorder recorder = new Recorder(dir.resolve("signal"));
    Pipeline p = Pipeline.of(
        Node.named("a").inputs("x").batchSize(7).row((Integer x) -> x + 1),
        Node.named("b").inputs("a").batchSize(7).config(ExecutionConfig.builder().maxConcurrency(1).build())
            .row((Integer a) -> a * 2),
        Node.named("c").inputs("b").batchSize(7).row((Integer b) -> b - 1));
    MapResult r = p.withEngine(new SparkEngine(spark.session(), ExecutionConfig.builder().build()).withListener(recorder))
        .map(Map.of("x", IntStream.range(0, 100).boxed().toList()), "x");
    assertEquals(IntStream.range(0, 100).map(i -> 2 * (i + 1) - 1).boxed().toList(), r.column("c"));
    assertEquals("start 100", recorder.events.get(0));
    assertEquals("end", recorder.events.get(recorder.events.size() - 1), "every event comes before the end");
    assertEquals(1, recorder.events.stream().filter("end"::equals).count());
    for (String node : List.of("a", "b", "c")) {
      assertEquals(100L, recorder.rows.get(node).get(), node);
    }
  }

  @Test
  void sparkEngineInThreads_tellsBatchesWhileTheTaskRuns(@TempDir Path dir) {
    Recorder recorder = new Recorder(dir.resolve("signal"));
    heardWhileRunning(new SparkEngine(spark.session(), ExecutionConfig.builder().partitions(1).build())
        .withListener(recorder), recorder);
  }
}
