package io.sparknodes.pipeline;

import io.sparknodes.config.EffectiveConfig;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an engine actually did in one {@code map}: how the work was cut, where it ran, how many
 * stateful instances were built, and the effective config of each node. This is how a sweep proves
 * that a knob took effect.
 *
 * @param engine the engine's name ("local", "spark")
 * @param master where the work ran: the Spark master, or "local-engine"
 * @param partitions partitions the last node ran over (tasks of its stage): the input's, unless a
 *     node's max_concurrency changed them
 * @param tasks tasks that ran to completion over all of the map's jobs (retries included): more
 *     than {@code partitions} when nodes ran in different numbers of partitions
 * @param batches per node, the batch sizes its function was handed
 * @param executors the distinct executors that ran tasks
 * @param instancesBuilt per stateful input, per executor id, instances built during this map
 * @param nodeConfigs per node, its effective config
 * @param failures per node, items whose failure was recorded under {@link Node.OnError#RECORD}
 *     (nodes of nested pipelines by their path, "stats/clean")
 * @param nestedBatches per node of a nested pipeline, by its path ("stats/clean"), the batch
 *     sizes its function was handed; empty when the engine does not count them
 * @param layout how the input was cut before anything ran, and the batch sizes that allows
 * @param allocatedBytes per node, bytes its function's threads allocated during its batch calls
 *     ({@link io.sparknodes.pipeline.internal.MemoryWatch}); empty when the JVMs cannot count allocations
 * @param retainedHeapBytes per JVM ({@code host:pid}) that ran work, the largest heap in use after
 *     a garbage collection while the work ran; a JVM where no collection ran is absent. In {@code
 *     local[N]} the only JVM is the driver's, so the figure covers the driver's own heap too.
 * @param autoBatches per node whose batch_size is {@code auto}, the sizes its sizers chose
 * @param cacheHits per node, items served from the node cache ({@link NodeCache}) instead of computed;
 *     empty without a cache
 * @param cacheMisses per node, items the node cache did not hold: computed, and stored; empty
 *     without a cache
 */
public record ExecutionReport(
    String engine,
    String master,
    int partitions,
    long tasks,
    Map<String, BatchStats> batches,
    List<ExecutorRef> executors,
    Map<String, Map<String, Integer>> instancesBuilt,
    Map<String, EffectiveConfig> nodeConfigs,
    Map<String, Long> failures,
    Map<String, BatchStats> nestedBatches,
    Layout layout,
    Map<String, Long> allocatedBytes,
    Map<String, Long> retainedHeapBytes,
    Map<String, AutoBatch> autoBatches,
    Map<String, Long> cacheHits,
    Map<String, Long> cacheMisses) {

  public ExecutionReport {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(master, "master");
    batches = Map.copyOf(batches);
    executors = List.copyOf(executors);
    instancesBuilt = Map.copyOf(instancesBuilt);
    nodeConfigs = Map.copyOf(nodeConfigs);
    failures = Map.copyOf(failures);
    nestedBatches = Map.copyOf(nestedBatches);
    Objects.requireNonNull(layout, "layout");
    allocatedBytes = Map.copyOf(allocatedBytes);
    retainedHeapBytes = Map.copyOf(retainedHeapBytes);
    autoBatches = Map.copyOf(autoBatches);
    cacheHits = Map.copyOf(cacheHits);
    cacheMisses = Map.copyOf(cacheMisses);
  }

  /** A report of a map without a node cache. */
  public ExecutionReport(String engine, String master, int partitions, long tasks, Map<String, BatchStats> batches,
      List<ExecutorRef> executors, Map<String, Map<String, Integer>> instancesBuilt,
      Map<String, EffectiveConfig> nodeConfigs, Map<String, Long> failures, Map<String, BatchStats> nestedBatches,
      Layout layout, Map<String, Long> allocatedBytes, Map<String, Long> retainedHeapBytes,
      Map<String, AutoBatch> autoBatches) {
    this(engine, master, partitions, tasks, batches, executors, instancesBuilt, nodeConfigs, failures, nestedBatches,
        layout, allocatedBytes, retainedHeapBytes, autoBatches, Map.of(), Map.of());
  }

  /** This report with the node cache's hits and misses per node. */
  public ExecutionReport withCache(Map<String, Long> hits, Map<String, Long> misses) {
    return new ExecutionReport(engine, master, partitions, tasks, batches, executors, instancesBuilt, nodeConfigs,
        failures, nestedBatches, layout, allocatedBytes, retainedHeapBytes, autoBatches, hits, misses);
  }

  /**
   * What {@code batch_size=auto} chose for one node during a map, over the sizers that chose (one
   * per executor that ran the node; one per map in the local engine). The batches the function was
   * handed are in {@link #batches()}: a partition's last batch may be shorter than the size chosen.
   *
   * @param sizers sizers that chose sizes
   * @param chosen sizes chosen, over them
   * @param settled where sizes settled: the median of the last quarter of a sizer's choices, the
   *     smallest over the sizers
   * @param largest the largest size chosen
   * @param memoryCap the most rows one batch could hold under the byte cap ({@link
   *     io.sparknodes.config.SparkKeys#AUTO_BATCH_MAX_BYTES} over the measured bytes per row), the smallest over the
   *     sizers; the largest size allowed when no cap applied
   * @param recent the last sizes (up to 32) chosen by the sizer that chose most, oldest first
   */
  public record AutoBatch(int sizers, long chosen, int settled, int largest, int memoryCap, List<Integer> recent) {
    public AutoBatch {
      recent = List.copyOf(recent);
    }

    /** These choices and another sizer's. */
    public AutoBatch merge(AutoBatch o) {
      return new AutoBatch(sizers + o.sizers, chosen + o.chosen, Math.min(settled, o.settled),
          Math.max(largest, o.largest), Math.min(memoryCap, o.memoryCap), chosen >= o.chosen ? recent : o.recent);
    }
  }

  /** A report of a map with no node at batch_size {@code auto}. */
  public ExecutionReport(String engine, String master, int partitions, long tasks, Map<String, BatchStats> batches,
      List<ExecutorRef> executors, Map<String, Map<String, Integer>> instancesBuilt,
      Map<String, EffectiveConfig> nodeConfigs, Map<String, Long> failures, Map<String, BatchStats> nestedBatches,
      Layout layout, Map<String, Long> allocatedBytes, Map<String, Long> retainedHeapBytes) {
    this(engine, master, partitions, tasks, batches, executors, instancesBuilt, nodeConfigs, failures, nestedBatches,
        layout, allocatedBytes, retainedHeapBytes, Map.of(), Map.of(), Map.of());
  }

  /** Bytes allocated per item by node {@code node}'s function, if measured. */
  public java.util.OptionalDouble allocatedBytesPerItem(String node) {
    Long bytes = allocatedBytes.get(node);
    BatchStats stats = batches.get(node);
    return bytes == null || stats == null || stats.rows() == 0 ? java.util.OptionalDouble.empty()
        : java.util.OptionalDouble.of((double) bytes / stats.rows());
  }

  /** Bytes allocated per item by all the nodes' functions, if measured. */
  public java.util.OptionalDouble allocatedBytesPerItem() {
    if (allocatedBytes.isEmpty()) {
      return java.util.OptionalDouble.empty();
    }
    long items = batches.values().stream().mapToLong(BatchStats::rows).max().orElse(0);
    return items == 0 ? java.util.OptionalDouble.empty()
        : java.util.OptionalDouble.of(allocatedBytes.values().stream().mapToLong(Long::longValue).sum() / (double) items);
  }

  /** The largest retained heap over the JVMs that ran work, if a collection ran in any. */
  public java.util.OptionalLong maxRetainedHeapBytes() {
    return retainedHeapBytes.values().stream().mapToLong(Long::longValue).max();
  }

  /**
   * How a map's input was cut: planned before it ran for a list, as Spark gave it for a {@code
   * Dataset}. A node's batches can be no larger than the rows of a partition, whatever its
   * batch_size asks.
   *
   * @param partitions partitions the input was cut into: the rule's, or fewer when the first node's
   *     max_concurrency caps it (the {@code rule} says which nodes ran in how many)
   * @param maxRowsPerPartition the most rows one task's partition holds: planned for a list; for a
   *     {@code Dataset}, the most one task has read so far
   * @param batchSizes per node, the largest batch its function can be handed: its batch_size, capped
   *     by the rows of the partitions it runs over
   * @param rule how the partitions were chosen, in words
   */
  public record Layout(int partitions, long maxRowsPerPartition, Map<String, Integer> batchSizes, String rule) {
    public Layout {
      batchSizes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(batchSizes));
      Objects.requireNonNull(rule, "rule");
    }

    /** True when node {@code node}'s batch_size {@code asked} is larger than any batch it can get. */
    public boolean capsBatch(String node, int asked) {
      Integer planned = batchSizes.get(node);
      return planned != null && planned < asked;
    }
  }

  /** Batch sizes one node was handed. */
  public record BatchStats(long count, long rows, int min, int max) {
    /** No batch yet. */
    public static final BatchStats EMPTY = new BatchStats(0, 0, Integer.MAX_VALUE, 0);

    /** These stats and one more batch of {@code size} rows. */
    public BatchStats plus(int size) {
      return new BatchStats(count + 1, rows + size, Math.min(min, size), Math.max(max, size));
    }

    /** These stats merged with {@code o}. */
    public BatchStats merge(BatchStats o) {
      return new BatchStats(count + o.count, rows + o.rows, Math.min(min, o.min), Math.max(max, o.max));
    }
  }

  /** An executor: Spark's executor id, its host and the pid of its JVM. */
  public record ExecutorRef(String id, String host, long pid) {
    @Override
    public String toString() {
      return id + "@" + host + ":" + pid;
    }
  }

  /** Instances of stateful input {@code input} built during this map, over all executors. */
  public int instancesBuilt(String input) {
    return instancesBuilt.getOrDefault(input, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Distinct JVMs (pids) that ran tasks. */
  public long distinctJvms() {
    return executors.stream().map(e -> e.host() + ":" + e.pid()).distinct().count();
  }

  /** Failures recorded for all nodes. */
  public long totalFailures() {
    return failures.values().stream().mapToLong(Long::longValue).sum();
  }
}
