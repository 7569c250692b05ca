package io.sparknodes.pipeline;

import io.sparknodes.pipeline.internal.BatchSizer;
import io.sparknodes.pipeline.internal.BatchSizerSettings;
import java.util.Map;

/**
 * The settings of {@code batch_size=auto}: the bounds within which a node's {@link BatchSizer}
 * chooses sizes, read from {@code spark.sparknodes.autoBatch.*} keys of the node's effective config
 * (so an engine sets them for every node and a node may override them). Unset keys take the
 * defaults below; a bad value fails when the plan is built, naming the key.
 *
 * <pre>{@code
 * ExecutionConfig.builder().autoBatchSize()
 *     .spark(AutoBatching.MAX_BYTES, String.valueOf(16L << 20))   // a batch may allocate 16 MiB
 *     .build();
 * }</pre>
 */
public final class AutoBatching {
  /** Key: the largest size chosen (default {@value #DEFAULT_MAX_SIZE}). */
  public static final String MAX_SIZE = "spark.sparknodes.autoBatch.maxSize";
  /** Key: the smallest size chosen (default 1). */
  public static final String MIN_SIZE = "spark.sparknodes.autoBatch.minSize";
  /** Key: the duration of one call to aim at, in seconds (default 1). */
  public static final String TARGET_SECONDS = "spark.sparknodes.autoBatch.targetSeconds";
  /** Key: the share of a call its fixed cost may take (default 0.05). */
  public static final String OVERHEAD = "spark.sparknodes.autoBatch.overhead";
  /** Key: the bytes one call may allocate, from the measured bytes per row; 0 for no cap (default 64 MiB). */
  public static final String MAX_BYTES = "spark.sparknodes.autoBatch.maxBytes";

  /** The default largest size. */
  public static final int DEFAULT_MAX_SIZE = 65_536;
  /** The default byte cap of one call. */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;

  private AutoBatching() {}

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

  /** The sizer settings of node {@code node} under {@code config} (seeded by the node's name). */
  public static BatchSizerSettings settings(String node, EffectiveConfig config) {
    Map<String, String> spark = config.spark();
    BatchSizerSettings.Builder b = BatchSizer.builder()
        .maxBatchSize(config.batchSize())
        .minBatchSize(spark.containsKey(MIN_SIZE) ? parseInt(MIN_SIZE, spark.get(MIN_SIZE)) : 1)
        .targetBatchSeconds(spark.containsKey(TARGET_SECONDS) ? parseDouble(TARGET_SECONDS, spark.get(TARGET_SECONDS)) : 1.0)
        .targetBatchOverhead(spark.containsKey(OVERHEAD) ? parseDouble(OVERHEAD, spark.get(OVERHEAD)) : 0.05)
        .maxBatchBytes(spark.containsKey(MAX_BYTES) ? parseLong(MAX_BYTES, spark.get(MAX_BYTES)) : DEFAULT_MAX_BYTES)
        .seed(node.hashCode());
    try {
      return b.settings();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("node '" + node + "', batch_size auto: " + e.getMessage(), e);
    }
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
