package io.sparknodes.bench;

import io.sparknodes.config.Defaults;
import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.spark.SparkEngine;
import io.sparknodes.spark.internal.SparkSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code partitions}: what batch_size and the partition layout cost on 1,000,000 trivial items
 * (the seed's normalization) on all cores, side by side in one session: batch_size 128 against
 * 8192 (batch_size must be rows per call, not a task count), the engine at its defaults against
 * hand-written Spark as most people write it ({@code parallelize(list)} at the default parallelism,
 * then {@code mapPartitions}) and against a one-thread loop, and the engine at fixed partition
 * counts around its {@code auto} rule (the measurement behind {@link SparkSettings#PARTITIONS_PER_SLOT_DEFAULT}).
 */
final class PartitionsBench implements Benchmark {
  /** batch_size 128 / 8192: at most this. */
  static final double BATCH_TARGET = 1.3;
  /** engine at defaults / hand-written default Spark: at most this. */
  static final double SPARK_TARGET = 0.8;
  /** engine at defaults / one-thread loop: at most this (an aim). */
  static final double LOOP_TARGET = 5.0;

  /** engine at defaults, a row node / one-thread loop: at most this. */
  static final double ROW_LOOP_TARGET = 3.0;
  /** engine / hand-written Spark in process mode: at most this. */
  static final double PROCESS_TARGET = 1.0;

  static final String B128 = "batch_size 128";
  static final String B8192 = "batch_size 8192";
  static final String DEFAULTS = "engine defaults";
  static final String SPARK = "spark default";
  static final String LOOP = "loop";
  static final String ROW = "engine defaults, row node";

  static String perSlot(int k) {
    return "partitions " + k + "/slot";
  }

  @Override
  public String name() {
    return "partitions";
  }

  @Override
  public BenchResult run(BenchOptions options, Consumer<String> log) throws Exception {
    long t0 = System.nanoTime();
    boolean full = options.scale() == Scale.FULL;
    int n = full ? 1_000_000 : 2_000;
    int cores = Defaults.MAX_CONCURRENCY;
    List<String> items = Work.items(n);
    Map<String, Object> inputs = Map.of(Work.INPUT, items);
    List<VariantResult> results;
    String master;
    Map<String, String> layouts = new LinkedHashMap<>();
    int[] perSlot = full ? new int[] {1, 2, 4, 8, 32} : new int[] {1, 4};
    try (SparkEngine engine = SparkEngine.start(ExecutionConfig.builder().maxConcurrency(cores).useProcess(false)
        .spark("spark.ui.enabled", "false").build())) {
      master = engine.session().sparkContext().master();
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(engine.session().sparkContext());
      int slots = engine.layout().cores();
      List<Variant> variants = new ArrayList<>();
      variants.add(engineVariant(B128, "SparkEngine.map, a batch node, batch_size 128, partitions auto", engine,
          ExecutionConfig.builder().batchSize(128).build(), inputs, items, layouts));
      variants.add(engineVariant(B8192, "SparkEngine.map, a batch node, batch_size 8192, partitions auto", engine,
          ExecutionConfig.builder().batchSize(8192).build(), inputs, items, layouts));
      variants.add(engineVariant(DEFAULTS, "SparkEngine.map, a batch node, every setting at its default (batch_size "
          + Defaults.BATCH_SIZE + ")", engine, ExecutionConfig.empty(), inputs, items, layouts));
      for (int k : perSlot) {
        variants.add(engineVariant(perSlot(k), "SparkEngine.map at the defaults with partitions=" + k * slots + " (" + k
            + " per slot)", engine, ExecutionConfig.builder().partitions(k * slots).build(), inputs, items, layouts));
      }
      if (full) {
        Pipeline rows = Work.rowPipeline().withEngine(new SparkEngine(engine.session(), ExecutionConfig.empty()));
        variants.add(new Variant(ROW, "SparkEngine.map, a row node, every setting at its default", items,
            watch -> ProcessMode.withGc(watch, () -> rows.map(inputs, Work.INPUT).column(Work.OUTPUT))));
      }
      variants.add(new Variant(SPARK, "hand-written: jsc.parallelize(items) (default parallelism, "
          + jsc.defaultParallelism() + ").mapPartitions(batch function).collect()", items,
          watch -> Variant.Outcome.of(jsc.parallelize(items).mapPartitions(new Work.NormalizePartition()).collect())));
      variants.add(new Variant(LOOP, "a plain Java loop in this JVM, one thread", items,
          watch -> Variant.Outcome.of(Work.normalizeAll(items))));
      results = Rounds.run(variants, options, 11, log);
    }
    List<VariantResult> process = full ? ProcessMode.run(n, 0, false, options, 17, log) : List.of();
    results = new ArrayList<>(results);
    results.addAll(process);
    List<Ratio> ratios = new ArrayList<>();
    Ratio batch = Ratio.of("batch_size 128 / batch_size 8192, " + Sessions.count(n),
        StatefulBench.find(results, B128), StatefulBench.find(results, B8192));
    Ratio spark = Ratio.of("engine defaults / hand-written default Spark, " + Sessions.count(n),
        StatefulBench.find(results, DEFAULTS), StatefulBench.find(results, SPARK));
    Ratio loop = Ratio.of("engine defaults / one-thread loop, " + Sessions.count(n),
        StatefulBench.find(results, DEFAULTS), StatefulBench.find(results, LOOP));
    ratios.add(batch);
    ratios.add(spark);
    ratios.add(loop);
    Ratio rowLoop = null;
    if (full) {
      rowLoop = Ratio.of("engine defaults, row node / one-thread loop, " + Sessions.count(n),
          StatefulBench.find(results, ROW), StatefulBench.find(results, LOOP));
      ratios.add(rowLoop);
      ratios.addAll(ProcessMode.ratios(n, process));
    }
    for (int k : perSlot) {
      if (k != SparkSettings.PARTITIONS_PER_SLOT_DEFAULT) {
        ratios.add(Ratio.of(perSlot(k) + " / " + perSlot(SparkSettings.PARTITIONS_PER_SLOT_DEFAULT) + ", "
            + Sessions.count(n), StatefulBench.find(results, perSlot(k)),
            StatefulBench.find(results, perSlot(SparkSettings.PARTITIONS_PER_SLOT_DEFAULT))));
      }
    }
    List<String> notes = new ArrayList<>();
    notes.add(target(batch, BATCH_TARGET));
    notes.add(target(spark, SPARK_TARGET));
    notes.add(target(loop, LOOP_TARGET));
    if (full) {
      notes.add(target(rowLoop, ROW_LOOP_TARGET));
      for (Ratio r : ProcessMode.ratios(n, process)) {
        notes.add(target(r, PROCESS_TARGET));
      }
      notes.addAll(ProcessMode.gcShare(results));
    }
    layouts.forEach((variant, layout) -> notes.add(variant + ": " + layout + "."));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("items", n);
    params.put("master", master);
    params.put("partitions_per_slot_default", SparkSettings.PARTITIONS_PER_SLOT_DEFAULT);
    return new BenchResult(name(), "batch_size and partitions: rows per call, not tasks",
        "Does batch_size measure the user's function rather than Spark's task count, and how close is the engine to "
            + "the machine?", params, results, ratios, notes, (System.nanoTime() - t0) / 1e9);
  }

  private static Variant engineVariant(String name, String description, SparkEngine session, ExecutionConfig config,
      Map<String, Object> inputs, List<String> items, Map<String, String> layouts) {
    Pipeline pipeline = Work.batchPipeline().withEngine(new SparkEngine(session.session(), config));
    return new Variant(name, description, items, watch -> {
      MapResult r = pipeline.map(inputs, Work.INPUT);
      // What the engine planned, from its own report: recorded once per variant.
      layouts.computeIfAbsent(name, k -> r.report().partitions() + " partitions of at most "
          + r.report().layout().maxRowsPerPartition() + " rows (" + r.report().layout().rule() + "), batches up to "
          + r.report().batches().get(Work.OUTPUT).max());
      return Variant.Outcome.of(r.column(Work.OUTPUT));
    });
  }

  private static String target(Ratio r, double target) {
    String cpu = r.cpu().isPresent() ? String.format(Locale.ROOT, ", %.2fx in CPU time", r.cpu().ratio()) : "";
    return String.format(Locale.ROOT, "%s: %.2fx in wall time (95%% CI %.2fx - %.2fx)%s; target at most %.2fx: %s",
        r.label(), r.wall().ratio(), r.wall().ciLow(), r.wall().ciHigh(), cpu, target,
        r.within(target) ? (r.wall().ciHigh() <= target ? "met" : "met by the median; the interval reaches above it")
            : "not met");
  }
}
