package io.sparknodes.pipeline;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The two memory figures the engines measure, in the JVM that does the work.
 *
 * <ul>
 *   <li><b>Bytes allocated</b> by the current thread ({@code com.sun.management.ThreadMXBean}),
 *       read around each batch call of a node's function: what the function allocates, plus the
 *       few argument views the engine makes per batch; not the engine's rows or output arrays.
 *   <li><b>Retained heap</b>: the heap in use right after a garbage collection (all heap pools),
 *       heard from the collectors' notifications. The largest such figure while a map's work ran
 *       is an upper bound of what its work kept alive (a young collection leaves the old
 *       generation's garbage counted). No collection during the work: no figure.
 * </ul>
 */
public final class MemoryWatch {
  private static final com.sun.management.ThreadMXBean THREADS = threads();
  private static final int RING = 1024;
  private static final long[] AT = new long[RING];
  private static final long[] USED = new long[RING];
  private static long written;

  static {
    Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener((n, handback) -> {
          if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
          }
          GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
          long used = 0;
          for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
              MemoryUsage u = e.getValue();
              used += u.getUsed();
            }
          }
          record(System.nanoTime(), used);
        }, null, null);
      }
    }
  }

  private MemoryWatch() {}

  /**
   * Key (a {@code spark.*} setting of a node's or engine's config): run the map as a memory probe.
   * While any probe batch is in a node's function in this JVM, a daemon thread forces a full
   * collection every {@value #PROBE_INTERVAL_MS} ms and records the heap in use right after it, so
   * that the retained figure sees what the batches in flight hold, whether or not the JVM would have
   * collected on its own. Costly (a full collection each time): for an untimed map, never a timed one.
   */
  public static final String PROBE = "spark.sparknodes.memoryProbe";
  /** How often the probe collects while probe batches run. */
  static final long PROBE_INTERVAL_MS = 25;
  private static final Object PROBE_LOCK = new Object();
  /** When a probe last forced a collection ({@link System#nanoTime()}). */
  private static final java.util.concurrent.atomic.AtomicLong LAST_FORCED =
      new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - 1_000_000_000L);
  private static int probesInFlight;
  private static Thread prober;

  /** A probe batch has entered a node's function in this thread (for the engines' plan). */
  public static void probeEnter() {
    synchronized (PROBE_LOCK) {
      probesInFlight++;
      if (prober == null) {
        prober = new Thread(MemoryWatch::probeLoop, "sparknodes-memory-probe");
        prober.setDaemon(true);
        prober.start();
      }
      PROBE_LOCK.notifyAll();
    }
  }

  /**
   * That probe batch has left the function (for the engines' plan); its rows and outputs are still
   * referenced. When no probe has forced a collection for {@value #PROBE_INTERVAL_MS} ms (a batch
   * of microseconds ends before the daemon thread wakes), this thread forces one and records the
   * heap: every probe map sees at least one collection while its batches are held, at no more than
   * the daemon's rate. Measured before: the seed grid's maps of 30 ms left 1-7 of 48 points without
   * a figure.
   */
  public static void probeExit() {
    synchronized (PROBE_LOCK) {
      probesInFlight--;
    }
    long last = LAST_FORCED.get();
    if (System.nanoTime() - last >= PROBE_INTERVAL_MS * 1_000_000L && LAST_FORCED.compareAndSet(last, System.nanoTime())) {
      forceCollection();
    }
  }

  /**
   * The retained heap of a map or task that started at {@code sinceNanos} (see {@link
   * #maxHeapAfterGcSince(long, long)}); for a memory probe during which no collection was recorded
   * (a map shorter than the probe's interval), one is forced now, while the map's rows and outputs
   * are still held, so that every probe map has a figure.
   */
  public static long retainedSince(long sinceNanos, long collectionsThen, boolean probe) {
    if (probe && maxHeapAfterGcSince(sinceNanos) == 0) {
      forceCollection();
    }
    return maxHeapAfterGcSince(sinceNanos, collectionsThen);
  }

  private static void forceCollection() {
    System.gc();
    long now = System.nanoTime();
    LAST_FORCED.set(now);
    record(now, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
  }

  private static void probeLoop() {
    try {
      while (true) {
        synchronized (PROBE_LOCK) {
          while (probesInFlight == 0) {
            PROBE_LOCK.wait();
          }
        }
        forceCollection();
        Thread.sleep(PROBE_INTERVAL_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static com.sun.management.ThreadMXBean threads() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
        && t.isThreadAllocatedMemorySupported()) {
      if (!t.isThreadAllocatedMemoryEnabled()) {
        t.setThreadAllocatedMemoryEnabled(true);
      }
      return t;
    }
    return null;
  }

  /** True when this JVM can count the bytes a thread allocates. */
  public static boolean countsAllocations() {
    return THREADS != null;
  }

  /** Bytes the current thread has allocated so far (0 when this JVM cannot count them). */
  public static long threadAllocatedBytes() {
    return THREADS == null ? 0 : THREADS.getCurrentThreadAllocatedBytes();
  }

  private static synchronized void record(long at, long used) {
    int i = (int) (written++ % RING);
    AT[i] = at;
    USED[i] = used;
  }

  /** Collections this JVM has run so far, over all its collectors. */
  public static long collections() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }

  /**
   * The largest heap in use after a collection since a moment ({@code sinceNanos}, {@link
   * System#nanoTime()}, when {@link #collections()} was {@code collectionsThen}), or 0 when none
   * ran. The collectors' notifications arrive a little after each collection; when a collection ran
   * but its notification has not arrived within 50 ms, the heap pools' usage after their last
   * collection stands in for it (the JVM updates that as the collection ends).
   */
  public static long maxHeapAfterGcSince(long sinceNanos, long collectionsThen) {
    long heard = maxHeapAfterGcSince(sinceNanos);
    if (heard > 0 || collections() <= collectionsThen) {
      return heard;
    }
    // A collection ran and was not heard yet: its notification usually follows within a few ms.
    long deadline = System.nanoTime() + 50_000_000L;
    while (System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      heard = maxHeapAfterGcSince(sinceNanos);
      if (heard > 0) {
        return heard;
      }
    }
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        used += pool.getCollectionUsage().getUsed();
      }
    }
    return used;
  }

  /**
   * The largest heap in use after a collection that ended at or after {@code sinceNanos} ({@link
   * System#nanoTime()}), or 0 when none did (of the last 1024 collections).
   */
  public static synchronized long maxHeapAfterGcSince(long sinceNanos) {
    long max = 0;
    for (long k = Math.max(0, written - RING); k < written; k++) {
      int i = (int) (k % RING);
      if (AT[i] - sinceNanos >= 0) {
        max = Math.max(max, USED[i]);
      }
    }
    return max;
  }
}
