package io.sparknodes.spark;

import io.sparknodes.config.EffectiveConfig;
import io.sparknodes.pipeline.ExecutionReport;
import io.sparknodes.pipeline.internal.Plan;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.util.AccumulatorV2;

/**
 * Gathers, from the tasks, what a map did: tasks, batch sizes per node, executors, stateful
 * instances built and failures recorded. One per map; each task adds to its own copy.
 */
final class ReportAccumulator extends AccumulatorV2<ReportAccumulator.Data, ReportAccumulator.Data> {
  private static final long serialVersionUID = 1L;

  /**
   * The gathered figures; mergeable. Every task sends its copy back, so it is written field by
   * field rather than as its collections (whose class descriptors would cost more than the figures).
   */
  static final class Data implements Serializable {
    private static final long serialVersionUID = 3L;
    transient long tasks;
    transient long maxTaskRows;
    // Per step, the most rows one task of it held, where a map's steps run in different tasks (a
    // Dataset's runs of nodes between shuffles); 0 where not recorded.
    transient long[] stepRows;
    transient long[] batches;
    transient long[] rows;
    transient int[] min;
    transient int[] max;
    transient long[] failures;
    transient long[] allocated;
    // Per step, items served by the node cache, and items it missed (computed and stored).
    transient long[] cacheHits;
    transient long[] cacheMisses;
    // Per JVM (host:pid), the largest heap in use after a collection during a task.
    transient TreeMap<String, Long> retained;
    // Per node of a nested pipeline, by path: {count, rows, min, max}; and its recorded failures.
    transient TreeMap<String, long[]> nested;
    transient TreeMap<String, Long> nestedFailed;
    transient TreeSet<String> executors;
    transient TreeMap<String, TreeMap<String, Integer>> built;
    // Failed items recorded under OnError.RECORD (list maps only): index, step, class, message.
    transient java.util.ArrayList<Object[]> failed;
    // batch_size=auto: per "step|executor", the latest summary of that executor's sizer (it lives
    // for the whole map, so the summary with the most choices supersedes the others).
    transient TreeMap<String, ExecutionReport.AutoBatch> auto;

    Data(int steps) {
      init(steps);
    }

