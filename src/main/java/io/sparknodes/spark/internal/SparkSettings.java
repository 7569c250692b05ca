package io.sparknodes.spark.internal;

import io.sparknodes.config.SparkKeys;
import java.time.Duration;
import java.util.List;
import org.apache.spark.SparkConf;

/**
 * The Spark keys this engine reads or sets, and the defaults of the keys of our own (not API: the
 * keys themselves are documented in the README). Keys of our own ({@code spark.sparknodes.*}) are
 * declared in {@link SparkKeys}; each default here is named after its key.
 */
public final class SparkSettings {
  /** Loopback: Spark binds here in tests, scripts and local defaults. */
  public static final String LOOPBACK = "127.0.0.1";

  public static final String DRIVER_HOST = "spark.driver.host";
  public static final String DRIVER_BIND_ADDRESS = "spark.driver.bindAddress";
  public static final String EXECUTOR_CORES = "spark.executor.cores";
  public static final String EXECUTOR_INSTANCES = "spark.executor.instances";
  public static final String EXECUTOR_MEMORY = "spark.executor.memory";
  public static final String CORES_MAX = "spark.cores.max";
  public static final String EXECUTOR_EXTRA_CLASSPATH = "spark.executor.extraClassPath";
  public static final String EXECUTOR_ENV_PREFIX = "spark.executorEnv.";
  public static final String PLUGINS = "spark.plugins";
  public static final String DYNAMIC_ALLOCATION = "spark.dynamicAllocation.enabled";

  /** The default of {@link SparkKeys#EXECUTOR_START_TIMEOUT}. */
  public static final Duration EXECUTOR_START_TIMEOUT_DEFAULT = Duration.ofSeconds(90);

  /**
   * The default of {@link SparkKeys#PARTITIONS_PER_SLOT} ({@code partitions=auto}, see {@code
   * ListLayout}). Measured on 2 cores (scripts/bench partitions): 1M trivial items take about the
   * same time at 2 to 4 partitions a slot, more at 1 (one slow task idles a core) and at 64 (task
   * overheads).
   */
  public static final int PARTITIONS_PER_SLOT_DEFAULT = 4;

  /** The default of {@link SparkKeys#MAX_ROWS_PER_PARTITION}. */
  public static final int MAX_ROWS_PER_PARTITION_DEFAULT = 1 << 20;

  /**
   * The default of {@link SparkKeys#MAX_PARTITION_BYTES}: below Spark's large-task warning (1000
   * KiB), since a task ships its data.
   */
  public static final long MAX_PARTITION_BYTES_DEFAULT = 768 * 1024;

  /** The default of {@link SparkKeys#WORKER_MEMORY_MB} (the executor's memory must not exceed it). */
  public static final int WORKER_MEMORY_MB_DEFAULT = 1024;

  /** The Scala binary version of the Spark jars on the classpath, for the executors' launcher. */
  public static final String SCALA_BINARY_VERSION = scala.util.Properties.versionNumberString()
      .replaceAll("^(\\d+\\.\\d+).*", "$1");

  private SparkSettings() {}

  /**
   * The JVM flags Spark needs on Java 17 ({@code org.apache.spark.launcher.JavaModuleOptions}), for
   * the JVMs we start ourselves; the same on Spark 3.5 and 4.0.
   */
  public static List<String> javaModuleOptions() {
    return List.of(org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions().trim().split("\\s+"));
  }

  /** The {@link SparkKeys#EXECUTOR_START_TIMEOUT} of {@code conf}. */
  public static Duration executorStartTimeout(SparkConf conf) {
    return Duration.ofMillis(conf.getTimeAsMs(SparkKeys.EXECUTOR_START_TIMEOUT, EXECUTOR_START_TIMEOUT_DEFAULT.toSeconds() + "s"));
  }

  /** The {@link SparkKeys#WORKER_MEMORY_MB} of {@code conf}. */
  public static int workerMemoryMb(SparkConf conf) {
    return conf.getInt(SparkKeys.WORKER_MEMORY_MB, WORKER_MEMORY_MB_DEFAULT);
  }
}
