package io.sparknodes.report;

import io.sparknodes.results.Fixtures;
import io.sparknodes.results.GridInfo;
import io.sparknodes.results.Results;
import io.sparknodes.results.Status;
import io.sparknodes.results.Trial;
import java.util.List;
import java.util.Map;

/** Hand-made sweeps for the report tests, with fixed numbers. */
final class Sweeps {
  private Sweeps() {}

  /**
   * A seed-like sweep: use_process [false, true] x max_concurrency [1, 2, 4] x batch_size [128,
   * 512, 2048], three samples per point. use_process=true is clearly faster; batch_size 128 is a
   * little slower; max_concurrency barely matters. One point failed, one timed out, one is flagged.
   */
  static Results seedLike() {
    GridInfo grid = Fixtures.grid(Fixtures.axes("use_process", List.of(false, true), "max_concurrency",
        List.of(1, 2, 4), "batch_size", List.of(128, 512, 2048)), 3);
    Results r = Results.start(Fixtures.environment(), grid, Fixtures.T0);
    int minute = 0;
    for (Map<String, Object> p : grid.allPoints()) {
      int mc = (Integer) p.get("max_concurrency");
      int bs = (Integer) p.get("batch_size");
      boolean process = (Boolean) p.get("use_process");
      String id = Trial.idOf(p);
      if (id.equals("use_process=false,max_concurrency=4,batch_size=2048")) {
        r = r.withTrial(Fixtures.failed(p, minute++, Status.FAILED, "java.lang.OutOfMemoryError: Java heap space\n"
            + "\tat Example.run(Example.java:1)"));
        continue;
      }
      if (id.equals("use_process=true,max_concurrency=4,batch_size=128")) {
        r = r.withTrial(Fixtures.failed(p, minute++, Status.TIMEOUT, "exceeded the time limit of 60.0 s"));
        continue;
      }
      double m = (process ? 1.0 : 2.0) * (bs == 128 ? 1.1 : 1.0) * (1 + 0.001 * mc) + 0.0001 * (bs % 7);
      Trial.Builder b = Trial.builder(p)
          .status(Status.OK)
          .warmSeconds(List.of(m * 0.99, m, m * 1.01), 1000)
          .startedAt(Fixtures.T0.plusSeconds(60L * minute))
          .finishedAt(Fixtures.T0.plusSeconds(60L * minute + 30));
      if (bs == 128) {
        b.coldSeconds(m * 5);
      }
      if (id.equals("use_process=false,max_concurrency=1,batch_size=2048")) {
        b.flag("batch_size had no effect: asked 2048, batches seen up to 1000");
      }
      r = r.withTrial(b.build());
      minute++;
    }
    return r;
  }

  /**
   * A memory-heavy sweep: batch_size [16, 256, 4096, "auto"] at max_concurrency 2, five samples a
   * point with a 1% spread. Time falls with batch_size (a fixed cost per call) and the retained
   * heap grows with it: 16 is 4x slower than 4096 at 200 MiB; 256 is 1.02x at 260 MiB (shown
   * slower); 4096 is the fastest at 900 MiB; auto is 1.01x at 420 MiB (tied with the best). The
   * front is 16, 256, auto and 4096; the memory-constrained pick is auto, the smallest heap on the
   * front among the tied points.
   */
  static Results memoryHeavy() {
    GridInfo grid = Fixtures.grid(Fixtures.axes("max_concurrency", List.of(2), "batch_size",
        List.of(16, 256, 4096, "auto")), 5);
    Results r = Results.start(Fixtures.environment(), grid, Fixtures.T0);
    Map<Object, double[]> timeAndMib = Map.of(16, new double[] {2.0, 200}, 256, new double[] {0.51, 260},
        4096, new double[] {0.5, 900}, "auto", new double[] {0.505, 420});
    int minute = 0;
    for (Map<String, Object> p : grid.allPoints()) {
      double[] tm = timeAndMib.get(p.get("batch_size"));
      double m = tm[0];
      r = r.withTrial(Trial.builder(p)
          .status(Status.OK)
          .warmSeconds(List.of(m * 0.99, m * 1.005, m, m * 1.01, m * 0.995), 1000)
          .memory(new io.sparknodes.results.Memory(java.util.OptionalDouble.of(4200),
              java.util.OptionalLong.of((long) (tm[1] * 1024 * 1024)), 1, true))
          .startedAt(Fixtures.T0.plusSeconds(60L * minute))
          .finishedAt(Fixtures.T0.plusSeconds(60L * minute + 30))
          .build());
      minute++;
    }
    return r;
  }

