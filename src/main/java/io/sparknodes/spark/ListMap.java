package io.sparknodes.spark;

import io.sparknodes.pipeline.ExecutionReport;
import io.sparknodes.pipeline.MapListener;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.NodeExecutionException;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.StatefulBuildException;
import io.sparknodes.pipeline.internal.Plan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * A list map, run by the driver ({@link SparkEngine#map(Pipeline, Map, List)}): the list cut into
 * partitions ({@link ListLayout}), one job whose result function runs the whole plan on each
 * partition ({@link PartitionJob}, {@link ListJobs}), or one job per run of nodes alike when
 * their max_concurrency caps them to different numbers of partitions; then every item's outputs
 * checked back. A list input reaches the tasks, and their outputs come back, in one of two ways.
 *
 * <ul>
 *   <li><b>In this JVM</b> ({@code local[N]}: the executor is the driver's JVM): the input columns
 *       and the output array stay on the heap, in a registry keyed by map ({@link SharedMap}); a
 *       task reads its run of items and writes its outputs in place, and only a partition index
 *       and a row count cross Spark. Nothing is serialized per item.
 *   <li><b>Shipped</b> (executor JVMs: {@code local-cluster}, a real cluster): a partition's values
 *       travel as one {@code byte[]} we write with Java serialization ({@link ListData}), and its
 *       outputs come back the same way. Spark's {@code spark.serializer} (Java or Kryo, with or
 *       without required registration) only ever sees {@code Integer}, {@code Long} and {@code
 *       byte[]}, so no session setting can drop a field of ours. (Kryo does not call {@code
 *       writeObject} and skips transient fields: a slice with transient data arrived empty.) A
 *       partition's bytes larger than the layout's bound travel as a broadcast instead ({@link
 *       Shipments}), not inside its task.
 * </ul>
 *
 * Either way the driver checks that every item came back before it returns.
 */
final class ListMap {
  private ListMap() {}

  /** What {@link SparkEngine#map(Pipeline, Map, List)} returns, on the engine's session {@code on}. */
  static MapResult map(EngineSession on, Pipeline pipeline, Map<String, ?> inputs, List<String> mapOver) {
    return on.cache() == null ? run(on, pipeline, inputs, mapOver) : ListCache.map(on, pipeline, inputs, mapOver);
  }

  /** The map of every item of {@code inputs}, with the engine's cache in its tasks if it has one. */
  static MapResult run(EngineSession on, Pipeline pipeline, Map<String, ?> inputs, List<String> mapOver) {
    Plan plan = Plan.forLists(pipeline, inputs, mapOver, on.defaults());
    on.check(plan);
    on.useCache(plan);
    int n = plan.size();
    int k = plan.outputs().size();
    SparkContext sc = on.session().sparkContext();
    // batch_size is rows per call: the partitions are sized for the executor slots (ListLayout),
    // and each partition is cut into each node's batches where it runs.
    Object[][] columns = ListData.columns(plan, inputs);
    boolean inJvm = runsInThisJvm(sc.master());
    // Only shipped data is bounded in bytes (a task carries its data to another JVM).
    double bytesPerItem = inJvm ? 0 : ListData.bytesPerItem(plan, columns, n);
    ListLayout.Bounds bounds = ListLayout.Bounds.of(sc.getConf());
    ListLayout cut = ListLayout.of(n, on.layout().cores(), bytesPerItem, on.defaults().resolve().partitions(), bounds);
    // Each node runs in the cut's partitions, or in fewer when its max_concurrency caps it below
    // them: nodes that run in as many partitions as the one before them share its job.
    int[] stagePartitions = new int[plan.steps().size()];
    StringBuilder recut = new StringBuilder();
    for (int s = 0; s < stagePartitions.length; s++) {
      stagePartitions[s] = on.cap(plan.steps().get(s)).filter(c -> c < cut.partitions()).orElse(cut.partitions());
      if (stagePartitions[s] < cut.partitions()) {
        recut.append(recut.length() == 0 ? "; for max_concurrency, node '" : ", node '")
            .append(plan.steps().get(s).node().name()).append("' runs in ").append(stagePartitions[s])
            .append(" partition").append(stagePartitions[s] == 1 ? "" : "s");
      }
    }
    ListLayout first = stagePartitions.length == 0 || stagePartitions[0] == cut.partitions() ? cut
        : new ListLayout(n, stagePartitions[0], cut.rule());
    boolean segmented = Arrays.stream(stagePartitions).anyMatch(p -> p != first.partitions());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    ReportAccumulator acc = new ReportAccumulator(plan.steps().size());
    sc.register(acc, "sparknodes.map");
    acc.listened(on.listener() != MapListener.NONE);
    Progress.Sink sink = Progress.open(acc.id(), plan, on.listener());
    on.listener().onMapStart(n);
    try (SharedMap shared = SharedMap.share(inJvm ? columns : new Object[0][], k, first);
        Shipments shipments = new Shipments(jsc, bounds.maxBytesPerPartition())) {
      List<Object> elements = new ArrayList<>(first.partitions());
      for (int p = 0; p < first.partitions(); p++) {
        elements.add(inJvm ? (Object) p : ListData.slice(columns, first, p));
      }
      Broadcast<?>[] sent = shipments.send(elements);
      JavaRDD<Object> source = jsc.parallelize(elements, first.partitions());
      long[] stageRows = new long[plan.steps().size()];
      List<Object> parts;
      if (!segmented) {
        Arrays.fill(stageRows, first.maxRows());
        parts = runPartitions(source, new ListJobs.Whole(plan, acc, shared.id, sent));
      } else {
        parts = runSegments(jsc, plan, acc, shared, shipments, source, sent, inJvm, stagePartitions, stageRows);
      }
      Object[] out = inJvm ? shared.out : new Object[Math.multiplyExact(n, k)];
      long back = inJvm ? parts.stream().mapToLong(r -> (Long) r).sum() : ListData.place(parts, out, k);
      if (back != n) {
        throw new IllegalStateException("the Spark job returned " + back + " of " + n + " items without an error (master "
            + sc.master() + ", serializer " + sc.getConf().get("spark.serializer", "java") + "): no result is returned");
      }
      ExecutionReport.Layout planned = ReportAccumulator.plannedLayout(plan, first.partitions(), first.maxRows(),
          stageRows, cut.rule() + recut);
      ExecutionReport report = acc.toReport(plan, sc.master(),
          stagePartitions.length == 0 ? cut.partitions() : stagePartitions[stagePartitions.length - 1], planned);
      Progress.close(acc.id());
      sink.end(report);
      return MapResult.flat(plan.outputs(), out, report).withFailures(acc.failures(plan));
    } finally {
      Progress.close(acc.id());
    }
  }

  /**
   * Runs a list map whose nodes run in different numbers of partitions ({@code stagePartitions}, by
   * step) as one job per run of steps alike, so that a node's max_concurrency caps that node alone.
   * Between two jobs the rows, holding only the slots the later nodes read and the wanted outputs
   * ({@link ListJobs.Stage}), wait on this JVM's heap ({@code local[N]}) or come back to the driver as
   * bytes we write, and are
   * cut again into the next job's partitions (a large one sent as a broadcast, {@link
   * Shipments}, so that a capped node's few tasks stay small). A shuffle would move them too, but through {@code
   * spark.serializer}, which a list map never does (see the class doc). Fills {@code stageRows}: the
   * most rows a partition of each step holds. Returns the last job's results, one per partition.
   *
   * <p>Measured on local[2] (10,000 strings; node a, then node b capped at 1; 3 ABBA blocks of JVMs,
   * the median of 40 maps each, against the coalescing it replaced, which ran a in one task too):
   * with a costing about 0.35 s of CPU a map, this took 0.63x the time (95% CI 0.58-0.68); with
   * both nodes trivial, a boundary's extra job cost about 15 ms a map (1.8x, CI 0.92-3.6).
   */
  private static List<Object> runSegments(JavaSparkContext jsc, Plan plan, ReportAccumulator acc,
      SharedMap shared, Shipments shipments, JavaRDD<Object> source,
      Broadcast<?>[] sent, boolean inJvm, int[] stagePartitions, long[] stageRows) {
    int steps = plan.steps().size();
    JavaRDD<Object> elements = source;
    ListLayout segment = shared.layout;
    ListJobs.Rows rowsOf = new ListJobs.Rows(plan, shared.id, ListJobs.INPUT, segment, sent);
    int from = 0;
    for (int boundary = 0; ; boundary++) {
      int to = from + 1;
      while (to < steps && stagePartitions[to] == segment.partitions()) {
        to++;
      }
      long most = segment.maxRows();
      JavaRDD<Object[]> rdd = JavaRDD.fromRDD(PartitionsRDD.of(elements.rdd(), rowsOf, "sparknodes rows"), ROWS);
      for (int s = from; s < to; s++) {
        stageRows[s] = most;
        rdd = JavaRDD.fromRDD(PartitionsRDD.of(rdd.rdd(), new PartitionFunctions.Step(plan, s, acc, s == from),
            "sparknodes node " + plan.steps().get(s).node().name()), ROWS);
      }
      if (to == steps) {
        return runPartitions(rdd, new ListJobs.Outputs(plan, acc, shared.id, inJvm));
      }
      if (inJvm) {
        shared.staged(boundary); // made here, before its job's tasks fill it
      }
      List<Object> staged = runPartitions(rdd, new ListJobs.Stage(plan, shared.id, boundary, inJvm, to));
      shipments.release();
      if (boundary > 0) {
        shared.unstage(boundary - 1);
      }
      ListLayout next = new ListLayout(segment.items(), stagePartitions[to], "");
      List<Object> restaged = ListData.restage(staged, next, inJvm);
      Broadcast<?>[] resent = shipments.send(restaged);
      elements = jsc.parallelize(restaged, next.partitions());
      rowsOf = new ListJobs.Rows(plan, shared.id, boundary, next, resent);
      segment = next;
      from = to;
    }
  }

  private static final scala.reflect.ClassTag<Object[]> ROWS = scala.reflect.ClassTag$.MODULE$.apply(Object[].class);

  /** True when tasks run in this JVM: {@code local[N]}, whose only executor is the driver. */
  static boolean runsInThisJvm(String master) {
    return ClusterLayout.isLocal(master) && !master.startsWith("local-cluster");
  }

  /** Runs {@code job} on every partition of {@code rdd} as the job's result function: one result per partition. */
  private static <T> List<Object> runPartitions(JavaRDD<T> rdd, PartitionJob<T> job) {
    try {
      Object[] results = (Object[]) rdd.context().runJob(rdd.rdd(), job, scala.reflect.ClassTag$.MODULE$.AnyRef());
      return java.util.Arrays.asList(results);
    } catch (Exception e) { // SparkException is checked, and thrown without being declared
      throw unwrap(e);
    }
  }

  /** The node or stateful error behind a failed job (the job's failure added as suppressed). */
  static RuntimeException unwrap(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NodeExecutionException || t instanceof StatefulBuildException) {
        t.addSuppressed(e);
        return (RuntimeException) t;
      }
    }
    return e instanceof RuntimeException re ? re : new IllegalStateException("the Spark job failed: " + e.getMessage(), e);
  }
}
