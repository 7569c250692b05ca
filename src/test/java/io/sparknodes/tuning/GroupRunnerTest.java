package io.sparknodes.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.Engine;
import io.sparknodes.pipeline.LocalEngine;
import io.sparknodes.results.Status;
import io.sparknodes.workloads.TextNormalize;
import io.sparknodes.workloads.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The group runner in-process, on fake backends: what it measures, checks and flags. */
class GroupRunnerTest {

  /** A backend whose engine runs locally with the given batch size, whatever the point asks. */
  private static Backend fixedBatch(Integer batch) {
    return fixedBatch(batch, () -> {});
  }

  /** {@link #fixedBatch(Integer)} whose sessions run {@code onClose} when closed. */
  private static Backend fixedBatch(Integer batch, Runnable onClose) {
    return config -> new Backend.Session() {
      @Override
      public Engine engine(ExecutionConfig pointConfig) {
        return new LocalEngine(batch == null ? pointConfig : ExecutionConfig.builder().batchSize(batch).build());
      }

      @Override
      public void setRuntime(Map<String, String> settings) {}

      @Override
      public String master() {
        return "fake";
      }

      @Override
      public String version() {
        return "fake";
      }

      @Override
      public void close() {
        onClose.run();
      }
    };
  }

  private static List<PointResult> run(Backend backend, Workload workload, String gridJson) {
    Grid grid = Grid.parse(gridJson);
    List<PointResult> results = new ArrayList<>();
    GroupRunner runner = new GroupRunner(backend, workload, workload.items(grid.items()), grid.warmup(), grid.repeats(),
        grid.seed());
    for (List<Point> group : grid.groups()) {
      runner.run(group, new GroupRunner.Listener() {
        @Override
        public void runStarting(Point point, String phase, int round) {}

        @Override
        public void pointFinished(PointResult result) {
          results.add(result);
        }
      });
    }
    return results;
  }

  private static final String GRID = """
      {"workload": "text-normalize", "items": 400, "warmup": 1, "repeats": 3, "seed": 5,
       "axes": {"use_process": [false], "max_concurrency": [1], "batch_size": [10, 50, 100]}}""";

  @Test
  void engineThatIgnoresBatchSize_isFlaggedOnEveryPointOfThatAxis() {
    List<PointResult> results = run(fixedBatch(1000), new TextNormalize(), GRID);
    assertEquals(3, results.size());
    for (PointResult r : results) {
      assertEquals(Status.OK, r.status(), r.error().orElse(""));
      assertTrue(r.flags().stream().anyMatch(f -> f.startsWith("batch_size had no effect: asked "
          + r.params().get("batch_size") + ", batches seen up to 400")), r.id() + ": " + r.flags());
    }
  }

  @Test
  void sparkEngine_isNotFlagged_andEachPointHasItsSamples() {
    List<PointResult> results = run(new SparkBackend(java.util.Optional.empty()), new TextNormalize(), GRID);
    assertEquals(3, results.size());
    int cold = 0;
    for (PointResult r : results) {
      // No layout or engine flag (a warm-up cut by its cap on a busy machine is not one).
      assertEquals(List.of(), r.flags().stream().filter(f -> !f.startsWith("warm-up stopped")).toList(), r.id());
      assertEquals(3, r.warmSeconds().size());
      // local[1]: 4 partitions of 100 rows, so every batch_size of the grid fits in one.
      assertEquals(r.params().get("batch_size"), r.observed().orElseThrow().batchMax());
      cold += r.coldSeconds().isPresent() ? 1 : 0;
    }
    assertEquals(1, cold, "only the group's first run is cold");
  }

  /** Fails on the batch whose size is 50, so exactly the batch_size=50 point fails. */
  public static final class FailsAtFifty implements Workload {
    private final TextNormalize base = new TextNormalize();

    @Override
    public String name() {
      return "fails-at-fifty";
    }

    @Override
    public io.sparknodes.pipeline.Pipeline pipeline() {
      return io.sparknodes.pipeline.Pipeline.of(io.sparknodes.pipeline.Node.named("out").inputs("text")
          .batch((List<String> texts) -> {
            if (texts.size() == 50) {
              throw new IllegalStateException("a batch of fifty");
            }
            return texts.stream().map(t -> t.strip().toLowerCase(java.util.Locale.ROOT)).toList();
          }));
    }

    @Override
    public String mappedInput() {
      return "text";
    }

    @Override
    public List<?> items(int n) {
      return base.items(n);
    }

    @Override
    public Map<String, Object> constants() {
      return Map.of();
    }

