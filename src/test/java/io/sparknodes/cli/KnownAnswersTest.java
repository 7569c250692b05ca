package io.sparknodes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.results.Results;
import io.sparknodes.results.StopReason;
import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.format.ResultsJson;
import io.sparknodes.workloads.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps, through the CLI, small workloads whose best settings are known by construction, and
 * checks that the winner is in the known best set and the verdicts agree with the construction.
 * The fixed-cost and I/O workloads wait rather than compute, so that their answer holds on a busy
 * 2-core machine; the CPU-bound one needs two free cores, which it measures first (and is skipped,
 * saying so, when the machine does not have them).
 */
class KnownAnswersTest {
  @TempDir Path dir;

  /** Every batch call costs a fixed 5 ms, whatever its size: fewer, larger batches win. */
  public static final class FixedCostPerCall extends Base {
    @Override
    public Pipeline pipeline() {
      return Pipeline.of(Node.named("out").inputs("text").batch((List<String> texts) -> {
        Thread.sleep(5);
        return texts;
      }));
    }
  }

  /** Every item waits 20 ms, as on I/O: more concurrent tasks win while there are tasks to share. */
  public static final class WaitsOnIo extends Base {
    @Override
    public Pipeline pipeline() {
      return Pipeline.of(Node.named("out").inputs("text").row((String t) -> {
        Thread.sleep(20);
        return t;
      }));
    }
  }

  /**
   * Every item costs about 1 ms of arithmetic on one core: with two free cores, two concurrent tasks
   * finish in half the time of one.
   */
  public static final class CpuBound extends Base {
    @Override
    public Pipeline pipeline() {
      return Pipeline.of(Node.named("out").inputs("text").row((String t) -> spin(t.hashCode(), SPIN) == 42 ? t + "!" : t));
    }
  }

  /** Iterations of {@link #spin} that take about 1 ms on this machine's cores. */
  static final int SPIN = 1_000_000;

  /** Pure arithmetic whose result depends on every iteration, so that the JIT cannot drop it. */
  static long spin(long seed, int iterations) {
    long x = seed;
    for (int i = 0; i < iterations; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      x ^= x >>> 29;
    }
    return x;
  }

