package io.sparknodes.spark;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.MapListener;
import io.sparknodes.pipeline.internal.Plan;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * What a {@link SparkEngine}'s maps run on: its session, its defaults, the executors of the
 * session ({@link ClusterLayout}) and the listener of its list maps; and the one check that a
 * config asks only what those executors can honour; its node cache, if any (a session the engine did not make cannot
 * change them; see {@link SparkEngine}). Lives on the driver only.
 */
record EngineSession(SparkSession session, ExecutionConfig defaults, ClusterLayout layout, MapListener listener,
    io.sparknodes.pipeline.NodeCache cache) {

  /** Makes {@code plan}'s runs use the engine's node cache, if it has one, with the session's Hadoop settings. */
  void useCache(Plan plan) {
    if (cache != null) {
      plan.useCache(cache, session.sparkContext().hadoopConfiguration());
    }
  }

  /**
   * Fails when {@code config} asks a {@code use_process} that differs from the session, or a
   * {@code max_concurrency} above its cores; {@code who} names the asker in the message.
   */
  void checkHonourable(String who, ExecutionConfig config) {
    if (config.useProcess().isPresent() && config.useProcess().get() != layout.processes()) {
      throw new IllegalArgumentException(who + " asks use_process=" + config.useProcess().get() + " but the session on "
          + layout.master() + " runs " + (layout.processes() ? "separate executor JVMs" : "threads of one JVM")
          + "; start a session for it (SparkEngine.start) or drop the setting");
    }
    if (config.maxConcurrency().isPresent() && config.maxConcurrency().get() > layout.cores()) {
      throw new IllegalArgumentException(who + " asks max_concurrency=" + config.maxConcurrency().get()
          + " but the session on " + layout.master() + " has " + layout.cores() + " cores");
    }
  }

  /** The concurrency cap a step asks for (its own, else the engine's), if below the session's cores. */
  Optional<Integer> cap(Plan.Step step) {
    Optional<Integer> asked = step.node().config().maxConcurrency().or(() -> defaults.maxConcurrency());
    return asked.filter(k -> k < layout.cores());
  }

  /** Checks every node's settings against the session, and that the plan's inputs can be shipped. */
  void check(Plan plan) {
    for (Plan.Step step : plan.steps()) {
      checkHonourable("node '" + step.node().name() + "'", step.node().config());
    }
    plan.checkShippable();
  }
}
