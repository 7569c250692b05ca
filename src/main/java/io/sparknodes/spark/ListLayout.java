package io.sparknodes.spark;

import static io.sparknodes.config.SparkKeys.MAX_PARTITION_BYTES;
import static io.sparknodes.config.SparkKeys.MAX_ROWS_PER_PARTITION;
import static io.sparknodes.config.SparkKeys.PARTITIONS_PER_SLOT;
import static io.sparknodes.spark.internal.SparkSettings.MAX_PARTITION_BYTES_DEFAULT;
import static io.sparknodes.spark.internal.SparkSettings.MAX_ROWS_PER_PARTITION_DEFAULT;
import static io.sparknodes.spark.internal.SparkSettings.PARTITIONS_PER_SLOT_DEFAULT;

import io.sparknodes.config.Partitions;
import io.sparknodes.spark.internal.SparkSettings;
import org.apache.spark.SparkConf;

/**
 * How the {@code items} of a list input are cut into partitions: contiguous runs of nearly equal
 * length (they differ by at most one item). Each partition is then sliced into batches of each
 * node's batch_size on the executor, so batch_size never sets the task count.
 *
 * <p>The rule, for {@code auto}: {@code max(k x slots, ceil(n / maxRows), ceil(bytes / maxBytes))},
 * at most one partition per item and at least one. {@code k} ({@value SparkSettings#PARTITIONS_PER_SLOT_DEFAULT}
 * by default) gives each executor slot a few tasks, so that a slow task does not leave the other
 * slots idle; {@code maxRows} bounds the rows a task holds; {@code maxBytes} keeps a task's data
 * (shipped inside the task when it runs in another JVM) under Spark's large-task warning (1000 KiB).
 * The bytes are estimated from a sample of the items, serialized. A fixed {@code partitions} setting
 * replaces the rule.
 *
 * @param items the items of the input
 * @param partitions the partitions they are cut into
 * @param rule how {@code partitions} was chosen, in words
 */
record ListLayout(int items, int partitions, String rule) implements java.io.Serializable {
  ListLayout {
    if (partitions < 1 || (items > 0 && partitions > items)) {
      throw new IllegalArgumentException("partitions must lie in 1.." + Math.max(1, items) + " but was " + partitions);
    }
  }

  /** The bounds the {@code auto} rule works with. */
  record Bounds(int partitionsPerSlot, int maxRowsPerPartition, long maxBytesPerPartition) {
    Bounds {
      if (partitionsPerSlot < 1 || maxRowsPerPartition < 1 || maxBytesPerPartition < 1) {
        throw new IllegalArgumentException("partition bounds must be positive but were " + partitionsPerSlot + ", "
            + maxRowsPerPartition + ", " + maxBytesPerPartition);
      }
    }

    /** The bounds {@code conf} sets ({@link io.sparknodes.config.SparkKeys#PARTITIONS_PER_SLOT} ...), each checked positive. */
    static Bounds of(SparkConf conf) {
      int perSlot = conf.getInt(PARTITIONS_PER_SLOT, PARTITIONS_PER_SLOT_DEFAULT);
      int rows = conf.getInt(MAX_ROWS_PER_PARTITION, MAX_ROWS_PER_PARTITION_DEFAULT);
      long bytes = conf.getSizeAsBytes(MAX_PARTITION_BYTES, Long.toString(MAX_PARTITION_BYTES_DEFAULT));
      for (Object[] kv : new Object[][] {{PARTITIONS_PER_SLOT, perSlot}, {MAX_ROWS_PER_PARTITION, rows}, {MAX_PARTITION_BYTES, bytes}}) {
        if (((Number) kv[1]).longValue() < 1) {
          throw new IllegalArgumentException(kv[0] + " must be positive but was " + kv[1]);
        }
      }
      return new Bounds(perSlot, rows, bytes);
    }
  }

  /**
   * The layout of {@code items} items on {@code slots} executor slots, whose serialized form takes
   * about {@code bytesPerItem} bytes each.
   */
  static ListLayout of(int items, int slots, double bytesPerItem, Partitions setting, Bounds bounds) {
    if (items == 0) {
      return new ListLayout(0, 1, "no item: one empty partition");
    }
    if (setting.count().isPresent()) {
      int asked = setting.count().getAsInt();
      int p = Math.min(asked, items);
      return new ListLayout(items, p, "partitions=" + asked + (p < asked ? " (capped at one per item)" : ""));
    }
    long bySlots = (long) bounds.partitionsPerSlot() * Math.max(1, slots);
    long byRows = ceilDiv(items, bounds.maxRowsPerPartition());
    long byBytes = (long) Math.ceil(items * bytesPerItem / bounds.maxBytesPerPartition());
    long p = Math.max(bySlots, Math.max(byRows, byBytes));
    String why = p == bySlots ? bounds.partitionsPerSlot() + " x " + slots + " slots"
        : p == byRows ? "at most " + bounds.maxRowsPerPartition() + " rows a partition"
        : "at most " + bounds.maxBytesPerPartition() / 1024 + " KiB a partition (about "
            + Math.round(bytesPerItem) + " bytes an item)";
    int partitions = (int) Math.min(p, items);
    return new ListLayout(items, partitions, "auto: " + why + (partitions < p ? ", capped at one per item" : ""));
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /** The first item of partition {@code p}. */
  int start(int p) {
    return (int) ((long) items * p / partitions);
  }

  /** One past the last item of partition {@code p}. */
  int end(int p) {
    return (int) ((long) items * (p + 1) / partitions);
  }

  /** The items partition {@code p} holds. */
  int rows(int p) {
    return end(p) - start(p);
  }

  /** The most items a partition holds. */
  int maxRows() {
    return (int) ceilDiv(items, partitions);
  }
}
