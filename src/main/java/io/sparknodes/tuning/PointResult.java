package io.sparknodes.tuning;

import java.util.List;
import java.util.Map;

/**
 * What a group's runner measured for one point, as it travels from the child JVM to the sweep.
 *
 * @param id the point's id
 * @param index its position in the grid
 * @param params axis to value
 * @param status OK, FAILED or TIMEOUT
 * @param error what went wrong, or empty
 * @param coldSeconds the group's first run (application start, stateful build, first job), or -1
 *     when this point did not run first
 * @param warmSeconds the measured samples: each the mean seconds of one map over {@code loops}
 * @param loops back-to-back maps per sample, as warm-up calibrated them
 * @param warmupSeconds the time the point's warm-up (calibration) maps took
 * @param observed what the engine reported doing over the point's runs
 * @param flags how the observed layout differs from what was asked
 * @param master the master the point ran on
 * @param sparkVersion the Spark version
 * @param startedAt when its first run started (ISO-8601)
 * @param finishedAt when its last run ended (ISO-8601)
 */
record PointResult(String id, int index, Map<String, Object> params, String status, String error,
    double coldSeconds, List<Double> warmSeconds, int loops, double warmupSeconds, Observation observed, List<String> flags, String master,
    String sparkVersion, String startedAt, String finishedAt) {

  /**
   * The engine's reports over a point's runs, merged.
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
   *     measured samples; negative when not measured
   * @param retainedHeapBytes the largest heap in use after a collection during the point's maps, over
   *     the JVMs that ran them; 0 when no collection ran
   * @param retainedJvms the JVMs that figure covers
   */
  public record Observation(int partitions, long tasks, long batchCount, int batchMin, int batchMax,
      long partitionRows, int inputPartitions, int executors, int jvms, boolean ranInDriver, int instancesBuilt,
      double allocatedBytesPerItem, long retainedHeapBytes, int retainedJvms) {}
}