  /**
   * use_process [false, true] x max_concurrency [1, 2, 4, 8] x batch_size [512, 1024], twelve
   * samples per point with a fixed spread of about 1%: within threads max_concurrency changes
   * nothing; within processes each doubling costs a factor 2.9^(1/3), so 8 is 2.9x slower than 1.
   */
  static Results interacting() {
    GridInfo grid = Fixtures.grid(Fixtures.axes("use_process", List.of(false, true), "max_concurrency",
        List.of(1, 2, 4, 8), "batch_size", List.of(512, 1024)), 12);
    double[] shape = {0.98, 0.985, 0.99, 0.995, 1.0, 1.0, 1.0, 1.0, 1.005, 1.01, 1.015, 1.02};
    Results r = Results.start(Fixtures.environment(), grid, Fixtures.T0);
    int minute = 0;
    for (Map<String, Object> p : grid.allPoints()) {
      int mc = (Integer) p.get("max_concurrency");
      double m = p.get("use_process").equals(true) ? 0.2 * Math.pow(2.9, Math.log(mc) / Math.log(8)) : 0.2;
      List<Double> warm = new java.util.ArrayList<>();
      for (double x : shape) {
        warm.add(m * x);
      }
      r = r.withTrial(Trial.builder(p).status(Status.OK).warmSeconds(warm, 1000)
          .startedAt(Fixtures.T0.plusSeconds(60L * minute)).finishedAt(Fixtures.T0.plusSeconds(60L * minute + 30))
          .build());
      minute++;
    }
    return r;
  }

  /**
   * The seed grid's shape (use_process [false, true] x max_concurrency [1, 2, 4, 8] x batch_size
   * [128 .. 8192], 48 points) as a real seed run records it: six samples a point over two balanced
   * applications a group, racing on (two contenders raced), memory figures, one flagged point and
   * the applications' times. Processes are about 9x faster than threads, max_concurrency 8 about
   * 7x faster than 1; batch_size moves times by about 1%.
   */
  static Results seedGrid() {
    GridInfo grid = new GridInfo("seed", "text-normalize", 10000, 2, 6, 120.0, 42L, Fixtures.axes("use_process",
        List.of(false, true), "max_concurrency", List.of(1, 2, 4, 8), "batch_size",
        List.of(128, 512, 1024, 2048, 4096, 8192)), 0.05, 0.2, 10, 120.0);
    Results r = Results.start(Fixtures.environment(), grid, Fixtures.T0);
    double[] shape = {0.97, 1.02, 0.99, 1.03, 1.0, 0.98};
    int minute = 0;
    for (Map<String, Object> p : grid.allPoints()) {
      int mc = (Integer) p.get("max_concurrency");
      int bs = (Integer) p.get("batch_size");
      boolean process = (Boolean) p.get("use_process");
      double m = (process ? 0.11 : 1.0) / Math.pow(mc, 0.95) * (1 + 0.01 * Math.log(bs / 128.0) / Math.log(64));
      List<Double> warm = new java.util.ArrayList<>();
      for (double x : shape) {
        warm.add(m * x);
      }
      Trial.Builder b = Trial.builder(p).status(Status.OK).loops(process ? 4 : 1).warmupSeconds(m * 3)
          .warmSeconds(warm, 10000).applications(List.of(0, 0, 0, 1, 1, 1))
          .memory(new io.sparknodes.results.Memory(java.util.OptionalDouble.of(2000 + bs),
              java.util.OptionalLong.of((long) (64 + bs / 32.0 + 8 * mc) << 20), process ? mc : 1, !process))
          .startedAt(Fixtures.T0.plusSeconds(10L * minute)).finishedAt(Fixtures.T0.plusSeconds(10L * minute + 8));
      if (bs == 128) {
        b.coldSeconds(m * 4 + 2);
      }
      if (process && mc == 8 && bs <= 512) {
        b.racing(List.of(m, m * 1.01, m * 0.99), List.of(2, 2, 2)).racingWallSeconds(6)
            .stopReason(bs == 128 ? io.sparknodes.results.StopReason.SETTLED
                : io.sparknodes.results.StopReason.MAX_REPEATS);
      } else {
        b.stopReason(io.sparknodes.results.StopReason.NOT_CONTENDER);
      }
      if (!process && mc == 1 && bs == 8192) {
        b.flag("batch_size had no effect: asked 8192, batches seen up to 5000");
      }
      r = r.withTrial(b.build());
      minute++;
    }
    int app = 0;
    for (boolean process : new boolean[] {false, true}) {
      for (int mc : new int[] {1, 2, 4, 8}) {
        String group = "use_process=" + process + ",max_concurrency=" + mc;
        for (int a = 0; a < 2; a++) {
          r = r.withApplication(new io.sparknodes.results.ApplicationTime(group, a, false,
              Fixtures.T0.plusSeconds(40L * app++), process ? 9.5 : 3.2, 1.2, 4.0 / mc, 12.0 / mc, 1.5, 1.1));
        }
      }
    }
    return r.withApplication(new io.sparknodes.results.ApplicationTime("use_process=true,max_concurrency=8", 2, true,
        Fixtures.T0.plusSeconds(40L * app), 9.0, 0.5, 1.0, 1.5, 0, 1.0));
  }
}
