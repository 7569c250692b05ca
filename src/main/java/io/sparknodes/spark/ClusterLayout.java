package io.sparknodes.spark;

import io.sparknodes.config.EffectiveConfig;
import io.sparknodes.config.SparkKeys;
import io.sparknodes.spark.internal.SparkSettings;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;

/**
 * Where the executors are: threads of one JVM ({@code use_process=false}) or separate executor
 * JVMs ({@code use_process=true}), with {@code max_concurrency} cores in all.
 *
 * <ul>
 *   <li>No master given, threads: {@code local[N]}.
 *   <li>No master given, processes: {@code local-cluster[N,1,MB]}, N one-core executor JVMs. This
 *       needs, in this JVM's environment, {@code SPARK_HOME} naming a writable folder with {@code
 *       jars/} and {@code conf/} (Maven Central has no Spark distribution; the scripts and the sweep
 *       make one and set it for the JVMs they start).
 *   <li>An external master ({@code spark://}, {@code yarn}, {@code k8s://}): threads give one
 *       executor of N cores; processes give N executors of one core.
 * </ul>
 *
 * @param master the Spark master URL
 * @param processes separate executor JVMs
 * @param cores executor cores in all
 * @param executors executor count
 */
public record ClusterLayout(String master, boolean processes, int cores, int executors) {
  private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+|\\*)(?:,\\d+)?]|local");
  private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[(\\d+),\\s*(\\d+),\\s*(\\d+)]");

  /** The layout for {@code config} on the given master, or on an embedded local one. */
  public static ClusterLayout forConfig(EffectiveConfig config, Optional<String> externalMaster, int workerMemoryMb) {
    int n = config.maxConcurrency();
    if (externalMaster.isPresent() && !isLocal(externalMaster.get())) {
      return config.useProcess()
          ? new ClusterLayout(externalMaster.get(), true, n, n)
          : new ClusterLayout(externalMaster.get(), false, n, 1);
    }
    return config.useProcess()
        ? new ClusterLayout("local-cluster[" + n + ",1," + workerMemoryMb + "]", true, n, n)
        : new ClusterLayout("local[" + n + "]", false, n, 1);
  }

  /** The layout of a running context: what it can honour. */
  public static ClusterLayout of(SparkContext sc) {
    ClusterLayout started = started(sc);
    String resized = sc.getLocalProperty(SparkKeys.LAYOUT_EXECUTORS);
    if (resized != null && started.processes()) {
      int n = Integer.parseInt(resized);
      return new ClusterLayout(started.master(), true, n * (started.cores() / started.executors()), n);
    }
    return started;
  }

  private static ClusterLayout started(SparkContext sc) {
    String master = sc.master();
    Matcher lc = LOCAL_CLUSTER.matcher(master);
    if (lc.matches()) {
      int workers = Integer.parseInt(lc.group(1));
      int coresPer = Integer.parseInt(lc.group(2));
      return new ClusterLayout(master, true, workers * coresPer, workers);
    }
    if (LOCAL.matcher(master).matches()) {
      return new ClusterLayout(master, false, sc.defaultParallelism(), 1);
    }
    SparkConf conf = sc.getConf();
    if (conf.contains(SparkKeys.LAYOUT_PROCESSES)) {
      // Laid out by applyTo: exactly what was asked (defaultParallelism has a floor of 2 on a cluster).
      return new ClusterLayout(master, conf.getBoolean(SparkKeys.LAYOUT_PROCESSES, false),
          conf.getInt(SparkSettings.CORES_MAX, 1), conf.getInt(SparkSettings.EXECUTOR_INSTANCES, 1));
    }
    // The executors the settings ask for, else those registered so far (a job's engine is often
    // made before its executors register: the count would be a race).
    int executors = expectedExecutors(conf).orElse(Math.max(1, registeredExecutors(sc)));
    int coresPer = conf.getInt(SparkSettings.EXECUTOR_CORES, 1);
    boolean processes = coresPer == 1 && executors > 1;
    return new ClusterLayout(master, processes, Math.max(sc.defaultParallelism(), executors * coresPer), executors);
  }

  /**
   * The executors a cluster application's settings ask for: {@code spark.executor.instances}, else
   * {@code spark.cores.max / spark.executor.cores}; empty when they do not say, or when dynamic
   * allocation decides.
   */
  static java.util.OptionalInt expectedExecutors(SparkConf conf) {
    if (conf.getBoolean(SparkSettings.DYNAMIC_ALLOCATION, false)) {
      return java.util.OptionalInt.empty();
    }
    if (conf.contains(SparkSettings.EXECUTOR_INSTANCES)) {
      return java.util.OptionalInt.of(Math.max(1, conf.getInt(SparkSettings.EXECUTOR_INSTANCES, 1)));
    }
    if (conf.contains(SparkSettings.CORES_MAX) && conf.contains(SparkSettings.EXECUTOR_CORES)) {
      return java.util.OptionalInt.of(Math.max(1,
          conf.getInt(SparkSettings.CORES_MAX, 1) / Math.max(1, conf.getInt(SparkSettings.EXECUTOR_CORES, 1))));
    }
    return java.util.OptionalInt.empty();
  }

  /** The executors registered with {@code sc} so far (its status tracker counts the driver too). */
  static int registeredExecutors(SparkContext sc) {
    return Math.max(0, sc.statusTracker().getExecutorInfos().length - 1);
  }

  static boolean isLocal(String master) {
    return master.startsWith("local");
  }

  /** True for {@code local-cluster[...]}, which launches executor JVMs from SPARK_HOME. */
  public boolean isLocalCluster() {
    return master.startsWith("local-cluster");
  }

  /** This JVM's class path with absolute entries: executors start in another working directory. */
  static String absoluteClassPath() {
    return java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.isEmpty())
        .map(e -> Path.of(e).toAbsolutePath().normalize().toString())
        .collect(java.util.stream.Collectors.joining(File.pathSeparator));
  }

  /** The Spark settings that give this layout. */
  public void applyTo(SparkConf conf) {
    conf.setMaster(master);
    if (isLocalCluster()) {
      int mb = Integer.parseInt(LOCAL_CLUSTER.matcher(master).replaceAll("$3"));
      conf.setIfMissing(SparkSettings.EXECUTOR_MEMORY, mb + "m");
      conf.setIfMissing(SparkSettings.EXECUTOR_EXTRA_CLASSPATH, absoluteClassPath());
      conf.setIfMissing(SparkSettings.EXECUTOR_ENV_PREFIX + "SPARK_SCALA_VERSION", SparkSettings.SCALA_BINARY_VERSION);
      conf.setIfMissing(SparkSettings.EXECUTOR_ENV_PREFIX + "SPARK_LOCAL_IP", SparkSettings.LOOPBACK);
    } else if (!isLocal(master)) {
      conf.set(SparkSettings.EXECUTOR_CORES, String.valueOf(cores / executors));
      conf.set(SparkSettings.EXECUTOR_INSTANCES, String.valueOf(executors));
      conf.set(SparkSettings.CORES_MAX, String.valueOf(cores));
      conf.set(SparkSettings.DYNAMIC_ALLOCATION, "false");
      conf.set(SparkKeys.LAYOUT_PROCESSES, String.valueOf(processes));
    }
  }

  /**
   * Checks, before anything starts, what {@code local-cluster} needs from this JVM's environment.
   *
   * @throws IllegalStateException naming SPARK_HOME (or SPARK_LOCAL_IP) and what is wrong with it
   */
  public void checkEnvironment(Map<String, String> env) {
    if (!isLocalCluster()) {
      return;
    }
    String hint = " use_process=true runs executors as separate JVMs (" + master + "), which needs SPARK_HOME set in"
        + " this JVM's environment before it starts, naming a writable folder with jars/ and conf/."
        + " scripts/spark-home prints one to export; scripts/grid-search and the sweep set it for the JVMs they start.";
    String home = env.get("SPARK_HOME");
    if (home == null || home.isBlank()) {
      throw new IllegalStateException("SPARK_HOME is not set." + hint);
    }
    Path dir = Path.of(home);
    if (!Files.isDirectory(dir.resolve("jars"))) {
      throw new IllegalStateException("SPARK_HOME=" + home + " has no jars" + File.separator + " folder." + hint);
    }
    if (!Files.isWritable(dir)) {
      throw new IllegalStateException("SPARK_HOME=" + home + " is not writable (workers write their logs under it)." + hint);
    }
    String ip = env.get("SPARK_LOCAL_IP");
    if (ip == null || ip.isBlank()) {
      throw new IllegalStateException("SPARK_LOCAL_IP is not set: local-cluster's master and workers would bind to"
          + " this machine's network address. Set SPARK_LOCAL_IP=127.0.0.1 in the environment (SPARK_HOME=" + home + ").");
    }
  }
}