    private void init(int steps) {
      batches = new long[steps];
      stepRows = new long[steps];
      rows = new long[steps];
      min = new int[steps];
      max = new int[steps];
      failures = new long[steps];
      allocated = new long[steps];
      cacheHits = new long[steps];
      cacheMisses = new long[steps];
      retained = new TreeMap<>();
      nested = new TreeMap<>();
      nestedFailed = new TreeMap<>();
      Arrays.fill(min, Integer.MAX_VALUE);
      executors = new TreeSet<>();
      built = new TreeMap<>();
      failed = new java.util.ArrayList<>();
      auto = new TreeMap<>();
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      out.defaultWriteObject();
      out.writeInt(batches.length);
      out.writeLong(tasks);
      out.writeLong(maxTaskRows);
      for (int s = 0; s < batches.length; s++) {
        out.writeLong(batches[s]);
        out.writeLong(rows[s]);
        out.writeInt(min[s]);
        out.writeInt(max[s]);
        out.writeLong(failures[s]);
        out.writeLong(allocated[s]);
        out.writeLong(stepRows[s]);
        out.writeLong(cacheHits[s]);
        out.writeLong(cacheMisses[s]);
      }
      out.writeInt(retained.size());
      for (Map.Entry<String, Long> e : retained.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeLong(e.getValue());
      }
      out.writeInt(nested.size());
      for (Map.Entry<String, long[]> e : nested.entrySet()) {
        out.writeUTF(e.getKey());
        for (long v : e.getValue()) {
          out.writeLong(v);
        }
      }
      out.writeInt(nestedFailed.size());
      for (Map.Entry<String, Long> e : nestedFailed.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeLong(e.getValue());
      }
      out.writeInt(executors.size());
      for (String e : executors) {
        out.writeUTF(e);
      }
      out.writeInt(built.size());
      for (Map.Entry<String, TreeMap<String, Integer>> e : built.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeInt(e.getValue().size());
        for (Map.Entry<String, Integer> c : e.getValue().entrySet()) {
          out.writeUTF(c.getKey());
          out.writeInt(c.getValue());
        }
      }
      out.writeInt(failed.size());
      for (Object[] f : failed) {
        out.writeLong((Long) f[0]);
        out.writeInt((Integer) f[1]);
        out.writeUTF((String) f[2]);
        out.writeUTF((String) f[3]);
      }
      out.writeInt(auto.size());
      for (Map.Entry<String, ExecutionReport.AutoBatch> e : auto.entrySet()) {
        ExecutionReport.AutoBatch a = e.getValue();
        out.writeUTF(e.getKey());
        out.writeInt(a.sizers());
        out.writeLong(a.chosen());
        out.writeInt(a.settled());
        out.writeInt(a.largest());
        out.writeInt(a.memoryCap());
        out.writeInt(a.recent().size());
        for (int size : a.recent()) {
          out.writeInt(size);
        }
      }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      init(in.readInt());
      tasks = in.readLong();
      maxTaskRows = in.readLong();
      for (int s = 0; s < batches.length; s++) {
        batches[s] = in.readLong();
        rows[s] = in.readLong();
        min[s] = in.readInt();
        max[s] = in.readInt();
        failures[s] = in.readLong();
        allocated[s] = in.readLong();
        stepRows[s] = in.readLong();
        cacheHits[s] = in.readLong();
        cacheMisses[s] = in.readLong();
      }
      for (int i = in.readInt(); i > 0; i--) {
        retained.put(in.readUTF(), in.readLong());
      }
      for (int i = in.readInt(); i > 0; i--) {
        nested.put(in.readUTF(), new long[] {in.readLong(), in.readLong(), in.readLong(), in.readLong()});
      }
      for (int i = in.readInt(); i > 0; i--) {
        nestedFailed.put(in.readUTF(), in.readLong());
      }
      for (int i = in.readInt(); i > 0; i--) {
        executors.add(in.readUTF());
      }
      for (int i = in.readInt(); i > 0; i--) {
        TreeMap<String, Integer> perExecutor = new TreeMap<>();
        built.put(in.readUTF(), perExecutor);
        for (int j = in.readInt(); j > 0; j--) {
          perExecutor.put(in.readUTF(), in.readInt());
        }
      }
      for (int i = in.readInt(); i > 0; i--) {
        failed.add(new Object[] {in.readLong(), in.readInt(), in.readUTF(), in.readUTF()});
      }
      for (int i = in.readInt(); i > 0; i--) {
        String key = in.readUTF();
        int sizers = in.readInt();
        long chosen = in.readLong();
        int settled = in.readInt();
        int largest = in.readInt();
        int cap = in.readInt();
        List<Integer> recent = new java.util.ArrayList<>();
        for (int j = in.readInt(); j > 0; j--) {
          recent.add(in.readInt());
        }
        auto.put(key, new ExecutionReport.AutoBatch(sizers, chosen, settled, largest, cap, recent));
      }
    }

    boolean isZero() {
      return tasks == 0 && executors.isEmpty() && built.isEmpty() && failed.isEmpty() && retained.isEmpty() && nested.isEmpty()
          && auto.isEmpty()
          && nestedFailed.isEmpty() && Arrays.stream(batches).allMatch(b -> b == 0)
          && Arrays.stream(failures).allMatch(f -> f == 0)
          && Arrays.stream(cacheHits).allMatch(f -> f == 0) && Arrays.stream(cacheMisses).allMatch(f -> f == 0);
    }

