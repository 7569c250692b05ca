package io.sparknodes.results;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made values with fixed numbers, shared by the results and report tests. */
public final class Fixtures {
  public static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");

  private Fixtures() {}

  public static Environment environment() {
    return new Environment("17.0.15", "Debian", "4.0.1", "local[2]", 2, 4_294_967_296L, "Linux", "amd64",
        "abc1234", "testhost");
  }

  /** Axes from alternating names and value arrays: {@code axes("batch_size", List.of(128, 512))}. */
  public static Map<String, List<Object>> axes(Object... nameThenValues) {
    Map<String, List<Object>> axes = new LinkedHashMap<>();
    for (int i = 0; i < nameThenValues.length; i += 2) {
      axes.put((String) nameThenValues[i], List.copyOf((List<?>) nameThenValues[i + 1]));
    }
    return axes;
  }

  public static GridInfo grid(Map<String, List<Object>> axes, int repeats) {
    return new GridInfo("seed", "text", 1000, 1, repeats, 60.0, 42L, axes);
  }

  /** Params from alternating names and values, in that order. */
  public static Map<String, Object> params(Object... kv) {
    Map<String, Object> p = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      p.put((String) kv[i], kv[i + 1]);
    }
    return p;
  }

  /** An OK trial of a point of a grid with 1000 items, finished {@code minute} minutes after T0. */
  public static Trial ok(Map<String, Object> params, int minute, double... warm) {
    return Trial.builder(params)
        .status(Status.OK)
        .warmSeconds(Arrays.stream(warm).boxed().toList(), 1000)
        .startedAt(T0.plusSeconds(60L * minute))
        .finishedAt(T0.plusSeconds(60L * minute + 30))
        .build();
  }

  public static Trial failed(Map<String, Object> params, int minute, Status status, String error) {
    return Trial.builder(params)
        .status(status)
        .error(error)
        .startedAt(T0.plusSeconds(60L * minute))
        .finishedAt(T0.plusSeconds(60L * minute + 30))
        .build();
  }

  /**
   * batch_size [1, 2, 3] at 1x, 1.17x and 1.35x, five samples each with a spread of about 14%: 3
   * against 1 has an interval above the 5% margin on its own (p about 0.023), but Holm over the
   * knob's three comparisons needs its smallest p at most 0.05 / 3, so the knob stays UNRESOLVED.
   */
  public static Results clearButUnresolved() {
    double[] base = {1.0, 1.2, 0.85, 1.1, 0.9};
    Results r = Results.start(environment(), grid(axes("batch_size", List.of(1, 2, 3)), 5), T0);
    double[] factor = {1.0, 1.17, 1.35};
    for (int i = 0; i < 3; i++) {
      double f = factor[i];
      r = r.withTrial(ok(params("batch_size", i + 1), i, Arrays.stream(base).map(x -> f * x).toArray()));
    }
    return r;
  }

  /**
   * A small sweep of every kind of trial: use_process [false, true] x max_concurrency [1, 2] x
   * batch_size [128, 512], one point first in its group with a cold time (and calibrated loops,
   * a warm-up time and samples from two applications), one flagged, one failed
   * with a multi-line error, one timed out, one with a single sample, and one point not run.
   */
  public static Results small() {
    GridInfo grid = grid(axes(
        "use_process", List.of(false, true),
        "max_concurrency", List.of(1, 2),
        "batch_size", List.of(128, 512)), 3);
    Results r = Results.start(environment(), grid, T0);
    r = r.withTrial(Trial.builder(params("use_process", false, "max_concurrency", 1, "batch_size", 128))
        .status(Status.OK)
        .coldSeconds(0.75)
        .warmupSeconds(0.5)
        .loops(4)
        .warmSeconds(List.of(0.125, 0.25, 0.5), 1000)
        .applications(List.of(0, 1, 0))
        .observed(new Observed(8, 8, 8, 125, 128, 1, 1, 1))
        .memory(new Memory(java.util.OptionalDouble.of(4200.5), java.util.OptionalLong.of(96L << 20), 1, true))
        .startedAt(T0)
        .finishedAt(T0.plusSeconds(2))
        .build());
    r = r.withTrial(Trial.builder(params("use_process", false, "max_concurrency", 1, "batch_size", 512))
        .status(Status.OK)
        .warmSeconds(List.of(0.2, 0.3, 0.25), 1000)
        .observed(new Observed(2, 2, 2, 488, 512, 1, 1, 1))
        .memory(new Memory(java.util.OptionalDouble.of(4100.0), java.util.OptionalLong.empty(), 0, false))
        .flag("batch_size had no effect: asked 512, batches seen up to 128, \"odd\"")
        .startedAt(T0.plusSeconds(2))
        .finishedAt(T0.plusSeconds(3))
        .build());
    r = r.withTrial(failed(params("use_process", false, "max_concurrency", 2, "batch_size", 128), 1, Status.FAILED,
        "java.lang.IllegalStateException: boom\n\tat Example.run(Example.java:1)"));
    r = r.withTrial(failed(params("use_process", false, "max_concurrency", 2, "batch_size", 512), 2, Status.TIMEOUT,
        "exceeded the time limit of 60.0 s"));
    r = r.withTrial(ok(params("use_process", true, "max_concurrency", 1, "batch_size", 128), 3, 1.5));
    r = r.withTrial(ok(params("use_process", true, "max_concurrency", 1, "batch_size", 512), 4, 0.5, 0.5, 0.5));
    r = r.withTrial(ok(params("use_process", true, "max_concurrency", 2, "batch_size", 128), 5, 0.4, 0.375, 0.45));
    return r;
  }

  /**
   * A raced sweep: batch_size [128, 512, 1024] x max_concurrency [1, 2] with 4 repeats over two
   * applications, max_repeats 6 and a 30 s budget; two contenders raced in application 2 (one to
   * max_repeats, one settled), the rest not contenders.
   */
  public static Results raced() {
    GridInfo grid = new GridInfo("raced", "text", 1000, 1, 4, 60.0, 42L,
        axes("max_concurrency", List.of(1, 2), "batch_size", List.of(128, 512, 1024)), 0.05, 0.2, 6, 30.0);
    Results r = Results.start(environment(), grid, T0);
    double[][] samples = {
        {0.1, 0.12, 0.11, 0.1}, {0.105, 0.115, 0.1, 0.11}, {0.3, 0.31, 0.29, 0.3},
        {0.2, 0.21, 0.2, 0.22}, {0.4, 0.41, 0.39, 0.4}, {0.8, 0.81, 0.79, 0.8}};
    int i = 0;
    for (int mc : new int[] {1, 2}) {
      for (int bs : new int[] {128, 512, 1024}) {
        Trial.Builder b = Trial.builder(params("max_concurrency", mc, "batch_size", bs)).status(Status.OK)
            .loops(2).warmupSeconds(0.25)
            .warmSeconds(Arrays.stream(samples[i]).boxed().toList(), 1000).applications(List.of(0, 0, 1, 1))
            .startedAt(T0.plusSeconds(10L * i)).finishedAt(T0.plusSeconds(10L * i + 5));
        if (i == 0) {
          b.coldSeconds(2.5).racing(List.of(0.1, 0.11), List.of(2, 2)).racingWallSeconds(3.5)
              .stopReason(StopReason.MAX_REPEATS);
        } else if (i == 1) {
          b.racing(List.of(0.104, 0.106), List.of(2, 2)).racingWallSeconds(3.5).stopReason(StopReason.SETTLED);
        } else {
          b.stopReason(StopReason.NOT_CONTENDER);
        }
        r = r.withTrial(b.build());
        i++;
      }
    }
    // Each group as two balanced applications (A B B A), then one racing application of the first.
    r = r.withApplication(new ApplicationTime("max_concurrency=1", 0, false, T0, 6.2, 1.1, 4.5, 2.4, 0.6, 1.2));
    r = r.withApplication(new ApplicationTime("max_concurrency=2", 0, false, T0.plusSeconds(17), 5.8, 0.9, 4.1, 2.2,
        0.5, 1.1));
    r = r.withApplication(new ApplicationTime("max_concurrency=2", 1, false, T0.plusSeconds(32), 5.5, 0.8, 3.9, 2.3,
        0, 1.0));
    r = r.withApplication(new ApplicationTime("max_concurrency=1", 1, false, T0.plusSeconds(46), 5.9, 1.0, 3.7, 2.1,
        0, 1.1));
    return r.withApplication(new ApplicationTime("max_concurrency=1", 2, true, T0.plusSeconds(61), 3.0, 0.5, 2.0, 0.5,
        0, 1.0));
  }
}
