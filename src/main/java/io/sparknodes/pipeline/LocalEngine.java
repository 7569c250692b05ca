package io.sparknodes.pipeline;

import io.sparknodes.config.EffectiveConfig;
import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.internal.BatchSizer;
import io.sparknodes.pipeline.internal.BatchSizerSettings;
import io.sparknodes.pipeline.internal.MemoryWatch;
import io.sparknodes.pipeline.internal.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The reference engine: runs a pipeline in the calling thread, batch by batch, with the same
 * batching as every other engine. Stateful inputs are built once per {@code map} call, on first
 * use, and closed (if {@link AutoCloseable}) when it ends. {@code max_concurrency} and {@code
 * use_process} do not apply here: the work runs in this thread. The report counts the batches of
 * nested pipelines' nodes ({@link ExecutionReport#nestedBatches()}).
 */
public final class LocalEngine implements Engine {
  private final ExecutionConfig defaults;
  private final MapListener listener;
  private final NodeCache cache;

  /** An engine with the built-in defaults. */
  public LocalEngine() {
    this(ExecutionConfig.empty());
  }

  /** An engine whose defaults nodes override. */
  public LocalEngine(ExecutionConfig defaults) {
    this(defaults, MapListener.NONE, null);
  }

  private LocalEngine(ExecutionConfig defaults, MapListener listener, NodeCache cache) {
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.cache = cache;
  }

  /** This engine, telling {@code listener} of each map as it runs. */
  public LocalEngine withListener(MapListener listener) {
    return new LocalEngine(defaults, listener, cache);
  }

  /**
   * This engine, looking each node's items up in {@code cache} first and computing only the items
   * it misses, which it then stores ({@link NodeCache}).
   */
  public LocalEngine withCache(NodeCache cache) {
    return new LocalEngine(defaults, listener, Objects.requireNonNull(cache, "cache"));
  }

  @Override
  public java.util.Optional<NodeCache> cache() {
    return java.util.Optional.ofNullable(cache);
  }

  @Override
  public ExecutionConfig defaults() {
    return defaults;
  }