    void merge(Data o) {
      tasks += o.tasks;
      maxTaskRows = Math.max(maxTaskRows, o.maxTaskRows);
      for (int s = 0; s < batches.length; s++) {
        batches[s] += o.batches[s];
        rows[s] += o.rows[s];
        min[s] = Math.min(min[s], o.min[s]);
        max[s] = Math.max(max[s], o.max[s]);
        failures[s] += o.failures[s];
        allocated[s] += o.allocated[s];
        stepRows[s] = Math.max(stepRows[s], o.stepRows[s]);
        cacheHits[s] += o.cacheHits[s];
        cacheMisses[s] += o.cacheMisses[s];
      }
      o.retained.forEach((jvm, bytes) -> retained.merge(jvm, bytes, Math::max));
      o.nested.forEach((path, v) -> nested.merge(path, v.clone(), (a, b) -> new long[] {a[0] + b[0], a[1] + b[1],
          Math.min(a[2], b[2]), Math.max(a[3], b[3])}));
      o.nestedFailed.forEach((path, n) -> nestedFailed.merge(path, n, Long::sum));
      executors.addAll(o.executors);
      failed.addAll(o.failed);
      o.auto.forEach((key, a) -> auto.merge(key, a, (x, y) -> x.chosen() >= y.chosen() ? x : y));
      o.built.forEach((input, perExec) -> perExec.forEach((exec, count) ->
          built.computeIfAbsent(input, k -> new TreeMap<>()).merge(exec, count, Integer::sum)));
    }

    Data copy() {
      Data d = new Data(batches.length);
      d.merge(this);
      return d;
    }
  }

  private Data data;
  // Whether someone listens to this map's batch events (Progress): else tasks send none.
  private boolean listened;

  ReportAccumulator(int steps) {
    this.data = new Data(steps);
  }

  void listened(boolean listened) {
    this.listened = listened;
  }

  boolean listened() {
    return listened;
  }

  void onTask(String executorId, String host, long pid) {
    data.tasks++;
    data.executors.add(executorId + "|" + host + "|" + pid);
  }

  /** The steps of the map. */
  int steps() {
    return data.batches.length;
  }

  void onTaskRows(long rows) {
    data.maxTaskRows = Math.max(data.maxTaskRows, rows);
  }

  /** A task of steps {@code from} (inclusive) to {@code to} held {@code rows} rows. */
  void onStepRows(int from, int to, long rows) {
    for (int s = from; s < to; s++) {
      data.stepRows[s] = Math.max(data.stepRows[s], rows);
    }
  }

  void onBatch(int step, int size) {
    data.batches[step]++;
    data.rows[step] += size;
    data.min[step] = Math.min(data.min[step], size);
    data.max[step] = Math.max(data.max[step], size);
  }

  void onAllocated(int step, long bytes) {
    data.allocated[step] += bytes;
  }

  void onNestedBatch(String path, int size) {
    data.nested.merge(path, new long[] {1, size, size, size}, (a, b) -> new long[] {a[0] + 1, a[1] + size,
        Math.min(a[2], size), Math.max(a[3], size)});
  }

  void onNestedFailure(String path) {
    data.nestedFailed.merge(path, 1L, Long::sum);
  }

  void onRetained(String jvm, long bytes) {
    if (bytes > 0) {
      data.retained.merge(jvm, bytes, Math::max);
    }
  }

  void onAutoBatch(int step, String executorId, ExecutionReport.AutoBatch summary) {
    data.auto.put(step + "|" + executorId, summary);
  }

  /** The node cache served {@code hits} items of step {@code step}, and missed {@code misses}. */
  void onCache(int step, long hits, long misses) {
    data.cacheHits[step] += hits;
    data.cacheMisses[step] += misses;
  }

  void onFailure(int step) {
    data.failures[step]++;
  }

  void onFailed(int step, long item, Throwable error) {
    io.sparknodes.pipeline.MapResult.Failure f = io.sparknodes.pipeline.MapResult.Failure.of(item, "", error);
    data.failed.add(new Object[] {item, step, f.exception(), f.message()});
  }

  /** The failed items recorded so far, named by node. */
  List<io.sparknodes.pipeline.MapResult.Failure> failures(Plan plan) {
    List<io.sparknodes.pipeline.MapResult.Failure> out = new java.util.ArrayList<>();
    for (Object[] f : data.failed) {
      out.add(new io.sparknodes.pipeline.MapResult.Failure((Long) f[0], plan.steps().get((Integer) f[1]).node().name(),
          (String) f[2], (String) f[3]));
    }
    return out;
  }

  void onBuilt(String input, String executorId) {
    data.built.computeIfAbsent(input, k -> new TreeMap<>()).merge(executorId, 1, Integer::sum);
  }

