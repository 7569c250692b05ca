package io.sparknodes.results;

/**
 * What the engine reported doing for a point, to check that a knob took effect.
 *
 * @param partitions partitions of the measured job
 * @param tasks tasks run
 * @param batchCount batches handed to the batch function
 * @param batchMin smallest batch seen
 * @param batchMax largest batch seen
 * @param executors executors that ran tasks
 * @param jvms distinct executor JVMs
 * @param instancesBuilt stateful instances built
 */
public record Observed(
    int partitions, long tasks, long batchCount, int batchMin, int batchMax, int executors, int jvms, int instancesBuilt) {

  public Observed {
    nonNegative("partitions", partitions);
    nonNegative("tasks", tasks);
    nonNegative("batchCount", batchCount);
    nonNegative("batchMin", batchMin);
    nonNegative("batchMax", batchMax);
    nonNegative("executors", executors);
    nonNegative("jvms", jvms);
    nonNegative("instancesBuilt", instancesBuilt);
    if (batchMin > batchMax) {
      throw new IllegalArgumentException("batchMin " + batchMin + " exceeds batchMax " + batchMax);
    }
  }

  private static void nonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative but was " + value);
    }
  }
}