  @Override
  public MapResult map(Pipeline pipeline, Map<String, ?> inputs, List<String> mapOver) {
    Plan plan = Plan.forLists(pipeline, inputs, mapOver, defaults);
    if (cache != null) {
      plan.useCache(cache, null);
    }
    int n = plan.size();
    listener.onMapStart(n);
    List<Object[]> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(plan.newRow(i));
    }
    int steps = plan.steps().size();
    ExecutionReport.BatchStats[] stats = new ExecutionReport.BatchStats[steps];
    java.util.Arrays.fill(stats, ExecutionReport.BatchStats.EMPTY);
    long[] failures = new long[steps];
    long[] allocated = new long[steps];
    MemoryWatch.Mark started = MemoryWatch.mark();
    List<MapResult.Failure> recorded = new ArrayList<>();
    Object[] instances = new Object[plan.statefulNames().size()];
    Map<String, Map<String, Integer>> built = new LinkedHashMap<>();
    Map<String, ExecutionReport.BatchStats> nested = new LinkedHashMap<>();
    Map<String, Long> failed = new HashMap<>();
    BatchSizer[] sizers = new BatchSizer[steps];
    long[] hits = new long[steps];
    long[] misses = new long[steps];
    Plan.Observer observer = new Plan.Observer() {
      @Override
      public void onBatch(int step, int size) {
        stats[step] = stats[step].plus(size);
      }

      @Override
      public void onBatchDone(int step, int size, long allocatedBytes) {
        allocated[step] += allocatedBytes;
        listener.onBatchDone(plan.steps().get(step).node().name(), size);
      }

      @Override
      public void onFailure(int step, long item, Throwable error) {
        failures[step]++;
        recorded.add(MapResult.Failure.of(item, plan.steps().get(step).node().name(), error));
      }

      @Override
      public void onNestedBatch(int step, String node, int size) {
        nested.merge(node, ExecutionReport.BatchStats.EMPTY.plus(size), ExecutionReport.BatchStats::merge);
      }

      @Override
      public void onNestedFailure(int step, String node) {
        failed.merge(node, 1L, Long::sum);
      }

      @Override
      public void onCacheHits(int step, int rows) {
        hits[step] += rows;
        listener.onCached(plan.steps().get(step).node().name(), rows);
      }

      @Override
      public void onCacheMisses(int step, int rows) {
        misses[step] += rows;
      }
    };
    Plan.StatefulSource source = new Plan.StatefulSource() {
      @Override
      public Object get(int i) throws Exception {
        if (instances[i] == null) {
          instances[i] = plan.buildLocal(i);
          built.put(plan.statefulNames().get(i), Map.of("driver", 1));
        }
        return instances[i];
      }

      @Override
      public BatchSizer batchSizer(int step, BatchSizerSettings settings) {
        if (sizers[step] == null) {
          sizers[step] = new BatchSizer(settings);
        }
        return sizers[step];
      }
    };
    List<Object[]> out = new ArrayList<>(n);
    try {
      plan.apply(rows.iterator(), source, observer).forEachRemaining(out::add);
    } finally {
      closeAll(instances, plan);
    }
    Map<String, ExecutionReport.BatchStats> batches = new LinkedHashMap<>();
    Map<String, EffectiveConfig> configs = new LinkedHashMap<>();
    for (int s = 0; s < steps; s++) {
      String name = plan.steps().get(s).node().name();
      batches.put(name, stats[s]);
      configs.put(name, plan.steps().get(s).config());
      if (failures[s] > 0) {
        failed.put(name, failures[s]);
      }
    }
    Map<String, ExecutionReport.AutoBatch> auto = new LinkedHashMap<>();
    for (int s = 0; s < steps; s++) {
      if (sizers[s] != null) {
        auto.put(plan.steps().get(s).node().name(), sizers[s].summary());
      }
    }
    Map<String, Integer> planned = new LinkedHashMap<>();
    plan.steps().forEach(step -> planned.put(step.node().name(), step.batchWithin(n)));
    ExecutionReport report = new ExecutionReport("local", "local-engine", 1, 1, batches,
        List.of(new ExecutionReport.ExecutorRef("driver", "localhost", ProcessHandle.current().pid())),
        built, configs, failed, nested, new ExecutionReport.Layout(1, n, planned, "the local engine: one partition"),
        allocatedBytes(plan, allocated), retained(MemoryWatch.retainedSince(started, plan.probes())), auto);
    if (cache != null) {
      report = report.withCache(plan.cache().get().byNode(plan, hits), plan.cache().get().byNode(plan, misses));
    }
    listener.onMapEnd(report);
    return MapResult.of(plan, out, report).withFailures(recorded);
  }

  private static Map<String, Long> allocatedBytes(Plan plan, long[] allocated) {
    Map<String, Long> m = new LinkedHashMap<>();
    if (MemoryWatch.countsAllocations()) {
      for (int s = 0; s < allocated.length; s++) {
        m.put(plan.steps().get(s).node().name(), allocated[s]);
      }
    }
    return m;
  }

  private static Map<String, Long> retained(long bytes) {
    return bytes == 0 ? Map.of() : Map.of("localhost:" + ProcessHandle.current().pid(), bytes);
  }

  private static void closeAll(Object[] instances, Plan plan) {
    RuntimeException first = null;
    for (int i = 0; i < instances.length; i++) {
      // A value the caller passed in (marked stateful) is theirs to close; built ones are ours.
      if (instances[i] instanceof AutoCloseable c && plan.isBuiltByFactory(i)) {
        try {
          c.close();
        } catch (Exception e) {
          if (first == null) {
            first = new IllegalStateException("closing stateful input '" + plan.statefulNames().get(i) + "' failed: " + e, e);
          }
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