  @Override
  public boolean isZero() {
    return data.isZero();
  }

  @Override
  public AccumulatorV2<Data, Data> copy() {
    ReportAccumulator a = new ReportAccumulator(data.batches.length);
    a.data = data.copy();
    a.listened = listened;
    return a;
  }

  @Override
  public void reset() {
    data = new Data(data.batches.length);
  }

  @Override
  public void add(Data v) {
    data.merge(v);
  }

  @Override
  public void merge(AccumulatorV2<Data, Data> other) {
    data.merge(((ReportAccumulator) other).data);
  }

  @Override
  public Data value() {
    return data;
  }

  /** The most rows one task has handled so far. */
  long maxTaskRows() {
    return data.maxTaskRows;
  }

  /** The most rows one task of step {@code step} has held so far, where recorded ({@link #onStepRows}); else 0. */
  long maxStepRows(int step) {
    return data.stepRows[step];
  }

  /** What a map was planned to do: its partitions, and each node's batch_size capped by the rows a partition holds. */
  static ExecutionReport.Layout plannedLayout(Plan plan, int partitions, long maxRows, long[] stageRows, String rule) {
    Map<String, Integer> batches = new LinkedHashMap<>();
    for (int s = 0; s < plan.steps().size(); s++) {
      Plan.Step step = plan.steps().get(s);
      batches.put(step.node().name(), step.batchWithin(stageRows[s]));
    }
    return new ExecutionReport.Layout(partitions, maxRows, batches, rule);
  }

  /** The execution report of a map with this plan on this master, laid out as {@code layout}. */
  ExecutionReport toReport(Plan plan, String master, int partitions, ExecutionReport.Layout layout) {
    Data d = data;
    Map<String, ExecutionReport.BatchStats> batches = new LinkedHashMap<>();
    Map<String, EffectiveConfig> configs = new LinkedHashMap<>();
    Map<String, Long> failures = new LinkedHashMap<>();
    List<Plan.Step> steps = plan.steps();
    for (int s = 0; s < steps.size(); s++) {
      String name = steps.get(s).node().name();
      batches.put(name, d.batches[s] == 0 ? ExecutionReport.BatchStats.EMPTY
          : new ExecutionReport.BatchStats(d.batches[s], d.rows[s], d.min[s], d.max[s]));
      configs.put(name, steps.get(s).config());
      if (d.failures[s] > 0) {
        failures.put(name, d.failures[s]);
      }
    }
    List<ExecutionReport.ExecutorRef> executors = d.executors.stream().map(e -> {
      String[] p = e.split("\\|", 3);
      return new ExecutionReport.ExecutorRef(p[0], p[1], Long.parseLong(p[2]));
    }).toList();
    Map<String, Map<String, Integer>> built = new LinkedHashMap<>();
    d.built.forEach((k, v) -> built.put(k, Map.copyOf(v)));
    Map<String, Long> allocated = new LinkedHashMap<>();
    if (io.sparknodes.pipeline.internal.MemoryWatch.countsAllocations()) {
      for (int s = 0; s < steps.size(); s++) {
        allocated.put(steps.get(s).node().name(), d.allocated[s]);
      }
    }
    Map<String, ExecutionReport.BatchStats> nested = new LinkedHashMap<>();
    d.nested.forEach((path, v) -> nested.put(path, new ExecutionReport.BatchStats(v[0], v[1], (int) v[2], (int) v[3])));
    d.nestedFailed.forEach(failures::put);
    Map<String, ExecutionReport.AutoBatch> auto = new LinkedHashMap<>();
    d.auto.forEach((key, a) -> auto.merge(steps.get(Integer.parseInt(key.substring(0, key.indexOf('|')))).node().name(),
        a, ExecutionReport.AutoBatch::merge));
    ExecutionReport report = new ExecutionReport("spark", master, partitions, d.tasks, batches, executors, built,
        configs, failures, nested, layout, allocated, new LinkedHashMap<>(d.retained), auto);
    return plan.cache().map(c -> report.withCache(c.byNode(plan, d.cacheHits), c.byNode(plan, d.cacheMisses)))
        .orElse(report);
  }
}
