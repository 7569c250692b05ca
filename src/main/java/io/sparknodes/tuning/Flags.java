package io.sparknodes.tuning;

import io.sparknodes.config.EffectiveConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares what a point asked for with what the engine reported doing: a knob that did not reach
 * the engine, or could not take effect, is said plainly.
 */
final class Flags {
  private Flags() {}

  /**
   * The flags of {@code point}, from what the engine planned and did over its runs ({@code o}): the
   * planned layout comes from the engine's own report, never recomputed here.
   */
  static List<String> of(Point point, Observation o) {
    EffectiveConfig asked = point.effective();
    List<String> flags = new ArrayList<>();
    int b = asked.batchSize();
    long expected = Math.min(b, o.partitionRows());
    if (asked.autoBatchSize()) {
      // The sizer chooses: no batch size was asked, so none can fail to take effect.
    } else if (b > o.partitionRows()) {
      flags.add("batch_size " + b + " cannot take effect: a partition holds at most " + o.partitionRows() + " rows ("
          + o.inputPartitions() + " partitions), so no batch is larger");
    }
    if (!asked.autoBatchSize() && o.batchMax() != expected) {
      flags.add("batch_size had no effect: asked " + b + ", batches seen up to " + o.batchMax()
          + " (expected " + expected + ")");
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
