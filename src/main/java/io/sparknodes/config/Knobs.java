package io.sparknodes.config;

import java.util.List;

/**
 * The names of the engine's knobs, as grid files, configs, results and reports spell them; the
 * one place they are declared. The names are compile-time constants, so that {@code switch}
 * statements may use them.
 *
 * <pre>{@code
 * ExecutionConfig engine = ExecutionConfig.fromMap(Map.of(Knobs.BATCH_SIZE, 512, Knobs.MAX_CONCURRENCY, 2));
 * }</pre>
 */
public final class Knobs {
  /** Rows handed to one call of a node's function, nothing else. */
  public static final String BATCH_SIZE = "batch_size";
  /** Executor cores. */
  public static final String MAX_CONCURRENCY = "max_concurrency";
  /** Separate executor JVMs instead of threads of one JVM. */
  public static final String USE_PROCESS = "use_process";
  /** Partitions a list input is cut into: {@value #AUTO} or a count (an engine setting). */
  public static final String PARTITIONS = "partitions";
  /** The value that leaves a knob to the engine's rule. */
  public static final String AUTO = "auto";
  /** Prefix of the Spark settings a config, a grid axis or a profile may carry. */
  public static final String SPARK_PREFIX = "spark.";

  /** The knobs, in the order the documentation lists them. */
  public static final List<String> NAMES = List.of(USE_PROCESS, MAX_CONCURRENCY, BATCH_SIZE, PARTITIONS);

  private Knobs() {}

  /** Prefix of the Spark settings that a running session takes without a new application. */
  public static final String RUNTIME_SPARK_PREFIX = "spark.sql.";

  /**
   * True for a Spark setting a running session takes at run time ({@value #RUNTIME_SPARK_PREFIX}):
   * a grid axis of such settings shares its group's application; any other Spark setting needs one
   * of its own.
   */
  public static boolean isRuntimeSparkSetting(String key) {
    return key.startsWith(RUNTIME_SPARK_PREFIX);
  }

  /**
   * True for a grid axis whose values need their own Spark application: every one but the engine's
   * batch_size and partitions (set per map on a running session, as the sweep groups points) and
   * runtime Spark settings.
   */
  public static boolean needsApplication(String axis) {
    return !axis.equals(BATCH_SIZE) && !axis.equals(PARTITIONS) && !isRuntimeSparkSetting(axis);
  }

  /** True for a key that names a Spark setting: {@value #SPARK_PREFIX} and something after it. */
  public static boolean isSparkSetting(String key) {
    return key.startsWith(SPARK_PREFIX) && key.length() > SPARK_PREFIX.length();
  }
}
