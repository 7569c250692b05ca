package io.sparknodes.config;

import java.util.Map;

/**
 * The settings of {@code batch_size=auto}: the bounds within which the executor's batch sizer of a
 * node chooses sizes, read from the {@code spark.sparknodes.autoBatch.*} keys ({@link SparkKeys}) of
 * the node's effective config (so an engine sets them for every node and a node may override them).
 * Unset keys take the defaults below; a value that is not a number fails when the plan is built,
 * naming the key, and bounds that do not fit together fail there too, naming the node.
 *
 * <pre>{@code
 * ExecutionConfig.builder().autoBatchSize()
 *     .spark(AutoBatching.MAX_BYTES, String.valueOf(16L << 20))   // a batch may allocate 16 MiB
 *     .build();
 * }</pre>
 */
public final class AutoBatching {
  /** Key: the largest size chosen (default {@value #DEFAULT_MAX_SIZE}); {@link SparkKeys#AUTO_BATCH_MAX_SIZE}. */
  public static final String MAX_SIZE = SparkKeys.AUTO_BATCH_MAX_SIZE;
  /** Key: the smallest size chosen (default {@value #DEFAULT_MIN_SIZE}); {@link SparkKeys#AUTO_BATCH_MIN_SIZE}. */
  public static final String MIN_SIZE = SparkKeys.AUTO_BATCH_MIN_SIZE;
  /** Key: the duration of one call to aim at, in seconds (default {@value #DEFAULT_TARGET_SECONDS}). */
  public static final String TARGET_SECONDS = SparkKeys.AUTO_BATCH_TARGET_SECONDS;
  /** Key: the share of a call its fixed cost may take (default {@value #DEFAULT_OVERHEAD}). */
  public static final String OVERHEAD = SparkKeys.AUTO_BATCH_OVERHEAD;
  /** Key: the bytes one call may allocate, from the measured bytes per row; 0 for no cap (default 64 MiB). */
  public static final String MAX_BYTES = SparkKeys.AUTO_BATCH_MAX_BYTES;

  /** The default largest size. */
  public static final int DEFAULT_MAX_SIZE = 65_536;
  /** The default smallest size. */
  public static final int DEFAULT_MIN_SIZE = 1;
  /** The default duration of one call, in seconds. */
  public static final double DEFAULT_TARGET_SECONDS = 1.0;
  /** The default share of a call its fixed cost may take. */
  public static final double DEFAULT_OVERHEAD = 0.05;
  /** The default byte cap of one call. */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;

  private AutoBatching() {}

  /**
   * The bounds of one node's {@code batch_size=auto}, parsed from its effective config; the sizer
   * checks that they fit together when it takes them (its own settings), naming {@link #node}.
   *
   * @param node the node's name (it seeds the sizer's jitter)
   * @param minBatchSize the smallest size chosen
   * @param maxBatchSize the largest size chosen
   * @param targetBatchSeconds the duration of one call to aim at
   * @param targetBatchOverhead the share of a call its fixed cost may take; 0 turns this rule off
   * @param maxBatchBytes the bytes one call may allocate; 0 for no cap
   */
  public record Settings(String node, int minBatchSize, int maxBatchSize, double targetBatchSeconds,
      double targetBatchOverhead, long maxBatchBytes) {}

  /** The largest size chosen under these Spark settings. */
  static int maxBatchSize(Map<String, String> spark) {
    String v = spark.get(MAX_SIZE);
    if (v == null) {
      return DEFAULT_MAX_SIZE;
    }
    int max = parseInt(MAX_SIZE, v);
    if (max <= 0 || max > Defaults.MAX_BATCH_SIZE) {
      throw new IllegalArgumentException(MAX_SIZE + " must be between 1 and " + Defaults.MAX_BATCH_SIZE + " but was " + v);
    }
    return max;
  }

  /**
   * The bounds of node {@code node} under {@code config}.
   *
   * @throws IllegalArgumentException naming the key, for a value that is not a number
   */
  public static Settings settings(String node, EffectiveConfig config) {
    Map<String, String> spark = config.spark();
    return new Settings(node,
        spark.containsKey(MIN_SIZE) ? parseInt(MIN_SIZE, spark.get(MIN_SIZE)) : DEFAULT_MIN_SIZE,
        config.batchSize(),
        spark.containsKey(TARGET_SECONDS) ? parseDouble(TARGET_SECONDS, spark.get(TARGET_SECONDS)) : DEFAULT_TARGET_SECONDS,
        spark.containsKey(OVERHEAD) ? parseDouble(OVERHEAD, spark.get(OVERHEAD)) : DEFAULT_OVERHEAD,
        spark.containsKey(MAX_BYTES) ? parseLong(MAX_BYTES, spark.get(MAX_BYTES)) : DEFAULT_MAX_BYTES);
  }

  private static int parseInt(String key, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer but was \"" + v + "\"", e);
    }
  }

  private static long parseLong(String key, String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer (bytes) but was \"" + v + "\"", e);
    }
  }

  private static double parseDouble(String key, String v) {
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number but was \"" + v + "\"", e);
    }
  }
}
