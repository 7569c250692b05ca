package io.sparknodes.spark;

import io.sparknodes.pipeline.ExecutionReport;
import io.sparknodes.pipeline.MapListener;
import io.sparknodes.pipeline.internal.Plan;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.spark.TaskContext;
import org.apache.spark.api.plugin.PluginContext;

/**
 * Batch events of a running map, from its tasks to the driver's {@link MapListener}, while the
 * tasks run (Spark's accumulators reach the driver only at task end, its listener bus later still).
 *
 * <p>In {@code local[N]} a task calls the listener directly: it runs in the driver's JVM. In an
 * executor JVM it sends its events through the {@link StatefulPlugin}'s executor-to-driver
 * channel ({@link PluginContext#send}), at most one message per task per {@value #FLUSH_MILLIS}
 * ms (its first batch at once), and its last ones with {@link PluginContext#ask}, which returns
 * only once the driver has handled them: so every event of a task is heard before the task ends,
 * and so before {@code map} returns. Should a task's events not arrive (a session without the
 * plugin), the driver hears the rest from the report before {@link MapListener#onMapEnd}. A task
 * attempt that fails after sending events has its rows counted again by its retry.
 */
final class Progress {
  private Progress() {}

  static final long FLUSH_MILLIS = 100;

  /** A task's rows done per step since its last message. */
  record Event(long mapId, long[] rows) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** The listener of a running map, in the driver's JVM, and the rows it has heard per step. */
  static final class Sink {
    final MapListener listener;
    final List<String> nodes;
    final AtomicLongArray heard;

    Sink(MapListener listener, List<String> nodes) {
      this.listener = listener;
      this.nodes = nodes;
      this.heard = new AtomicLongArray(nodes.size());
    }

    void hear(long[] rows) {
      for (int s = 0; s < rows.length; s++) {
        if (rows[s] > 0) {
          heard.addAndGet(s, rows[s]);
          listener.onBatchDone(nodes.get(s), rows[s]);
        }
      }
    }

    /** Tells the rows the report has and the listener did not hear, then the end. */
    void end(ExecutionReport report) {
      for (int s = 0; s < nodes.size(); s++) {
        ExecutionReport.BatchStats stats = report.batches().get(nodes.get(s));
        long missing = stats == null ? 0 : stats.rows() - heard.get(s);
        if (missing > 0) {
          listener.onBatchDone(nodes.get(s), missing);
        }
      }
      listener.onMapEnd(report);
    }
  }

  private static final Map<Long, Sink> SINKS = new ConcurrentHashMap<>();
  private static final Map<Long, Task> TASKS = new ConcurrentHashMap<>();
  private static volatile PluginContext executor;

  /** Called by the executor plugin: the channel to the driver. */
  static void executorStarted(PluginContext ctx) {
    executor = ctx;
  }

  /** Starts hearing map {@code mapId} in this (the driver's) JVM. */
  static Sink open(long mapId, Plan plan, MapListener listener) {
    Sink sink = new Sink(listener, plan.steps().stream().map(st -> st.node().name()).toList());
    SINKS.put(mapId, sink);
    return sink;
  }

  static void close(long mapId) {
    SINKS.remove(mapId);
  }

  /** The driver plugin's handler of an executor's message. */
  static Object receive(Object message) {
    if (message instanceof Event e) {
      Sink sink = SINKS.get(e.mapId());
      if (sink != null) {
        sink.hear(e.rows());
      }
    }
    return Boolean.TRUE;
  }

  /** Step {@code step} of map {@code mapId} has done a batch of {@code rows} in the running task. */
  static void batchDone(long mapId, int steps, int step, int rows) {
    Sink local = SINKS.get(mapId);
    if (local != null) {
      local.listener.onBatchDone(local.nodes.get(step), rows);
      local.heard.addAndGet(step, rows);
      return;
    }
    PluginContext ctx = executor;
    TaskContext tc = TaskContext.get();
    if (ctx == null || tc == null) {
      return;
    }
    Task task = TASKS.computeIfAbsent(tc.taskAttemptId(), id -> {
      Task t = new Task(mapId, steps, ctx);
      tc.addTaskCompletionListener(c -> {
        TASKS.remove(id);
        t.flush(true);
      });
      return t;
    });
    task.add(step, rows);
  }

  /** The events of one task attempt in an executor JVM, gathered between messages. */
  private static final class Task {
    private final long mapId;
    private final PluginContext ctx;
    private final long[] rows;
    private long last;

    Task(long mapId, int steps, PluginContext ctx) {
      this.mapId = mapId;
      this.ctx = ctx;
      this.rows = new long[steps];
    }

    synchronized void add(int step, int n) {
      rows[step] += n;
      long now = System.nanoTime();
      if (last == 0 || now - last >= FLUSH_MILLIS * 1_000_000) {
        last = now;
        flush(false);
      }
    }

    synchronized void flush(boolean last) {
      long[] out = rows.clone();
      java.util.Arrays.fill(rows, 0);
      try {
        if (last) {
          ctx.ask(new Event(mapId, out));
        } else {
          ctx.send(new Event(mapId, out));
        }
      } catch (Exception e) {
        // Undelivered rows reach the listener from the report at the end of the map.
      }
    }
  }
}