  /**
   * How much faster two threads do a fixed amount of {@link #spin} work than one, measured here: the
   * premise of a CPU-bound known answer is two free cores.
   */
  private static double twoCoreSpeedup() throws Exception {
    spin(1, 50 * SPIN); // warm the JIT
    long one = System.nanoTime();
    spin(2, 200 * SPIN);
    spin(3, 200 * SPIN);
    one = System.nanoTime() - one;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      long two = System.nanoTime();
      var a = pool.submit(() -> spin(4, 200 * SPIN));
      var b = pool.submit(() -> spin(5, 200 * SPIN));
      a.get();
      b.get();
      two = System.nanoTime() - two;
      return (double) one / two;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Every batch does about 1 ms of arithmetic an item while it holds one JVM-wide lock, Java's
   * analogue of Python's GIL, which the seed's use_process exists for: two tasks in one JVM take
   * turns, two executor JVMs each have their own lock.
   */
  public static final class ProcessesWin extends Base {
    private static final Object JVM_WIDE = new Object();

    @Override
    public Pipeline pipeline() {
      return Pipeline.of(Node.named("out").inputs("text").batch((List<String> texts) -> {
        List<String> out = new java.util.ArrayList<>(texts.size());
        synchronized (JVM_WIDE) {
          for (String t : texts) {
            out.add(spin(t.hashCode(), SPIN) == 42 ? t + "!" : t);
          }
        }
        return out;
      }));
    }
  }

  /**
   * The design the known answers are swept under: {@code isolated} in the test suite, {@code shared}
   * under the Maven profile {@code known-answers-shared} ({@code mvn -B test -P known-answers-shared}).
   */
  static final String DESIGN = System.getProperty("sparknodes.knownAnswers.design", "isolated");

  abstract static class Base implements Workload {
    @Override
    public String name() {
      return getClass().getName();
    }

    @Override
    public String mappedInput() {
      return "text";
    }

    @Override
    public List<?> items(int n) {
      return IntStream.range(0, n).mapToObj(i -> "x" + i).toList();
    }

    @Override
    public Map<String, Object> constants() {
      return Map.of();
    }

    @Override
    public Optional<String> check(List<?> items, MapResult result) {
      return Workload.checkEach(items, result.column("out"), t -> t, 1);
    }
  }

  private Analysis sweep(Class<?> workload, int items, String axes) throws Exception {
    return sweep(workload, items, axes, null);
  }

  /**
   * A sweep of {@code applications} balanced passes (JVMs a use_process value under the shared design;
   * null leaves them to the sweep: two, or under shared enough for three degrees of freedom inside a
   * JVM, four for two groups a JVM), with 4 repeats, or one a pass when there are more passes (the
   * passes share the repeats).
   */
  private Analysis sweep(Class<?> workload, int items, String axes, Integer applications) throws Exception {
    Path grid = Files.writeString(dir.resolve("grid.json"), """
        {"workload": "%s", "items": %d, "warmup": 1, "repeats": %d, "budget_seconds": 0, "min_sample_seconds": 0.05,
         %s"design": "%s", "axes": {%s}}""".formatted(workload.getName(), items,
        applications == null ? 4 : Math.max(4, applications),
        applications == null ? "" : "\"applications\": " + applications + ", ", DESIGN, axes));
    Path out = dir.resolve("out");
    GridCommandTest.Run run = GridCommandTest.cli("grid", grid.toString(), "--out", out.toString());
    assertEquals(0, run.code(), run.out() + run.err());
    Results results = ResultsJson.read(out.resolve("results.json"));
    int passes = results.trials().stream().mapToInt(t -> t.applicationCount()).max().orElse(0);
    System.out.println(workload.getSimpleName() + " (" + DESIGN + "): " + passes + " passes");
    assertTrue(passes >= 2 && (applications == null || passes == applications), passes + " passes");
    // Each group ran in every pass; under the shared design a group that holds no contender and no
    // unresolved verdict after a pass is not replicated, and says so.
    assertTrue(results.trials().stream().allMatch(t -> t.applicationCount() == passes
        || (DESIGN.equals("shared") && t.stopReason().map(r -> r == StopReason.NOT_CONTENDER).orElse(false))),
        "each group ran in every pass, or was stopped as not worth it: " + results.trials());
    return Analysis.of(results);
  }

  @Test
  void fixedCostPerBatchCall_largestBatchWins_andBatchSizeIsReal() throws Exception {
    // One partition, so that batch_size alone sets the calls: 64 calls of 5 ms against 4.
    Analysis a = sweep(FixedCostPerCall.class, 1024, "\"use_process\": [false], \"max_concurrency\": [1],"
        + " \"partitions\": [1], \"batch_size\": [16, 256]");
    assertEquals(256, a.best().orElseThrow().trial().params().get("batch_size"));
    Analysis.AxisEffect batch = a.effect("batch_size").orElseThrow();
    assertEquals(Analysis.Verdict.REAL, batch.verdict(), batch.toString());
    assertEquals(256, batch.best().value());
    assertEquals(List.of(256), a.tiedWithBest().stream().map(r -> r.trial().params().get("batch_size")).toList());
  }

  @Test
  void cpuBound_twoTasksOnTwoFreeCoresWin_andMaxConcurrencyIsReal() throws Exception {
    assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two cores");
    double before = twoCoreSpeedup();
    assumeTrue(before >= 1.6, "the machine has no two free cores now (two threads were " + before
        + "x as fast as one): the construction's premise does not hold");
    // 400 items of ~1 ms: ~0.4 s a map on one core, ~0.2 s on two.
    Analysis a = sweep(CpuBound.class, 400, "\"use_process\": [false], \"max_concurrency\": [1, 2],"
        + " \"batch_size\": [8]");
    // Other work that took a core during the sweep breaks the premise, not the sweep: measured again.
    double after = twoCoreSpeedup();
    assumeTrue(after >= 1.6, "the machine lost its two free cores during the sweep (two threads were " + after
        + "x as fast as one afterwards): the construction's premise does not hold");
    assertEquals(2, a.best().orElseThrow().trial().params().get("max_concurrency"));
    Analysis.AxisEffect concurrency = a.effect("max_concurrency").orElseThrow();
    // Agrees with the construction: shown to matter with 2 best, or not shown either way (two
    // applications a group give the between-application variance few degrees of freedom, and Spark
    // in local[2] gave 1.3x, not 2x, in a CI run); never negligible, never 1 best.
    assertNotEquals(Analysis.Verdict.NEGLIGIBLE, concurrency.verdict(), concurrency.toString());
    assertEquals(2, concurrency.best().value(), concurrency.toString());
    assertTrue(concurrency.headline().ratio() > 1.1, concurrency.toString());
    assertTrue(a.tiedWithBest().stream().anyMatch(r -> r.trial().params().get("max_concurrency").equals(2)));
  }

  @Test
  void waitingOnIo_moreConcurrencyWins_andMaxConcurrencyIsReal() throws Exception {
    // 32 items of 20 ms: 0.64 s of waiting on one core, half that on two
    Analysis a = sweep(WaitsOnIo.class, 32, "\"use_process\": [false], \"max_concurrency\": [1, 2],"
        + " \"batch_size\": [4]");
    assertEquals(2, a.best().orElseThrow().trial().params().get("max_concurrency"));
    Analysis.AxisEffect concurrency = a.effect("max_concurrency").orElseThrow();
    assertEquals(Analysis.Verdict.REAL, concurrency.verdict(), concurrency.toString());
    assertEquals(2, concurrency.best().value());
  }

  @Test
  void processesWin_underAJvmWideLock_useProcessIsReal_andMaxConcurrencyMattersOnlyInProcesses() throws Exception {
    assumeTrue(Boolean.getBoolean("sparknodes.heavy"), "a sweep of maps of a second and more: the profile"
        + " known-answers-shared (or -Dsparknodes.heavy=true) runs it");
    assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two cores");
    double before = twoCoreSpeedup();
    assumeTrue(before >= 1.6, "the machine has no two free cores now (" + before + "x)");
    // 2,400 items of ~1 ms: ~2.4 s a map in one JVM whatever its threads, ~1.2 s on two executor JVMs
    // (larger maps parallelize better on these two cores: the issue measured 1.17-1.33x at 0.46 s a map,
    // 1.68-1.75x at 4.2 s). Under the shared design use_process is compared across JVMs, and on this
    // machine their spread needs six a use_process value for this verdict (2026-12-08, one run each):
    // at 1,200 items, two JVMs a value gave processes at max_concurrency 2 1.42x (1.16x-1.74x), Holm-
    // adjusted p 0.092; three gave REAL, but max_concurrency within processes 1.54x, adjusted p 0.059;
    // four gave 1.23x (1.00x-1.52x); at 2,400 items, three gave 1.53x (1.11x-2.12x), adjusted p 0.198,
    // four 1.69x (1.25x-2.29x), adjusted p 0.056. Six passed in three runs. The isolated design passes with two.
    Analysis a = sweep(ProcessesWin.class, 2400, "\"use_process\": [false, true], \"max_concurrency\": [1, 2],"
        + " \"batch_size\": [50]", DESIGN.equals("shared") ? 6 : 2);
    Map<String, Object> best = a.best().orElseThrow().trial().params();
    assertEquals(true, best.get("use_process"), a.ranking().toString());
    assertEquals(2, best.get("max_concurrency"), a.ranking().toString());
    // Processes win at max_concurrency 2: REAL there. Over both values the effect averages in 1, where
    // one executor JVM cannot beat one thread (measured 2.22 s against 2.17 s a map): 1.17x (1.01x-1.36x)
    // and UNRESOLVED with two JVMs a value (1,200 items), 1.28x REAL with six (2,400 items): the overall
    // verdict is not asserted, only that it never prefers threads; when it is not shown the report says
    // use_process depends on max_concurrency.
    Analysis.AxisEffect atTwo = a.effectWithin("use_process", "max_concurrency", 2).orElseThrow();
    System.out.println("processes win (" + DESIGN + "): use_process within max_concurrency 2: " + atTwo.headline()
        + "; max_concurrency within processes: " + a.effectWithin("max_concurrency", "use_process", true)
        .map(Analysis.AxisEffect::headline).orElseThrow() + "; use_process overall: " + a.effect("use_process")
        .map(Analysis.AxisEffect::headline).orElseThrow());
    assertEquals(Analysis.Verdict.REAL, atTwo.verdict(), atTwo.toString());
    assertEquals(true, atTwo.best().value(), atTwo.toString());
    Analysis.AxisEffect process = a.effect("use_process").orElseThrow();
    assertFalse(process.verdict() == Analysis.Verdict.REAL && process.best().value().equals(false), process.toString());
    assertTrue(process.verdict() == Analysis.Verdict.REAL || a.interactingAxes("use_process").contains("max_concurrency"),
        "not shown overall, so the report gives it within each max_concurrency: " + process);
    Analysis.AxisEffect inProcesses = a.effectWithin("max_concurrency", "use_process", true).orElseThrow();
    assertEquals(Analysis.Verdict.REAL, inProcesses.verdict(), inProcesses.toString());
    assertEquals(2, inProcesses.best().value());
    Analysis.AxisEffect inThreads = a.effectWithin("max_concurrency", "use_process", false).orElseThrow();
    assertNotEquals(Analysis.Verdict.REAL, inThreads.verdict(), "the lock serializes threads: " + inThreads);
  }
}
