package io.sparknodes.spark.internal;

import java.time.Duration;
import java.util.List;
import org.apache.spark.SparkConf;

/**
 * Every Spark key this engine reads or sets, in one place, with its default (not API: the keys
 * themselves are documented in the README). Keys of our own
 * start with {@code spark.sparknodes.} so that they survive {@code spark-submit}, which drops keys
 * not starting with {@code spark.}.
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

  /**
   * Whether the application was laid out as separate one-core executors ({@code use_process=true})
   * on an external master, set by {@code ClusterLayout.applyTo}: with one executor of one core the
   * two layouts cannot be told apart from the executors alone.
   */
  public static final String LAYOUT_PROCESSES = "spark.sparknodes.layout.processes";

  /** How long process-mode executors may take to register before we give up (seconds). */
  public static final String EXECUTOR_START_TIMEOUT = "spark.sparknodes.executorStartTimeout";
  public static final Duration EXECUTOR_START_TIMEOUT_DEFAULT = Duration.ofSeconds(90);

  /**
   * Partitions per executor slot for a list input ({@code partitions=auto}, see {@code ListLayout}).
   * Measured on 2 cores (scripts/bench partitions): 1M trivial items take about the same time at 2
   * to 4 partitions a slot, more at 1 (one slow task idles a core) and at 64 (task overheads).
   */
  public static final String PARTITIONS_PER_SLOT = "spark.sparknodes.partitionsPerSlot";
  public static final int PARTITIONS_PER_SLOT_DEFAULT = 4;

  /** The most rows a partition of a list input holds under {@code partitions=auto}. */
  public static final String MAX_ROWS_PER_PARTITION = "spark.sparknodes.maxRowsPerPartition";
  public static final int MAX_ROWS_PER_PARTITION_DEFAULT = 1 << 20;

  /**
   * The most bytes (serialized, estimated) a partition of a list input holds under {@code
   * partitions=auto}: below Spark's large-task warning (1000 KiB), since a task ships its data.
   */
  public static final String MAX_PARTITION_BYTES = "spark.sparknodes.maxPartitionBytes";
  public static final long MAX_PARTITION_BYTES_DEFAULT = 768 * 1024;

  /** Memory of each local-cluster worker, in MB (the executor's memory must not exceed it). */
  public static final String WORKER_MEMORY_MB = "spark.sparknodes.workerMemoryMb";
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

  /** The {@link #EXECUTOR_START_TIMEOUT} of {@code conf}. */
  public static Duration executorStartTimeout(SparkConf conf) {
    return Duration.ofMillis(conf.getTimeAsMs(EXECUTOR_START_TIMEOUT, EXECUTOR_START_TIMEOUT_DEFAULT.toSeconds() + "s"));
  }

  /** The {@link #WORKER_MEMORY_MB} of {@code conf}. */
  public static int workerMemoryMb(SparkConf conf) {
    return conf.getInt(WORKER_MEMORY_MB, WORKER_MEMORY_MB_DEFAULT);
  }
}
