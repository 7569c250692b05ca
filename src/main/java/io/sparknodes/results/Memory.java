package io.sparknodes.results;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What a point used in memory, measured over its runs (never guessed from its settings).
 *
 * @param allocatedBytesPerItem bytes the nodes' functions allocated per item: the thread's
 *     allocation counter read around each batch call (so it counts the function and the views of
 *     its arguments, not the engine's rows, Spark's buffers or serialization), the median over the
 *     point's measured samples; empty where the JVMs cannot count allocations
 * @param retainedHeapBytes the largest heap in use after a garbage collection while the point's
 *     maps ran, the largest over the JVMs that ran its tasks; empty when no collection ran then
 * @param jvms the JVMs whose heaps the retained figure covers
 * @param includesDriver whether the driver's JVM is one of them (in {@code local[N]} it is the only
 *     one: the figure then includes the driver's own heap)
 */
public record Memory(OptionalDouble allocatedBytesPerItem, OptionalLong retainedHeapBytes, int jvms,
    boolean includesDriver) {
  public Memory {
    java.util.Objects.requireNonNull(allocatedBytesPerItem, "allocatedBytesPerItem");
    java.util.Objects.requireNonNull(retainedHeapBytes, "retainedHeapBytes");
    if (allocatedBytesPerItem.isPresent()
        && !(allocatedBytesPerItem.getAsDouble() >= 0 && Double.isFinite(allocatedBytesPerItem.getAsDouble()))) {
      throw new IllegalArgumentException("allocatedBytesPerItem must be a non-negative number but was "
          + allocatedBytesPerItem.getAsDouble());
    }
    if (retainedHeapBytes.isPresent() && retainedHeapBytes.getAsLong() <= 0) {
      throw new IllegalArgumentException("retainedHeapBytes must be positive but was " + retainedHeapBytes.getAsLong());
    }
    if (jvms < 0) {
      throw new IllegalArgumentException("jvms must not be negative but was " + jvms);
    }
  }

  /**
   * These figures and another application's of the same point: bytes per item averaged (each is a
   * median over its samples), the larger retained heap with the JVMs it covers.
   */
  public Memory merge(Memory o) {
    OptionalDouble allocated = allocatedBytesPerItem.isPresent() && o.allocatedBytesPerItem.isPresent()
        ? OptionalDouble.of((allocatedBytesPerItem.getAsDouble() + o.allocatedBytesPerItem.getAsDouble()) / 2)
        : allocatedBytesPerItem.isPresent() ? allocatedBytesPerItem : o.allocatedBytesPerItem;
    boolean mine = retainedHeapBytes.isPresent()
        && (o.retainedHeapBytes.isEmpty() || retainedHeapBytes.getAsLong() >= o.retainedHeapBytes.getAsLong());
    return mine || o.retainedHeapBytes.isEmpty()
        ? new Memory(allocated, retainedHeapBytes, jvms, includesDriver)
        : new Memory(allocated, o.retainedHeapBytes, o.jvms, o.includesDriver);
  }

  /** True when neither figure was measured. */
  public boolean isEmpty() {
    return allocatedBytesPerItem.isEmpty() && retainedHeapBytes.isEmpty();
  }
}
