package io.sparknodes.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The columns and outputs of one list map running in this JVM ({@code local[N]}: the executor is
 * the driver's JVM), in a registry keyed by map: a task reads its run of items and writes its
 * outputs in place, and only a partition index and a row count cross Spark ({@link ListMap}).
 */
final class SharedMap implements AutoCloseable {
  private static final AtomicLong IDS = new AtomicLong();
  private static final Map<Long, SharedMap> SHARED = new ConcurrentHashMap<>();

  final long id;
  final Object[][] columns;
  final Object[] out;
  final ListLayout layout;

  private SharedMap(Object[][] columns, int width, ListLayout layout) {
    this.id = IDS.incrementAndGet();
    this.columns = columns;
    this.out = new Object[Math.multiplyExact(layout.items(), width)];
    this.layout = layout;
  }

  // The rows of a map whose nodes run in different numbers of partitions, by item, where they
  // wait between its jobs: one array per boundary, made by the driver before the job that fills it.
  private final Map<Integer, Object[]> staged = new ConcurrentHashMap<>();

  /** The array, by item, that the job before boundary {@code boundary} fills with its rows. */
  Object[] staged(int boundary) {
    return staged.computeIfAbsent(boundary, b -> new Object[layout.items()]);
  }

  /** Drops what boundary {@code boundary} held, once the job after it has run. */
  void unstage(int boundary) {
    staged.remove(boundary);
  }

  @Override
  public void close() {
    SHARED.remove(id);
  }

  /** Registers a map's columns for tasks in this JVM; close it when the map ends. */
  static SharedMap share(Object[][] columns, int width, ListLayout layout) {
    SharedMap s = new SharedMap(columns, width, layout);
    SHARED.put(s.id, s);
    return s;
  }

  /** The map registered as {@code id}, for a task in this JVM. */
  static SharedMap of(long id) {
    SharedMap s = SHARED.get(id);
    if (s == null) {
      throw new IllegalStateException("the inputs of map #" + id + " are not in this JVM: a task of a local-mode map"
          + " ran in another JVM, or after its map ended");
    }
    return s;
  }
}
