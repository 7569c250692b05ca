package io.sparknodes.bench;

import io.sparknodes.config.Defaults;
import io.sparknodes.config.Knobs;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.spark.SparkEngine;
import io.sparknodes.spark.internal.SparkSettings;
import io.sparknodes.workloads.TextNormalize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code scale}: the engine's throughput on the {@code text-normalize} workload against items
 * (10k to 10M, where the heap allows) on all cores, and against max_concurrency ({@code local[N]})
 * at a fixed size: how cost grows with work and with cores.
 */
final class ScaleBench implements Benchmark {
  /** Heap the driver needs per item mapped, measured with margin: input, rows, outputs, the check. */
  static final long BYTES_PER_ITEM = 600;

  static String items(int n) {
    return "items " + Sessions.count(n);
  }

  static String cores(int c) {
    return "local[" + c + "]";
  }

  @Override
  public String name() {
    return "scale";
  }

  @Override
  public BenchResult run(BenchOptions options, Consumer<String> log) throws Exception {
    long t0 = System.nanoTime();
    boolean full = options.scale() == Scale.FULL;
    int batch = full ? 1024 : 64;
    int cores = Defaults.MAX_CONCURRENCY;
    List<Integer> sizes = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    long heap = Runtime.getRuntime().maxMemory();
    for (int n : full ? new int[] {10_000, 100_000, 1_000_000, 10_000_000} : new int[] {100, 300}) {
      if ((long) n * BYTES_PER_ITEM <= heap) {
        sizes.add(n);
      } else {
        notes.add(String.format(Locale.ROOT, "%s items skipped: they need about %.1f GiB of heap and this JVM has "
            + "%.1f GiB (set -Xmx, e.g. SPARKNODES_JAVA_OPTS=-Xmx12g).", Sessions.count(n),
            n * (double) BYTES_PER_ITEM / (1L << 30), heap / (double) (1L << 30)));
      }
    }
    int[] concurrency = full ? new int[] {1, 2, 4} : new int[] {1, 2};
    int concurrencyItems = full ? 200_000 : 300;
    TextNormalize workload = new TextNormalize();

    List<VariantResult> results = new ArrayList<>();
    String master;
    try (SparkEngine engine = Sessions.start(cores, batch)) {
      master = engine.session().sparkContext().master();
      Pipeline pipeline = workload.pipeline().withEngine(engine);
      Map<String, Object> constants = workload.constants();
      List<Variant> variants = new ArrayList<>();
      for (int n : sizes) {
        List<String> data = Work.items(n);
        Map<String, Object> inputs = workload.inputs(data, constants);
        variants.add(new Variant(items(n), "SparkEngine.map on " + master + ", " + Sessions.probe(engine, n).partitions()
            + " partitions", data, OverheadBench.runsPerSample(n, full),
            watch -> Variant.Outcome.of(pipeline.map(inputs, Work.INPUT).column(Work.OUTPUT))));
      }
      log.accept("against items, on " + master);
      results.addAll(Rounds.run(variants, options, 4, log));
    }

    // One application per max_concurrency: each run starts its session, warms it up, then times one map.
    List<String> data = Work.items(concurrencyItems);
    List<Variant> perCores = new ArrayList<>();
    for (int c : concurrency) {
      perCores.add(new Variant(cores(c), "SparkEngine.map on its own local[" + c + "] session (partitions auto: "
          + SparkSettings.PARTITIONS_PER_SLOT_DEFAULT + " a slot)", data, watch -> timedInOwnSession(c, batch, data, watch)));
    }
    log.accept("against max_concurrency, " + Sessions.count(concurrencyItems) + " items, one session per run");
    BenchOptions perRun = new BenchOptions(0, options.repeats(), options.scale(), options.seed());
    results.addAll(Rounds.run(perCores, perRun, 5, log));

    List<Ratio> ratios = new ArrayList<>();
    for (int i = 1; i < sizes.size(); i++) {
      int a = sizes.get(i);
      int b = sizes.get(i - 1);
      ratios.add(Ratio.of(String.format(Locale.ROOT, "time %s / time %s (%dx the items)", Sessions.count(a),
          Sessions.count(b), a / b), StatefulBench.find(results, items(a)), StatefulBench.find(results, items(b))));
    }
    for (int i = 1; i < concurrency.length; i++) {
      ratios.add(Ratio.of("time local[1] / time local[" + concurrency[i] + "] (speed-up)",
          StatefulBench.find(results, cores(1)), StatefulBench.find(results, cores(concurrency[i]))));
    }
    notes.add("Against items: one " + master + " session, sizes interleaved; a ratio of 10 for 10x the items is "
        + "linear cost, below 10 means a fixed cost per run (job and task scheduling) is being spread.");
    notes.add("Against max_concurrency: every run starts its own local[N] session, maps once to warm it up (and "
        + "build the model), then times one map; the session's start is not timed. This machine has "
        + Runtime.getRuntime().availableProcessors() + " cores, so local[N] above that only shares them.");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("workload", workload.name());
    params.put("items", sizes);
    params.put(Knobs.BATCH_SIZE, batch);
    params.put("master", master);
    params.put(Knobs.MAX_CONCURRENCY, java.util.Arrays.stream(concurrency).boxed().toList());
    params.put("items at each max_concurrency", concurrencyItems);
    return new BenchResult(name(), "Scale: throughput against items and against max_concurrency",
        "How does the engine's cost grow with the work, and with the cores it is given?",
        params, results, ratios, notes, (System.nanoTime() - t0) / 1e9);
  }

  private static Variant.Outcome timedInOwnSession(int cores, int batch, List<String> data, Stopwatch watch)
      throws Exception {
    TextNormalize workload = new TextNormalize();
    try (SparkEngine engine = Sessions.start(cores, batch)) {
      Pipeline pipeline = workload.pipeline().withEngine(engine);
      Map<String, Object> inputs = workload.inputs(data, workload.constants());
      MapResult warm = pipeline.map(inputs, Work.INPUT);
      Work.check(data, warm.column(Work.OUTPUT)).ifPresent(p -> {
        throw new IllegalStateException("local[" + cores + "] warm-up run produced a wrong output: " + p);
      });
      System.gc();
      watch.restart();
      MapResult r = pipeline.map(inputs, Work.INPUT);
      watch.stop();
      return new Variant.Outcome(r.column(Work.OUTPUT), Map.of("sessions", 1L,
          StatefulBench.BUILT, (long) (warm.report().instancesBuilt("model") + r.report().instancesBuilt("model"))));
    }
  }
}
