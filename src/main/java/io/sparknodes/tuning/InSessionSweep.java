package io.sparknodes.tuning;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.config.Knobs;
import io.sparknodes.pipeline.Engine;
import io.sparknodes.results.Environment;
import io.sparknodes.results.Results;
import io.sparknodes.results.Trial;
import io.sparknodes.spark.ClusterLayout;
import io.sparknodes.spark.SparkEngine;
import io.sparknodes.workloads.Workload;
import io.sparknodes.workloads.Workloads;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sweeps a grid on a session someone else made (a notebook's, a spark-submit job's), with warm-up
 * and interleaved repeats like {@link Sweep}, but in this JVM and this application. Only the axes
 * such a session can honour are accepted: {@code batch_size}, runtime {@code spark.sql.*} settings,
 * and {@code max_concurrency} up to the session's cores, where it caps each node (the engine runs
 * them in that many partitions). {@code use_process}, a {@code max_concurrency} above the
 * session's cores, and any other {@code spark.*} setting need a new application: they are refused,
 * before anything runs, with a message that says so. Runtime settings are restored afterwards; the
 * session is left running. It does not race: every point gets its {@code repeats}, and the results
 * record racing as off.
 *
 * <pre>{@code
 * Grid grid = Grid.parse("{\"workload\": \"text-normalize\", \"items\": 2000, \"warmup\": 1, \"repeats\": 3,"
 *     + " \"axes\": {\"max_concurrency\": [1, 2], \"batch_size\": [100, 500]}}");
 * Results results = InSessionSweep.run(spark, grid);
 * Analysis.of(results).best();
 * }</pre>
 */
public final class InSessionSweep {
  private static final Logger LOG = LoggerFactory.getLogger(InSessionSweep.class);

  private InSessionSweep() {}

  /** Runs {@code grid} with the workload it names (built-in, or a class name). */
  public static Results run(SparkSession session, Grid grid) {
    return run(session, grid, Workloads.byName(grid.workload()));
  }

  /**
   * Runs {@code grid} with {@code workload} (for a workload defined in a notebook), whose name must
   * be the grid's workload.
   *
   * @throws IllegalArgumentException for an axis or setting the session cannot honour, naming it
   */
  public static Results run(SparkSession session, Grid grid, Workload workload) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(grid, "grid");
    Objects.requireNonNull(workload, "workload");
    if (!workload.name().equals(grid.workload())) {
      throw new IllegalArgumentException("the grid names workload '" + grid.workload() + "' but the workload given is '"
          + workload.name() + "'");
    }
    ClusterLayout layout = ClusterLayout.of(session.sparkContext());
    check(grid, layout);
    // The points run as the session is laid out: use_process is the session's, never asked.
    ExecutionConfig sessionLayout = ExecutionConfig.builder().useProcess(layout.processes()).build();
    List<Point> points = new ArrayList<>();
    for (Point p : grid.points()) {
      points.add(new Point(p.index(), p.params(), p.config().overriding(sessionLayout)));
    }
    String master = session.sparkContext().master();
    Results[] results = {Results.start(Environment.current(session.version(), master, Environment.UNKNOWN),
        grid.withRacing(grid.repeats(), 0).info(), Instant.now())};
    GroupRunner runner = new GroupRunner(new SessionBackend(session), workload, workload.items(grid.items()),
        grid.warmup(), grid.repeats(), grid.seed(), grid.minSampleSeconds());
    runner.run(points, new GroupRunner.Listener() {
      @Override
      public void runStarting(Point point, String phase, int round) {
        LOG.debug("{} {}: {}", phase, round, point.id());
      }

      @Override
      public void pointFinished(PointResult result) {
        Trial trial = result.toTrial(grid.items());
        results[0] = results[0].withTrial(trial);
        LOG.info("{} {}: {}", trial.status(), trial.id(), trial.summary()
            .map(s -> String.format(java.util.Locale.ROOT, "median %.3f s", s.median())).orElse(trial.error().orElse("")));
      }
    });
    return results[0];
  }

  /** Refuses what needs a new application, naming the axis or setting and why. */
  static void check(Grid grid, ClusterLayout layout) {
    String advice = ": run the grid with scripts/grid-search or scripts/submit, which start one application per"
        + " group, or drop it";
    for (Map.Entry<String, List<Object>> axis : grid.axes().entrySet()) {
      String key = axis.getKey();
      if (key.equals(Knobs.USE_PROCESS)) {
        throw new IllegalArgumentException("axis use_process cannot be swept in a running session: threads or"
            + " separate executor JVMs are chosen when an application starts, and this one runs "
            + (layout.processes() ? "separate executor JVMs" : "threads of one JVM") + " on " + layout.master() + advice);
      }
      if (key.equals(Knobs.MAX_CONCURRENCY)) {
        for (Object v : axis.getValue()) {
          if (((Number) v).intValue() > layout.cores()) {
            throw new IllegalArgumentException("axis max_concurrency asks " + v + " but the session on " + layout.master()
                + " has " + layout.cores() + " cores: a running application cannot add executors" + advice);
          }
        }
      }
      if (key.startsWith(Knobs.SPARK_PREFIX) && !Point.isRuntime(key)) {
        throw new IllegalArgumentException("axis " + key + " is not a runtime setting: it takes effect when an"
            + " application starts, and this one is running" + advice);
      }
    }
    ExecutionConfig fixed = grid.fixed();
    if (fixed.useProcess().isPresent() && fixed.useProcess().get() != layout.processes()) {
      throw new IllegalArgumentException("fixed use_process=" + fixed.useProcess().get() + " differs from the session on "
          + layout.master() + ", which runs " + (layout.processes() ? "separate executor JVMs" : "threads of one JVM"));
    }
    if (fixed.maxConcurrency().isPresent() && fixed.maxConcurrency().get() > layout.cores()) {
      throw new IllegalArgumentException("fixed max_concurrency=" + fixed.maxConcurrency().get() + " but the session on "
          + layout.master() + " has " + layout.cores() + " cores");
    }
    for (String key : fixed.spark().keySet()) {
      if (!Point.isRuntime(key)) {
        throw new IllegalArgumentException("fixed setting " + key + " is not a runtime setting: it takes effect when an"
            + " application starts, and this one is running" + advice);
      }
    }
  }

  /** The caller's session: engines on it, runtime settings restored on close, never stopped. */
  private static final class SessionBackend implements Backend {
    private final SparkSession session;

    SessionBackend(SparkSession session) {
      this.session = session;
    }

    @Override
    public Session open(ExecutionConfig applicationConfig) {
      Map<String, Optional<String>> saved = new LinkedHashMap<>();
      return new Session() {
        @Override
        public Engine engine(ExecutionConfig pointConfig) {
          return new SparkEngine(session, pointConfig);
        }

        @Override
        public void setRuntime(Map<String, String> settings) {
          settings.forEach((k, v) -> {
            saved.computeIfAbsent(k, key -> session.conf().getOption(key).isDefined()
                ? Optional.of(session.conf().get(key)) : Optional.empty());
            session.conf().set(k, v);
          });
        }

        @Override
        public void describe(String description) {
          session.sparkContext().setJobDescription(description);
        }

        @Override
        public String master() {
          return session.sparkContext().master();
        }

        @Override
        public String version() {
          return session.version();
        }

        @Override
        public void close() {
          session.sparkContext().setJobDescription(null);
          saved.forEach((k, v) -> {
            if (v.isPresent()) {
              session.conf().set(k, v.get());
            } else {
              session.conf().unset(k);
            }
          });
        }
      };
    }
  }
}