    @Override
    public java.util.Optional<String> check(List<?> items, io.sparknodes.pipeline.MapResult result) {
      return Workload.checkEach(items, result.column("out"), t -> ((String) t).strip().toLowerCase(java.util.Locale.ROOT), 1);
    }
  }

  @Test
  void pointWhoseWorkloadThrows_isRecordedWithItsError_andTheOthersComplete() {
    List<PointResult> results = run(fixedBatch(null), new FailsAtFifty(), GRID);
    assertEquals(3, results.size());
    for (PointResult r : results) {
      if (r.params().get("batch_size").equals(50)) {
        assertEquals(Status.FAILED, r.status());
        String error = r.error().orElseThrow();
        assertTrue(error.contains("node 'out' failed on the batch of items 0..49"), error);
        assertTrue(error.contains("a batch of fifty"), error);
      } else {
        assertEquals(Status.OK, r.status(), r.error().orElse(""));
        assertEquals(3, r.warmSeconds().size());
      }
    }
  }

  @Test
  void calibratedLoops_doubleUntilASampleLastsTheMinimum_andNeverDrop() {
    assertEquals(8, GroupRunner.calibratedLoops(1, 0.03, 0.2));
    assertEquals(256, GroupRunner.calibratedLoops(8, 0.001, 0.2));
    assertEquals(16, GroupRunner.calibratedLoops(16, 1.0, 0.2));
    assertEquals(1, GroupRunner.calibratedLoops(1, 0.5, 0.2));
    assertEquals(GroupRunner.MAX_LOOPS, GroupRunner.calibratedLoops(1, 0.0, 0.2));
    assertEquals(1, GroupRunner.calibratedLoops(1, 0.0, 0.0));
  }

  /**
   * Warm-up rounds that follow a sequence of round times: how many the rule runs before it stops
   * (Integer.MAX_VALUE: it would still go on after them all).
   */
  private static int warmupRounds(double... rounds) {
    List<Double> seen = new java.util.ArrayList<>();
    for (double r : rounds) {
      if (GroupRunner.warmup(2, seen, 0) != GroupRunner.Warmup.CONTINUE) {
        return seen.size();
      }
      seen.add(r);
    }
    return GroupRunner.warmup(2, seen, 0) == GroupRunner.Warmup.CONTINUE ? Integer.MAX_VALUE : seen.size();
  }

  @Test
  void warmUp_goesOnWhileRoundsGetFaster_andStopsAtASteadyState() {
    // Flat: the first rounds that can be judged (patience + 1) end it.
    assertEquals(GroupRunner.PATIENCE + 1, warmupRounds(0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2));
    // Noise within the margin does not keep it going.
    assertEquals(GroupRunner.PATIENCE + 1, warmupRounds(0.20, 0.21, 0.195, 0.2, 0.205, 0.2));
    // The seed grid's measured trajectory (sums over 6 points, seconds): on until it levels off.
    assertEquals(11, warmupRounds(0.828, 0.751, 0.504, 0.295, 0.236, 0.170, 0.179, 0.148, 0.147, 0.154, 0.150,
        0.149, 0.151));
    // A pause of two rounds in the middle (measured: 0.389, then 0.540 and 0.479) does not end it.
    assertTrue(warmupRounds(0.920, 0.721, 0.528, 0.389, 0.540, 0.479, 0.300, 0.250, 0.200, 0.180, 0.170) > 7);
    // Still getting faster at the cap: the cap ends it.
    assertEquals(GroupRunner.MAX_WARMUP_ROUNDS,
        warmupRounds(java.util.stream.IntStream.range(0, GroupRunner.MAX_WARMUP_ROUNDS + 20).mapToDouble(i -> Math.pow(0.97, i)).toArray()));
    List<Double> falling = java.util.stream.IntStream.range(0, 5).mapToObj(i -> Math.pow(0.8, i)).toList();
    assertEquals(GroupRunner.Warmup.CAPPED, GroupRunner.warmup(2, falling, GroupRunner.MAX_WARMUP_SECONDS),
        "still getting faster when its time is up");
    assertEquals(GroupRunner.Warmup.CONTINUE, GroupRunner.warmup(2, falling, 1));
    // The grid's rounds are run whatever the times say; none asked for: no warm-up.
    assertEquals(GroupRunner.Warmup.CONTINUE, GroupRunner.warmup(8, List.of(0.2, 0.2, 0.2, 0.2, 0.2), 0));
    assertEquals(GroupRunner.Warmup.STEADY, GroupRunner.warmup(0, List.of(), 0));
  }

