package io.sparknodes.pipeline.internal;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 *       heard from the collectors' notifications. When a full collection ran during a map's
 *       work, the largest figure after one (the live heap then, exactly); otherwise the largest
 *       after any, an upper bound of what the work kept alive (a young collection leaves the old
 *       generation's garbage counted: a previous map's, too). No collection during the work: no
 *       figure.
 * </ul>
 */
public final class MemoryWatch {
  private static final com.sun.management.ThreadMXBean THREADS = threads();
  private static final int RING = 1024;
  private static final long[] AT = new long[RING];
  private static final long[] USED = new long[RING];
  /** Per entry: the index of the collector heard, or -1 for a figure a probe read itself. */
  private static final int[] COLLECTOR = new int[RING];
  /** Per entry: the collector's count of collections including this one ({@code GcInfo.getId()}). */
  private static final long[] ID = new long[RING];
  /** Per entry: a full collection (or a probe's own read after one), whose figure is the live heap. */
  private static final boolean[] FULL = new boolean[RING];
  private static long written;
  /** The milliseconds of the collections heard, but those a {@code System.gc()} asked for. */
  private static final java.util.concurrent.atomic.AtomicLong PAUSE_MILLIS = new java.util.concurrent.atomic.AtomicLong();
  /** The collectors whose notifications are heard. */
  private static final List<GarbageCollectorMXBean> HEARD = new ArrayList<>();
  /** Per collector: the id of the last collection heard. */
  private static final long[] LAST_HEARD;

