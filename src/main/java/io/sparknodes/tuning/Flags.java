package io.sparknodes.tuning;

import io.sparknodes.pipeline.EffectiveConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares what a point asked for with what the engine reported doing: a knob that did not reach
 * the engine, or could not take effect, is said plainly.
 */
final class Flags {
  private Flags() {}

  static List<String> of(Point point, int items, PointResult.Observation o) {
    return of(point, items, o, 0);
  }

  /**
   * As {@link #of(Point, int, PointResult.Observation)}, on a running session of {@code sessionCores}
   * cores (0: the point's own application), where a max_concurrency below them coalesces the
   * partitions to that many.
   */
  static List<String> of(Point point, int items, PointResult.Observation o, int sessionCores) {
    EffectiveConfig asked = point.effective();
    List<String> flags = new ArrayList<>();
    int b = asked.batchSize();
    int expectedMax = Math.min(b, items);
    int slice = io.sparknodes.spark.SparkEngine.sliceSize(items, b, io.sparknodes.spark.SparkSettings.MAX_PARTITIONS_DEFAULT);
    int expectedPartitions = (int) Math.max(1, ((long) items + slice - 1) / slice);
    if (asked.maxConcurrency() < sessionCores) {
      expectedPartitions = Math.min(expectedPartitions, asked.maxConcurrency());
    }
    if (o.batchMax() != expectedMax) {
      flags.add("batch_size had no effect: asked " + b + ", batches seen up to " + o.batchMax()
          + " (expected " + expectedMax + ")");
    } else if (o.partitions() != expectedPartitions) {
      flags.add("batch_size " + b + " should give " + expectedPartitions + " partitions of " + items
          + " items, but runs had " + o.partitions());
    }
    int n = asked.maxConcurrency();
    if (asked.useProcess()) {
      if (o.ranInDriver()) {
        flags.add("use_process=true but tasks ran in the driver JVM");
      }
      int expectedExecutors = Math.min(n, o.partitions());
      if (o.executors() < expectedExecutors || o.jvms() < expectedExecutors) {
        flags.add("max_concurrency=" + n + " in separate JVMs, but only " + o.executors() + " executor(s) in "
            + o.jvms() + " JVM(s) ran tasks");
      }
    } else if (o.jvms() != 1) {
      // Threads of one JVM: the driver's in local mode, the single executor's on a cluster.
      flags.add("use_process=false but tasks ran in " + o.jvms() + " JVMs");
    }
    if (n > o.partitions()) {
      flags.add("max_concurrency=" + n + " cannot take effect: each run has only " + o.partitions()
          + " partition(s), so at most " + o.partitions() + " task(s) run at once");
    }
    return flags;
  }
}
