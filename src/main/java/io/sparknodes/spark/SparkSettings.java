package io.sparknodes.spark;

import java.time.Duration;
import java.util.List;
import org.apache.spark.SparkConf;

/**
 * Every Spark key this engine reads or sets, in one place, with its default. Keys of our own
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
   * on an external master, set by {@link ClusterLayout#applyTo}: with one executor of one core the
   * two layouts cannot be told apart from the executors alone.
   */
  public static final String LAYOUT_PROCESSES = "spark.sparknodes.layout.processes";

  /** How long process-mode executors may take to register before we give up (seconds). */
  public static final String EXECUTOR_START_TIMEOUT = "spark.sparknodes.executorStartTimeout";
  public static final Duration EXECUTOR_START_TIMEOUT_DEFAULT = Duration.ofSeconds(90);

  /** The most partitions a list input is sliced into; past it a partition holds several batches. */
  public static final String MAX_PARTITIONS = "spark.sparknodes.maxPartitions";
  public static final int MAX_PARTITIONS_DEFAULT = 10_000;

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

  static Duration executorStartTimeout(SparkConf conf) {
    return Duration.ofMillis(conf.getTimeAsMs(EXECUTOR_START_TIMEOUT, EXECUTOR_START_TIMEOUT_DEFAULT.toSeconds() + "s"));
  }

  static int maxPartitions(SparkConf conf) {
    int max = conf.getInt(MAX_PARTITIONS, MAX_PARTITIONS_DEFAULT);
    if (max < 1) {
      throw new IllegalArgumentException(MAX_PARTITIONS + " must be positive but was " + max);
    }
    return max;
  }

  static int workerMemoryMb(SparkConf conf) {
    return conf.getInt(WORKER_MEMORY_MB, WORKER_MEMORY_MB_DEFAULT);
  }
}