  static {
    Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter) {
        HEARD.add(gc);
      }
    }
    LAST_HEARD = new long[HEARD.size()];
    for (int c = 0; c < HEARD.size(); c++) {
      int collector = c;
      ((NotificationEmitter) HEARD.get(c)).addNotificationListener((n, handback) -> {
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
        if (!"System.gc()".equals(info.getGcCause())) {
          PAUSE_MILLIS.addAndGet(info.getGcInfo().getDuration());
        }
        heard(collector, info.getGcInfo().getId(), "end of major GC".equals(info.getGcAction()), used);
      }, null, null);
    }
  }

  /**
   * Where a map or task starts, for its retained figure: when ({@link System#nanoTime()}) and how
   * many collections each collector had run.
   */
  public static final class Mark {
    private final long nanos;
    private final long[] counts;

    private Mark(long nanos, long[] counts) {
      this.nanos = nanos;
      this.counts = counts;
    }
  }

  /**
   * The milliseconds the collectors of this JVM have taken so far, from their notifications, but
   * for the collections {@code System.gc()} asked for: a benchmark reads it around a map for the
   * share of its wall time the collector took (with G1, a young collection's time is its pause).
   * A notification arrives shortly after its collection, on another thread.
   */
  public static long gcMillis() {
    return PAUSE_MILLIS.get();
  }

  /** A mark of now. */
  public static Mark mark() {
    return new Mark(System.nanoTime(), counts());
  }

  /** The marks of {@link #markOnce}, by key: the latest {@value #KEYED_MARKS} keys. */
  private static final Map<Object, Mark> KEYED = new java.util.LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Object, Mark> eldest) {
      return size() > KEYED_MARKS;
    }
  };
  private static final int KEYED_MARKS = 256;

  /**
   * The mark of the first call in this JVM with {@code key} (one of the latest {@value
   * #KEYED_MARKS}, compared by {@code equals}): for a probe map's tasks, keyed by map and stage, so
   * that the first task of a stage in a JVM marks its start there and a later task finds the
   * collections the earlier ones forced, rather than forcing one of its own (a full collection took
   * 40-70 ms on the seed grid's JVMs, against tasks of about a millisecond).
   */
  public static Mark markOnce(Object key) {
    synchronized (KEYED) {
      return KEYED.computeIfAbsent(key, k -> mark());
    }
  }

  private static long[] counts() {
    long[] counts = new long[HEARD.size()];
    for (int c = 0; c < counts.length; c++) {
      counts[c] = Math.max(0, HEARD.get(c).getCollectionCount());
    }
    return counts;
  }

  private MemoryWatch() {}

  /**
   * Key (a {@code spark.*} setting of a node's or engine's config): run the map as a memory probe.
   * While any probe batch is in a node's function in this JVM, a daemon thread forces a full
   * collection every {@value #PROBE_INTERVAL_MS} ms (or {@value #PROBE_QUIET_FACTOR} times the last
   * one's duration, when longer) and records the heap in use right after it, so
   * that the retained figure sees what the batches in flight hold, whether or not the JVM would have
   * collected on its own. Costly (a full collection each time): for an untimed map, never a timed one.
   */
  public static final String PROBE = io.sparknodes.config.SparkKeys.MEMORY_PROBE;
  /** How often, at most, the probe collects while probe batches run. */
  static final long PROBE_INTERVAL_MS = 25;
  /**
   * The probe's quiet time after a forced collection, in that collection's durations, so that the
   * probe's collections take at most about a quarter of a probe map's time, however long each is:
   * a full collection of a local application's heap took 40-70 ms on the seed grid's JVMs (2
   * cores), longer than the {@value #PROBE_INTERVAL_MS} ms between them.
   */
  static final int PROBE_QUIET_FACTOR = 3;
  /** How long the last forced collection took, in ns. */
  private static final java.util.concurrent.atomic.AtomicLong LAST_FORCED_NANOS = new java.util.concurrent.atomic.AtomicLong();
  private static final Object PROBE_LOCK = new Object();
  /** When a probe last forced a collection ({@link System#nanoTime()}). */
  private static final java.util.concurrent.atomic.AtomicLong LAST_FORCED =
      new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - 1_000_000_000L);
  private static int probesInFlight;
  private static Thread prober;

  /** A probe batch has entered a node's function in this thread (for the engines' plan). */
  static void probeEnter() {
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
   * referenced. When no probe has forced a collection for the quiet time ({@link #quietNanos}; a batch
   * of microseconds ends before the daemon thread wakes), this thread forces one and records the
   * heap: every probe map sees at least one collection while its batches are held, at no more than
   * the daemon's rate. Measured before: the seed grid's maps of 30 ms left 1-7 of 48 points without
   * a figure.
   */
  static void probeExit() {
    synchronized (PROBE_LOCK) {
      probesInFlight--;
    }
    long last = LAST_FORCED.get();
    if (System.nanoTime() - last >= quietNanos() && LAST_FORCED.compareAndSet(last, System.nanoTime())) {
      forceCollection();
    }
  }

  /**
   * How long after a forced collection the probe forces none: {@value #PROBE_INTERVAL_MS} ms, or
   * {@value #PROBE_QUIET_FACTOR} times the last one's duration when that is longer.
   */
  static long quietNanos() {
    return Math.max(PROBE_INTERVAL_MS * 1_000_000L, PROBE_QUIET_FACTOR * LAST_FORCED_NANOS.get());
  }

  /**
   * The retained heap of a map or task that started at {@code start} (see {@link
   * #maxHeapAfterGcSince(Mark)}); for a memory probe during which no collection was recorded
   * (a map shorter than the probe's interval), one is forced now, while the map's rows and outputs
   * are still held, so that every probe map has a figure.
   */
  public static long retainedSince(Mark start, boolean probe) {
    if (probe && maxHeapAfterGcSince(start) == 0) {
      forceCollection();
    }
    return maxHeapAfterGcSince(start);
  }

  private static void forceCollection() {
    long start = System.nanoTime();
    System.gc();
    long now = System.nanoTime();
    LAST_FORCED_NANOS.set(now - start);
    LAST_FORCED.set(now);
    record(now, -1, 0, true, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
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
        Thread.sleep(Math.max(1, quietNanos() / 1_000_000L));
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
  static long threadAllocatedBytes() {
    return THREADS == null ? 0 : THREADS.getCurrentThreadAllocatedBytes();
  }

  private static synchronized void heard(int collector, long id, boolean full, long used) {
    LAST_HEARD[collector] = Math.max(LAST_HEARD[collector], id);
    record(System.nanoTime(), collector, id, full, used);
  }

  private static synchronized void record(long at, int collector, long id, boolean full, long used) {
    int i = (int) (written++ % RING);
    AT[i] = at;
    COLLECTOR[i] = collector;
    ID[i] = id;
    FULL[i] = full;
    USED[i] = used;
  }

  /**
   * The largest heap in use after a collection that ran since {@code start}, or 0 when none ran. A
   * collection's notification arrives some ms after it (30 ms seen on a quiet machine), so it is
   * matched to a map by its collector's count, not by when it arrived (a late one of the previous
   * map's is not this map's), and this waits at most 50 ms for the notifications of the collections
   * counted so far. When one ran and none was heard in time, the heap pools' usage after their last
   * collection stands in (the JVM updates it as a collection ends).
   */
  static long maxHeapAfterGcSince(Mark start) {
    long[] now = counts();
    boolean ran = false;
    for (int c = 0; c < now.length; c++) {
      ran |= now[c] > start.counts[c];
    }
    if (ran) {
      long deadline = System.nanoTime() + 50_000_000L;
      while (!allHeard(now) && System.nanoTime() - deadline < 0) {
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    long heardMax = maxSince(start);
    if (heardMax > 0 || !ran) {
      return heardMax;
    }
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        used += pool.getCollectionUsage().getUsed();
      }
    }
    return used;
  }

  private static synchronized boolean allHeard(long[] counts) {
    for (int c = 0; c < counts.length; c++) {
      if (LAST_HEARD[c] < counts[c]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Of the last 1024 figures (collections after the mark's counts, and probes' own reads since its
   * time): the largest after a full collection when there is one, else the largest of all.
   */
  private static synchronized long maxSince(Mark start) {
    long max = 0;
    long maxFull = 0;
    for (long k = Math.max(0, written - RING); k < written; k++) {
      int i = (int) (k % RING);
      int c = COLLECTOR[i];
      if (c >= 0 ? ID[i] > start.counts[c] : AT[i] - start.nanos >= 0) {
        max = Math.max(max, USED[i]);
        if (FULL[i]) {
          maxFull = Math.max(maxFull, USED[i]);
        }
      }
    }
    return maxFull > 0 ? maxFull : max;
  }
}
