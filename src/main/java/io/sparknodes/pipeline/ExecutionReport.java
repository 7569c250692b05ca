package io.sparknodes.pipeline;

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
 * @param partitions partitions of the input (tasks of the stage)
 * @param tasks tasks that ran to completion (retries included)
 * @param batches per node, the batch sizes its function was handed
 * @param executors the distinct executors that ran tasks
 * @param instancesBuilt per stateful input, per executor id, instances built during this map
 * @param nodeConfigs per node, its effective config
 * @param failures per node, items whose failure was recorded under {@link Node.OnError#RECORD}
 *     (nodes of nested pipelines by their path, "stats/clean")
 * @param nestedBatches per node of a nested pipeline, by its path ("stats/clean"), the batch
 *     sizes its function was handed; empty when the engine does not count them
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
    Map<String, BatchStats> nestedBatches) {

  /** A report without nested batches. */
  public ExecutionReport(String engine, String master, int partitions, long tasks, Map<String, BatchStats> batches,
      List<ExecutorRef> executors, Map<String, Map<String, Integer>> instancesBuilt,
      Map<String, EffectiveConfig> nodeConfigs, Map<String, Long> failures) {
    this(engine, master, partitions, tasks, batches, executors, instancesBuilt, nodeConfigs, failures, Map.of());
  }

  public ExecutionReport {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(master, "master");
    batches = Map.copyOf(batches);
    executors = List.copyOf(executors);
    instancesBuilt = Map.copyOf(instancesBuilt);
    nodeConfigs = Map.copyOf(nodeConfigs);
    failures = Map.copyOf(failures);
    nestedBatches = Map.copyOf(nestedBatches);
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