  @Test
  void aSharedJvmsGroups_drawTheirWarmUpFromOneBudget() {
    GroupRunner.WarmupBudget budget = new GroupRunner.WarmupBudget(45);
    List<Double> falling = java.util.stream.IntStream.range(0, 5).mapToObj(i -> Math.pow(0.8, i)).toList();
    assertEquals(GroupRunner.Warmup.CONTINUE, GroupRunner.warmup(2, falling, 30, budget.left()),
        "the first group may warm past a lone group's cap");
    budget.spend(40);
    assertEquals(5, budget.left(), 1e-9);
    assertEquals(GroupRunner.Warmup.CAPPED, GroupRunner.warmup(2, falling, 5, budget.left()), "what is left caps the next");
    budget.spend(10);
    assertEquals(0, budget.left(), 1e-9);
    assertEquals(GroupRunner.Warmup.CONTINUE, GroupRunner.warmup(2, List.of(1.0), 0, budget.left()),
        "the grid's own rounds run whatever the budget");
    assertEquals(GroupRunner.Warmup.STEADY, GroupRunner.warmup(2, List.of(0.2, 0.2, 0.2, 0.2), 9, budget.left()),
        "a steady group is steady, not capped");
    // A later group gets at least LATER_GROUP_SECONDS to show it is steady; flagged only if it is not.
    assertEquals(GroupRunner.LATER_GROUP_SECONDS, budget.cap(), 1e-9);
    assertEquals(GroupRunner.Warmup.CONTINUE, GroupRunner.warmup(2, falling, 5, budget.cap()),
        "a later group still getting faster goes on past a spent budget");
    assertEquals(GroupRunner.Warmup.STEADY,
        GroupRunner.warmup(2, List.of(0.3, 0.2, 0.2, 0.2, 0.2), 5, budget.cap()), "and stops once level, unflagged");
    assertEquals(GroupRunner.Warmup.CAPPED, GroupRunner.warmup(2, falling, GroupRunner.LATER_GROUP_SECONDS,
        budget.cap()), "and is flagged if still getting faster at its floor");
    assertEquals(45, new GroupRunner.WarmupBudget(45).cap(), 1e-9, "the first group has the whole budget");
  }

  @Test
  void aJvmsWarmUp_runsOnlyWarmUpMaps_inAnApplicationItStops_andHandsItsLoopsToTheGroupsOwnRun() {
    Grid grid = Grid.parse("{\"workload\": \"text-normalize\", \"items\": 200, \"warmup\": 2, \"repeats\": 2,"
        + " \"min_sample_seconds\": 0.005, \"axes\": {\"batch_size\": [50, 100]}}");
    Workload workload = new TextNormalize();
    List<?> items = workload.items(grid.items());
    int[] opened = {0};
    int[] closed = {0};
    Backend backend = config -> {
      opened[0]++;
      return fixedBatch(null, () -> closed[0]++).open(config);
    };
    List<String> phases = new ArrayList<>();
    List<PointResult> finished = new ArrayList<>();
    GroupRunner.Listener listener = new GroupRunner.Listener() {
      @Override
      public void runStarting(Point point, String phase, int round) {
        phases.add(phase);
      }

      @Override
      public void pointFinished(PointResult result) {
        finished.add(result);
      }
    };
    List<Point> group = grid.groups().get(0);
    GroupRunner.WarmupBudget budget = new GroupRunner.WarmupBudget(30);
    Map<String, Integer> loops = new GroupRunner(backend, workload, items, grid.warmup(), grid.repeats(), grid.seed(),
        grid.minSampleSeconds()).shareWarmup(budget).warmJvm(group, listener, 30);
    assertEquals(1, opened[0], "one application for the group's warm-up");
    assertEquals(1, closed[0], "stopped when the warm-up ends");
    assertTrue(phases.size() >= group.size() * (1 + grid.warmup()), phases.size() + " runs");
    assertTrue(phases.stream().allMatch(GroupRunner.WARMUP::equals), "only warm-up runs: " + phases);
    assertTrue(finished.isEmpty(), "nothing is reported as measured");
    assertEquals(group.stream().map(Point::id).collect(java.util.stream.Collectors.toSet()), loops.keySet());
    assertTrue(budget.left() < 30, "drawn from the JVM's budget");
    // The group's own run starts from those loops and measures as usual.
    new GroupRunner(backend, workload, items, grid.warmup(), grid.repeats(), grid.seed(), grid.minSampleSeconds())
        .startLoops(loops).run(group, listener);
    assertEquals(group.size(), finished.size());
    for (PointResult r : finished) {
      assertEquals(Status.OK, r.status());
      assertEquals(grid.repeats(), r.warmSeconds().size());
      assertTrue(r.loops() >= loops.get(r.id()), r.id() + ": " + r.loops() + " loops after " + loops.get(r.id()));
    }
    // A cap of nothing still runs the grid's rounds, each point's first map included.
    phases.clear();
    new GroupRunner(backend, workload, items, grid.warmup(), grid.repeats(), grid.seed(), grid.minSampleSeconds())
        .warmJvm(group, listener, 0);
    assertEquals(group.size() * (1 + grid.warmup()), phases.size());

    // The group measured first warms last, in the application it is then measured in: that one is
    // neither started again nor given a cold run, and is stopped once, when the group ends.
    phases.clear();
    finished.clear();
    opened[0] = 0;
    closed[0] = 0;
    GroupRunner first = new GroupRunner(backend, workload, items, grid.warmup(), grid.repeats(), grid.seed(),
        grid.minSampleSeconds()).warmToContinue(group, listener, 30);
    assertEquals(0, closed[0], "the warm-up leaves the group's application open");
    first.run(group, listener);
    assertEquals(1, opened[0], "no application started for the group's own run");
    assertEquals(1, closed[0], "stopped once, when the group ends");
    assertFalse(phases.contains(GroupRunner.COLD), "no cold run in a warm application: " + phases);
    assertEquals(group.size(), finished.size());
    for (PointResult r : finished) {
      assertEquals(Status.OK, r.status());
      assertEquals(grid.repeats(), r.warmSeconds().size());
      assertTrue(r.coldSeconds().isEmpty(), r.id() + " has a cold figure from a warm application");
    }
  }

