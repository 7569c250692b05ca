package io.sparknodes.tuning;

import io.sparknodes.results.Memory;
import io.sparknodes.results.Observed;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The engine's reports over a point's runs, merged in the group's JVM: what {@link Flags} compares
 * with what the point asked, and the source of the {@link Observed} and {@link Memory} figures the
 * point's result carries to the sweep.
 *
 * @param partitions partitions per run (the largest seen)
 * @param tasks tasks over all runs
 * @param batchCount batches of the first node over all runs
 * @param batchMin the smallest batch seen
 * @param batchMax the largest batch seen
 * @param partitionRows the most rows a partition held, by the engine's layout (the smallest over
 *     the runs): no batch can be larger
 * @param inputPartitions the partitions the input was cut into (before any coalescing)
 * @param executors distinct executors that ran tasks
 * @param jvms distinct JVMs that ran tasks
 * @param ranInDriver whether any task ran in the driver JVM
 * @param instancesBuilt stateful instances built during the point's runs
 * @param allocatedBytesPerItem bytes the nodes' functions allocated per item, the median over the
 *     measured samples; empty when not measured
 * @param retainedHeapBytes the largest heap in use after a collection during the point's maps, over
 *     the JVMs that ran them; empty when no collection ran
 * @param retainedJvms the JVMs that figure covers
 */
record Observation(int partitions, long tasks, long batchCount, int batchMin, int batchMax,
    long partitionRows, int inputPartitions, int executors, int jvms, boolean ranInDriver, int instancesBuilt,
    OptionalDouble allocatedBytesPerItem, OptionalLong retainedHeapBytes, int retainedJvms) {

  /** What the results record of the engine's layout. */
  Observed observed() {
    return new Observed(partitions, tasks, batchCount, batchMin, batchMax, executors, jvms, instancesBuilt);
  }

  /** The memory figures, or empty when neither was measured. */
  Optional<Memory> memory() {
    boolean retained = retainedHeapBytes.isPresent();
    Memory memory = new Memory(allocatedBytesPerItem, retainedHeapBytes, retained ? retainedJvms : 0,
        retained && ranInDriver);
    return memory.isEmpty() ? Optional.empty() : Optional.of(memory);
  }
}
