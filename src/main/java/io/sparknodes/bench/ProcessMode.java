package io.sparknodes.bench;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.internal.MemoryWatch;
import io.sparknodes.spark.SparkEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * What {@code overhead} and {@code partitions} measure beyond {@code local[N]} at full scale: the
 * process mode ({@code local-cluster[2,1,1024]}: items and outputs cross to executor JVMs as
 * bytes), the engine's batch and row nodes against hand-written Spark on the same data path
 * ({@code parallelize}, {@code mapPartitions}, {@code collect}) with the same function; and the
 * share of a map's wall time its JVM's collector took ({@link MemoryWatch#gcMillis()}).
 */
final class ProcessMode {
  private ProcessMode() {}

  /** Counted per run: the collector's milliseconds during it, and its wall milliseconds. */
  static final String GC_MS = "gc ms";
  static final String WALL_MS = "wall ms";

  static String engine(int n) {
    return "process engine " + Sessions.count(n);
  }

  static String row(int n) {
    return "process row " + Sessions.count(n);
  }

  static String spark(int n) {
    return "process spark " + Sessions.count(n);
  }

  /**
   * One run of {@code body}, timed by {@code watch}, with the collector's milliseconds during it
   * counted ({@link #GC_MS}, {@link #WALL_MS}); read after a short wait outside the timing, for the
   * last collection's notification.
   */
  static Variant.Outcome withGc(Stopwatch watch, Callable<List<?>> body) throws Exception {
    long gc0 = MemoryWatch.gcMillis();
    List<?> out = body.call();
    Stopwatch.Timing t = watch.stop();
    Thread.sleep(20);
    return new Variant.Outcome(out, Map.of(GC_MS, MemoryWatch.gcMillis() - gc0, WALL_MS, Math.round(t.wall() * 1000)));
  }

  /** The collector's share of {@code v}'s measured wall time, in words, or empty when it was not counted. */
  static List<String> gcShare(List<VariantResult> results) {
    List<String> notes = new ArrayList<>();
    for (VariantResult v : results) {
      Long gc = v.counts().get(GC_MS);
      Long wall = v.counts().get(WALL_MS);
      if (gc != null && wall != null && wall > 0) {
        notes.add(String.format(Locale.ROOT, "%s: the collector took %d ms of %d ms of wall time over the measured"
            + " rounds (%.1f%%; target at most 10%%).", v.name(), gc, wall, 100.0 * gc / wall));
      }
    }
    return notes;
  }

  /**
   * The process-mode variants at {@code n} items on a {@code local-cluster[2,1,1024]} session of
   * its own, in rounds: the engine's batch node, its row node (engine defaults but {@code
   * batchSize}, 0 for the default) and hand-written Spark, over the engine's partitions (from its
   * report) when {@code enginePartitions}, else at the default parallelism.
   */
  static List<VariantResult> run(int n, int batchSize, boolean enginePartitions, BenchOptions options, long salt,
      Consumer<String> log) throws Exception {
    ExecutionConfig.Builder config = ExecutionConfig.builder().useProcess(true).maxConcurrency(2)
        .spark("spark.ui.enabled", "false");
    if (batchSize > 0) {
      config.batchSize(batchSize);
    }
    try (SparkEngine engine = SparkEngine.start(config.build())) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(engine.session().sparkContext());
      List<String> items = Work.items(n);
      Map<String, Object> inputs = Map.of(Work.INPUT, items);
      int partitions = enginePartitions ? Sessions.probe(engine, n).partitions() : jsc.defaultParallelism();
      Pipeline batch = Work.batchPipeline().withEngine(engine);
      Pipeline row = Work.rowPipeline().withEngine(engine);
      List<Variant> variants = List.of(
          new Variant(engine(n), "SparkEngine.map in " + engine.session().sparkContext().master() + ": a batch node",
              items, watch -> Variant.Outcome.of(batch.map(inputs, Work.INPUT).column(Work.OUTPUT))),
          new Variant(row(n), "SparkEngine.map in the same session: a row node", items,
              watch -> Variant.Outcome.of(row.map(inputs, Work.INPUT).column(Work.OUTPUT))),
          new Variant(spark(n), "hand-written in the same session: jsc.parallelize(items, " + partitions
              + ").mapPartitions(batch function).collect()", items,
              watch -> Variant.Outcome.of(jsc.parallelize(items, partitions)
                  .mapPartitions(new Work.NormalizePartition()).collect())));
      return Rounds.run(variants, options, salt, log);
    }
  }

  /** The ratios of {@link #run}'s results: each engine variant over hand-written Spark. */
  static List<Ratio> ratios(int n, List<VariantResult> results) {
    return List.of(
        Ratio.of("process mode: engine batch node / hand-written Spark, " + Sessions.count(n),
            StatefulBench.find(results, engine(n)), StatefulBench.find(results, spark(n))),
        Ratio.of("process mode: engine row node / hand-written Spark, " + Sessions.count(n),
            StatefulBench.find(results, row(n)), StatefulBench.find(results, spark(n))));
  }
}