  /** TextNormalize whose check counts the maps it checks. */
  static final class Counting implements Workload {
    final TextNormalize base = new TextNormalize();
    final java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public String name() {
      return base.name();
    }

    @Override
    public io.sparknodes.pipeline.Pipeline pipeline() {
      return base.pipeline();
    }

    @Override
    public String mappedInput() {
      return base.mappedInput();
    }

    @Override
    public List<?> items(int n) {
      return base.items(n);
    }

    @Override
    public Map<String, Object> constants() {
      return base.constants();
    }

    @Override
    public java.util.Optional<String> check(List<?> items, io.sparknodes.pipeline.MapResult result) {
      checks.incrementAndGet();
      return base.check(items, result);
    }
  }

  @Test
  void calibratedSamples_areLoopsOfCheckedMaps_eachJobDescribedByItsPointPhaseSampleAndLoop() {
    List<String> descriptions = new ArrayList<>();
    Backend backend = config -> new Backend.Session() {
      @Override
      public Engine engine(ExecutionConfig pointConfig) {
        return new LocalEngine(pointConfig);
      }

      @Override
      public void setRuntime(Map<String, String> settings) {}

      @Override
      public void describe(String description) {
        descriptions.add(description);
      }

      @Override
      public String master() {
        return "fake";
      }

      @Override
      public String version() {
        return "fake";
      }

      @Override
      public void close() {}
    };
    Counting workload = new Counting();
    Grid grid = Grid.parse(GRID);
    List<PointResult> results = new ArrayList<>();
    new GroupRunner(backend, workload, workload.items(grid.items()), 2, 3, 5, 0.05).run(grid.points(),
        new GroupRunner.Listener() {
          @Override
          public void runStarting(Point point, String phase, int round) {}

          @Override
          public void pointFinished(PointResult result) {
            results.add(result);
          }
        });
    assertEquals(3, results.size());
    assertEquals(descriptions.size(), workload.checks.get(), "every map is checked");
    for (PointResult r : results) {
      assertEquals(Status.OK, r.status(), r.error().orElse(""));
      assertEquals(3, r.warmSeconds().size());
      assertEquals(Integer.bitCount(r.loops()), 1, "loops are a power of two: " + r.loops());
      assertTrue(r.warmupSeconds().orElseThrow() > 0);
      long measureJobs = descriptions.stream().filter(d -> d.startsWith("sparknodes sweep: " + r.id() + " | measure"))
          .count();
      assertEquals(3L * r.loops(), measureJobs, r.id());
      assertTrue(descriptions.contains("sparknodes sweep: " + r.id() + " | measure 3 | loop " + r.loops() + "/"
          + r.loops()), descriptions.toString());
    }
  }
}
