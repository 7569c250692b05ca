package io.sparknodes.config;

/**
 * Every {@code spark.sparknodes.*} key, declared here and nowhere else. They are Spark settings of
 * our own: they start with {@code spark.} so that {@code spark-submit} passes them on, and a config
 * ({@link ExecutionConfig#spark()}), a grid axis or a {@code --conf} may carry them. Each key's
 * default and reader are named beside it; the defaults of the Spark-side keys live with their reader
 * in {@code io.sparknodes.spark.internal.SparkSettings}.
 */
public final class SparkKeys {
  /** The prefix of every key of ours. */
  public static final String PREFIX = "spark.sparknodes.";

  // batch_size=auto: the bounds of a node's batch sizer (parsed by AutoBatching, per node's config).

  /** The largest size chosen (default {@value AutoBatching#DEFAULT_MAX_SIZE}). */
  public static final String AUTO_BATCH_MAX_SIZE = "spark.sparknodes.autoBatch.maxSize";
  /** The smallest size chosen (default 1). */
  public static final String AUTO_BATCH_MIN_SIZE = "spark.sparknodes.autoBatch.minSize";
  /** The duration of one call to aim at, in seconds (default 1). */
  public static final String AUTO_BATCH_TARGET_SECONDS = "spark.sparknodes.autoBatch.targetSeconds";
  /** The share of a call its fixed cost may take (default 0.05). */
  public static final String AUTO_BATCH_OVERHEAD = "spark.sparknodes.autoBatch.overhead";
  /** The bytes one call may allocate, from the measured bytes per row; 0 for no cap (default 64 MiB). */
  public static final String AUTO_BATCH_MAX_BYTES = "spark.sparknodes.autoBatch.maxBytes";

  // A map's own settings, read from a node's effective config as the plan runs.

  /**
   * {@code true}: run the map as a memory probe (full collections forced while its batches run, so
   * that each point gets a retained-heap figure); read by the pipeline's memory watch.
   */
  public static final String MEMORY_PROBE = "spark.sparknodes.memoryProbe";

  // The session's settings, read by the Spark engine from the SparkConf.

  /** The profile file a job was submitted with ({@code scripts/submit --profile FILE}). */
  public static final String PROFILE = "spark.sparknodes.profile";
  /** The profile's configuration a job was submitted with ({@code --use-case NAME}; default optimal). */
  public static final String PROFILE_USE_CASE = "spark.sparknodes.profile.useCase";
  /**
   * Whether the application was laid out as separate one-core executors ({@code use_process=true})
   * on an external master, set by the engine's cluster layout: with one executor of one core the two
   * layouts cannot be told apart from the executors alone.
   */
  public static final String LAYOUT_PROCESSES = "spark.sparknodes.layout.processes";
  /**
   * A thread's local property (not a setting): the executor JVMs a running process-mode application
   * has been resized to ({@code SparkContext.killExecutors}), set by whoever resized it; engines made
   * on that thread lay out their maps for that many one-core executors, as if the application had
   * started with them.
   */
  public static final String LAYOUT_EXECUTORS = "spark.sparknodes.layout.executors";
  /** How long process-mode executors may take to register before the engine gives up (default 90 s). */
  public static final String EXECUTOR_START_TIMEOUT = "spark.sparknodes.executorStartTimeout";
  /** Partitions per executor slot for a list input under {@code partitions=auto} (default 4). */
  public static final String PARTITIONS_PER_SLOT = "spark.sparknodes.partitionsPerSlot";
  /** The most rows a partition of a list input holds under {@code partitions=auto} (default 1,048,576). */
  public static final String MAX_ROWS_PER_PARTITION = "spark.sparknodes.maxRowsPerPartition";
  /** The most bytes (serialized, estimated) a partition of a list input holds under {@code partitions=auto}. */
  public static final String MAX_PARTITION_BYTES = "spark.sparknodes.maxPartitionBytes";
  /** Memory of each local-cluster worker, in MB (default 1024). */
  public static final String WORKER_MEMORY_MB = "spark.sparknodes.workerMemoryMb";

  private SparkKeys() {}
}
