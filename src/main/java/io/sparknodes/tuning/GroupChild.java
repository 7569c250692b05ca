package io.sparknodes.tuning;

import io.sparknodes.results.Trial;
import io.sparknodes.workloads.Workload;
import io.sparknodes.workloads.Workloads;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The child JVM of one group, or under the shared design of several run one after another, each in
 * a Spark application of its own (announced by a {@link ChildEvent.GroupStarting}): runs the points
 * of its input and prints
 * one {@link ChildEvent} per line on standard output, behind {@value ChildProtocol#MARKER}: a run
 * starting, a point's result. Everything else (Spark's logs) goes to standard error. Started by
 * {@link Sweep} through a main class the caller names (the CLI's, which calls {@link
 * Sweep#runGroupChild}); not for users.
 *
 * <p>Arguments: {@code POINTS_FILE ITEMS_FILE|- MASTER|-}; the points file holds a {@link ChildInput}:
 * the points typed, and what the child needs of the grid (it reads no grid file).
 */
final class GroupChild {
  private GroupChild() {}

  /** Runs the group and returns the process's exit code: 0, or 2 for bad arguments. */
  static int run(String[] args, PrintStream out) throws java.io.IOException {
    if (args.length != 3) {
      System.err.println("usage: POINTS_FILE ITEMS_FILE|- MASTER|-");
      return 2;
    }
    // If the sweep's JVM dies, end this one too (its executors follow when the driver is gone).
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
    ChildInput input = ChildProtocol.readInput(Path.of(args[0]));
    Workload workload = Workloads.byName(input.workload());
    List<?> items = args[1].equals("-") ? workload.items(input.items()) : ChildProtocol.readItems(Path.of(args[1]));
    Optional<String> master = args[2].equals("-") ? Optional.empty() : Optional.of(args[2]);
    GroupRunner.Listener listener = new GroupRunner.Listener() {
      @Override
      public void runStarting(Point point, String phase, int round) {
        emit(out, new ChildEvent.RunStarting(point.id(), phase, round));
      }

      @Override
      public void pointFinished(PointResult result) {
        emit(out, new ChildEvent.PointFinished(result));
      }
    };
    List<List<Point>> groups = input.groups();
    // Groups of executor JVMs that differ only in their count share one application, largest first,
    // each later one on the survivors of the one before; other groups get an application each.
    // The JVM warms once: its groups share one warm-up budget.
    GroupRunner.WarmupBudget budget = new GroupRunner.WarmupBudget(
        groups.size() > 1 ? GroupRunner.SHARED_WARMUP_SECONDS : GroupRunner.MAX_WARMUP_SECONDS);
    boolean shrinks = SweepOrder.shrinks(groups, master);
    try (SparkBackend shared = shrinks ? SparkBackend.shrinking(master) : null) {
      for (int g = 0; g < groups.size(); g++) {
        List<Point> group = groups.get(g);
        if (groups.size() > 1) {
          emit(out, new ChildEvent.GroupStarting(Trial.idOf(group.get(0).applicationKey())));
        }
        GroupRunner runner = runner(shared != null ? shared : new SparkBackend(master), input, workload, items)
            .shareWarmup(budget);
        if (g == 0 && groups.size() > 1 && !shrinks) {
          warmJvm(groups, input, workload, items, master, budget, listener, runner);
        }
        // Each group in an application (SparkContext) of its own unless shared; the JVM, its JIT and its classes stay warm.
        runner.run(group, listener);
      }
    }
    out.flush();
    return 0;
  }

  private static GroupRunner runner(Backend backend, ChildInput input, Workload workload, List<?> items) {
    return new GroupRunner(backend, workload, items, input.warmup(), input.repeats(), input.seed(),
        input.minSampleSeconds()).fixLoops(input.loops());
  }

  /**
   * Warms a JVM of several groups, each in an application of its own, before the first of them is
   * measured (as the first group's warm-up): each group in turn warms in an application of its own
   * until the rule says steady or its share of what is left of the budget is spent, the first group
   * last, in the application it is then measured in ({@code first}, {@link GroupRunner#warmToContinue}), so that it need
   * not warm again in a new SparkContext. Measured on the seed grid (2 cores, five runs with
   * max_concurrency=1 first in the first JVM and last in the second): that group came out 1.47-1.90x
   * slower in the JVM where it ran first in three runs (1.02x and 1.12x in the other two), though its
   * own rounds had levelled off: what the later groups' code paths compile speeds up the first group
   * too (0.98x and 1.20x with this warm-up, two runs). After this warm-up every group's code has run
   * before any is measured; each later group then re-warms in its own application (7-15 s measured:
   * a new SparkContext's first rounds are slower). The first group starts from the loops its warm-up
   * calibrated; the later groups' are calibrated again in their own applications.
   */
  private static void warmJvm(List<List<Point>> groups, ChildInput input, Workload workload, List<?> items,
      Optional<String> master, GroupRunner.WarmupBudget budget, GroupRunner.Listener listener, GroupRunner first) {
    for (int g = 1; g < groups.size(); g++) {
      double share = budget.left() / (groups.size() - g + 1);
      if (share <= 0) {
        break;
      }
      runner(new SparkBackend(master), input, workload, items).shareWarmup(budget)
          .warmJvm(groups.get(g), listener, share);
    }
    first.warmToContinue(groups.get(0), listener, budget.left());
  }

  private static void emit(PrintStream out, ChildEvent event) {
    String line = ChildProtocol.encode(event);
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
