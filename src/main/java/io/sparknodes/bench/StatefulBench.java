package io.sparknodes.bench;

import io.sparknodes.config.Defaults;
import io.sparknodes.config.Knobs;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.spark.SparkEngine;
import io.sparknodes.workloads.TextModel;
import io.sparknodes.workloads.TextNormalize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.util.LongAccumulator;

/**
 * {@code stateful}: the {@code text-normalize} workload with its model built per batch (the naive
 * way) against built once per executor (stateful), at the seed's settings: 10,000 items, all
 * cores, threads, batch_size 1024 (the seed's recommended default) and 128 (the seed grid's
 * smallest, so the most batches).
 */
final class StatefulBench implements Benchmark {
  static final String BUILT = "instances built";

  @Override
  public String name() {
    return "stateful";
  }

  @Override
  public BenchResult run(BenchOptions options, Consumer<String> log) throws Exception {
    long t0 = System.nanoTime();
    boolean full = options.scale() == Scale.FULL;
    int n = full ? 10_000 : 200;
    int[] batchSizes = full ? new int[] {1024, 128} : new int[] {64};
    int cores = Defaults.MAX_CONCURRENCY;
    List<String> items = Work.items(n);
    TextNormalize workload = new TextNormalize();
    List<Variant> variants = new ArrayList<>();
    Map<Integer, Long> batchesPerRun = new java.util.HashMap<>();
    List<VariantResult> results;
    String master;
    try (SparkEngine session = Sessions.start(cores, batchSizes[0])) {
      master = session.session().sparkContext().master();
      // One Stateful value for the whole application, as the sweep uses it.
      Map<String, Object> inputs = workload.inputs(items, workload.constants());
      for (int b : batchSizes) {
        SparkEngine engine = Sessions.withBatchSize(session, b);
        batchesPerRun.put(b, Sessions.probe(engine, n).batches().get(Work.OUTPUT).count());
        LongAccumulator built = session.session().sparkContext().longAccumulator("naive models, batch_size " + b);
        Pipeline naive = Work.naiveModelPipeline(built).withEngine(engine);
        Pipeline stateful = workload.pipeline().withEngine(engine);
        variants.add(new Variant("naive b=" + b, "a new TextModel in every batch (batch_size " + b + ")", items, watch -> {
          long before = built.value();
          MapResult r = naive.map(Map.of(Work.INPUT, items), Work.INPUT);
          return new Variant.Outcome(r.column(Work.OUTPUT), Map.of(BUILT, built.value() - before));
        }));
        variants.add(new Variant("stateful b=" + b, "Stateful.of(TextModel::new): once per executor (batch_size " + b + ")",
            items, watch -> {
              MapResult r = stateful.map(inputs, Work.INPUT);
              return new Variant.Outcome(r.column(Work.OUTPUT), Map.of(BUILT, (long) r.report().instancesBuilt("model")));
            }));
      }
      results = Rounds.run(variants, options, 1, log);
    }
    List<Ratio> ratios = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (int b : batchSizes) {
      VariantResult naive = find(results, "naive b=" + b);
      VariantResult stateful = find(results, "stateful b=" + b);
      ratios.add(Ratio.of("naive / stateful, batch_size " + b, naive, stateful));
      long batches = batchesPerRun.get(b);
      notes.add(String.format(Locale.ROOT, "batch_size %d: %d batches per run, so the naive way builds %d models per run "
          + "(%d ms each): at least %.2f s of model building per run spread over %d cores.", b, batches, batches,
          TextModel.BUILD_MILLIS, batches * TextModel.BUILD_MILLIS / 1000.0 / cores, cores));
    }
    notes.add("The stateful model is built once for the application (in the first warm-up run) and reused by every "
        + "later run: measured runs build none, so they time the engine and the work alone.");
    notes.add("The seed's 58x compared against a baseline that is not recorded; against one model per batch the gain "
        + "is bounded by (batches x 50 ms / cores) over the stateful run's time, so it grows with the number of "
        + "batches, not with the items.");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("workload", workload.name());
    params.put("items", n);
    params.put(Knobs.BATCH_SIZE, java.util.Arrays.stream(batchSizes).boxed().toList());
    params.put("master", master);
    params.put("model build ms", TextModel.BUILD_MILLIS);
    return new BenchResult(name(), "Stateful model: built per batch vs once per executor",
        "What is building an expensive model once per executor worth, against building it in every batch?",
        params, results, ratios, notes, (System.nanoTime() - t0) / 1e9);
  }

  static VariantResult find(List<VariantResult> results, String name) {
    return results.stream().filter(r -> r.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no variant '" + name + "'"));
  }
}
