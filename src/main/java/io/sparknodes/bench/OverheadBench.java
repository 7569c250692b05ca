package io.sparknodes.bench;

import io.sparknodes.config.Defaults;
import io.sparknodes.config.Knobs;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.spark.SparkEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code overhead}: {@code SparkEngine.map} against a hand-written Spark job doing the same {@code
 * mapPartitions} over the same context and data, and against plain Java in the same JVM, at 10,000
 * and 1,000,000 items.
 */
final class OverheadBench implements Benchmark {
  /** The target: the engine within this factor of hand-written Spark. */
  static final double TARGET = 1.10;

  static String engine(int n) {
    return "engine " + Sessions.count(n);
  }

  static String spark(int n) {
    return "spark " + Sessions.count(n);
  }

  static String loop(int n) {
    return "loop " + Sessions.count(n);
  }

  static String row(int n) {
    return "engine row " + Sessions.count(n);
  }

  static String parallel(int n) {
    return "parallel " + Sessions.count(n);
  }

  /**
   * Runs per sample at {@code n} items: a map of 10k items takes a few tens of milliseconds, where
   * scheduling noise would swamp a single run, so its sample is the mean of 10 (2 at tiny scale).
   */
  static int runsPerSample(int n, boolean full) {
    return n >= 100_000 ? 1 : full ? 10 : 2;
  }

  @Override
  public String name() {
    return "overhead";
  }

  @Override
  public BenchResult run(BenchOptions options, Consumer<String> log) throws Exception {
    long t0 = System.nanoTime();
    boolean full = options.scale() == Scale.FULL;
    int[] sizes = full ? new int[] {10_000, 1_000_000} : new int[] {100, 300};
    int batch = full ? 1024 : 64;
    int cores = Defaults.MAX_CONCURRENCY;
    List<VariantResult> results;
    String master;
    try (SparkEngine engine = Sessions.start(cores, batch)) {
      master = engine.session().sparkContext().master();
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(engine.session().sparkContext());
      Pipeline pipeline = Work.batchPipeline().withEngine(engine);
      Pipeline rows = Work.rowPipeline().withEngine(engine);
      List<Variant> variants = new ArrayList<>();
      for (int n : sizes) {
        List<String> items = Work.items(n);
        int runs = runsPerSample(n, full);
        // The hand-written job gets the engine's partitions, read from its report.
        int partitions = Sessions.probe(engine, n).partitions();
        Map<String, Object> inputs = Map.of(Work.INPUT, items);
        boolean gc = full && runs == 1;
        variants.add(new Variant(engine(n), "SparkEngine.map: a batch node over the list", items, runs,
            watch -> gc ? ProcessMode.withGc(watch, () -> pipeline.map(inputs, Work.INPUT).column(Work.OUTPUT))
                : Variant.Outcome.of(pipeline.map(inputs, Work.INPUT).column(Work.OUTPUT))));
        if (full) {
          variants.add(new Variant(row(n), "SparkEngine.map: a row node over the list", items, runs,
              watch -> gc ? ProcessMode.withGc(watch, () -> rows.map(inputs, Work.INPUT).column(Work.OUTPUT))
                  : Variant.Outcome.of(rows.map(inputs, Work.INPUT).column(Work.OUTPUT))));
        }
        variants.add(new Variant(spark(n), "hand-written: jsc.parallelize(items, " + partitions
            + ").mapPartitions(batch function).collect()", items, runs,
            watch -> Variant.Outcome.of(jsc.parallelize(items, partitions).mapPartitions(new Work.NormalizePartition())
                .collect())));
        variants.add(new Variant(loop(n), "a plain Java loop in this JVM, one thread", items, runs,
            watch -> Variant.Outcome.of(Work.normalizeAll(items))));
        variants.add(new Variant(parallel(n), "a parallel stream in this JVM (the common pool: all cores)", items, runs,
            watch -> Variant.Outcome.of(items.parallelStream().map(Work::normalize).toList())));
      }
      results = Rounds.run(variants, options, 3, log);
    }
    int processItems = sizes[sizes.length - 1];
    List<VariantResult> process = full ? ProcessMode.run(processItems, batch, true, options, 13, log) : List.of();
    results = new ArrayList<>(results);
    results.addAll(process);
    List<Ratio> ratios = new ArrayList<>();
    for (int n : sizes) {
      ratios.add(Ratio.of("engine / hand-written Spark, " + Sessions.count(n),
          StatefulBench.find(results, engine(n)), StatefulBench.find(results, spark(n))));
    }
    for (int n : sizes) {
      ratios.add(Ratio.of("hand-written Spark / parallel Java, " + Sessions.count(n),
          StatefulBench.find(results, spark(n)), StatefulBench.find(results, parallel(n))));
      ratios.add(Ratio.of("engine / one-thread loop, " + Sessions.count(n),
          StatefulBench.find(results, engine(n)), StatefulBench.find(results, loop(n))));
      if (full) {
        ratios.add(Ratio.of("engine row node / one-thread loop, " + Sessions.count(n),
            StatefulBench.find(results, row(n)), StatefulBench.find(results, loop(n))));
        ratios.add(Ratio.of("engine row node / engine batch node, " + Sessions.count(n),
            StatefulBench.find(results, row(n)), StatefulBench.find(results, engine(n))));
      }
    }
    if (full) {
      ratios.addAll(ProcessMode.ratios(processItems, process));
    }
    List<String> notes = new ArrayList<>();
    for (Ratio r : ratios.subList(0, sizes.length)) {
      String cpu = r.cpu().isPresent() ? String.format(java.util.Locale.ROOT, ", %.3fx in CPU time", r.cpu().ratio()) : "";
      notes.add(String.format(java.util.Locale.ROOT, "%s: %.3fx in wall time%s (target %.2fx): %s.", r.label(),
          r.wall().ratio(), cpu, TARGET, r.within(TARGET)
              ? (r.wall().ciHigh() <= TARGET ? "met" : "met by the median; the interval reaches above it")
              : "not met"));
    }
    notes.addAll(ProcessMode.gcShare(results));
    notes.add("The engine and the hand-written job run the same batch function over the same number of partitions "
        + "(the engine's, from its report) on the same context; the engine then cuts each partition into batches of "
        + "batch_size. In local mode the engine keeps items and outputs on the heap; the hand-written job ships them "
        + "through Spark's serializer. Both collect to the driver.");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("items", java.util.Arrays.stream(sizes).boxed().toList());
    params.put(Knobs.BATCH_SIZE, batch);
    params.put("master", master);
    params.put("target", TARGET);
    return new BenchResult(name(), "Engine overhead: SparkEngine.map vs hand-written Spark vs plain Java",
        "How close does the engine come to hand-written Spark, and Spark to the machine?",
        params, results, ratios, notes, (System.nanoTime() - t0) / 1e9);
  }
}
