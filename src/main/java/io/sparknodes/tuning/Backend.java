package io.sparknodes.tuning;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.Engine;
import java.util.Map;

/** Opens the application of one group and gives an engine per point: Spark, or a fake in tests. */
interface Backend {
  /** Starts the group's application (executors and all). */
  Session open(ExecutionConfig applicationConfig);

  /** A running application. */
  interface Session extends AutoCloseable {
    /** An engine on this application with the point's settings. */
    Engine engine(ExecutionConfig pointConfig);

    /** Sets runtime settings (spark.sql.*) before a run. */
    void setRuntime(Map<String, String> settings);

    /**
     * Describes the Spark jobs this thread starts next (Spark's job description), so that a sweep's
     * jobs are named after their point in the Spark UI and event log; a backend without jobs
     * ignores it.
     */
    default void describe(String description) {}

    /** The master URL. */
    String master();

    /** The Spark version (or the engine's). */
    String version();

    @Override
    void close();
  }
}
