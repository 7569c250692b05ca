package io.sparknodes.bench;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.config.Knobs;
import io.sparknodes.pipeline.LocalEngine;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.NodeCache;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.internal.cache.CacheStore;
import io.sparknodes.spark.SparkEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code cache}: a map through a node costing about 0.5 ms of CPU an item, first run (an empty
 * node cache: every item computed and stored) against second run (every item from the cache), on
 * the local engine and on Spark {@code local[2]}; and the cost per item and node of a fully cached map.
 */
final class CacheBench implements Benchmark {
  /** The targets: the cached run this many times faster than the first, local and Spark. */
  static final double LOCAL_TARGET = 20;
  static final double SPARK_TARGET = 10;
  static final double ITEM_MS = 0.5;

  @Override
  public String name() {
    return "cache";
  }

  /** The node: {@code spins} rounds of integer mixing (about {@link #ITEM_MS} ms of CPU), then the work. */
  static Pipeline pipeline(int spins) {
    return Pipeline.of(Node.named(Work.OUTPUT).inputs(Work.INPUT).row((String text) -> {
      long h = text.hashCode();
      for (int i = 0; i < spins; i++) {
        h = h * 6364136223846793005L + 1442695040888963407L;
        h ^= h >>> 29;
      }
      return h == 42 ? text : Work.normalize(text);
    }));
  }

  /** Spins that cost about {@code ms} milliseconds here. */
  static int calibrate(double ms) {
    Pipeline p = pipeline(1_000_000);
    Map<String, Object> one = Map.of(Work.INPUT, List.of(" X "));
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 7; i++) {
      long t = System.nanoTime();
      p.map(one, Work.INPUT);
      best = Math.min(best, System.nanoTime() - t);
    }
    return (int) Math.max(1, 1_000_000 * ms * 1e6 / best);
  }

  @Override
  public BenchResult run(BenchOptions options, Consumer<String> log) throws Exception {
    long t0 = System.nanoTime();
    boolean full = options.scale() == Scale.FULL;
    int n = full ? 100_000 : 200;
    int batch = full ? 1024 : 64;
    int spins = calibrate(full ? ITEM_MS : 0.01);
    List<String> items = Work.items(n);
    Map<String, Object> inputs = Map.of(Work.INPUT, items);
    Pipeline pipeline = pipeline(spins);
    Path root = Files.createTempDirectory("sparknodes-cache-bench");
    List<VariantResult> results;
    String master;
    String local = "local first " + Sessions.count(n);
    String localHit = "local cached " + Sessions.count(n);
    String spark = "spark first " + Sessions.count(n);
    String sparkHit = "spark cached " + Sessions.count(n);
    try (SparkEngine session = Sessions.start(2, batch)) {
      master = session.session().sparkContext().master();
      LocalEngine plain = new LocalEngine(ExecutionConfig.builder().batchSize(batch).build());
      NodeCache hot = NodeCache.directory(root.resolve("hot"));
      log.accept("filling the cache of the cached runs (" + n + " items)");
      pipeline.withEngine(plain.withCache(hot)).map(inputs, Work.INPUT);
      NodeCache cold = NodeCache.directory(root.resolve("cold"));
      List<Variant> variants = List.of(
          new Variant(local, "LocalEngine.withCache(an empty cache).map: every item computed and stored", items,
              watch -> first(pipeline.withEngine(plain.withCache(cold)), cold, inputs, watch)),
          new Variant(localHit, "LocalEngine.withCache(a full cache).map: every item from the cache", items,
              watch -> Variant.Outcome.of(pipeline.withEngine(plain.withCache(hot)).map(inputs, Work.INPUT)
                  .column(Work.OUTPUT))),
          new Variant(spark, "SparkEngine.withCache(an empty cache).map on " + master, items,
              watch -> first(pipeline.withEngine(session.withCache(cold)), cold, inputs, watch)),
          new Variant(sparkHit, "SparkEngine.withCache(a full cache).map on " + master + ": no job", items,
              watch -> Variant.Outcome.of(pipeline.withEngine(session.withCache(hot)).map(inputs, Work.INPUT)
                  .column(Work.OUTPUT))));
      results = Rounds.run(variants, options, 11, log);
    } finally {
      CacheStore.open(NodeCache.directory(root.resolve("hot"))).clear(Optional.empty());
      CacheStore.open(NodeCache.directory(root.resolve("cold"))).clear(Optional.empty());
    }
    List<Ratio> ratios = List.of(
        Ratio.of("local: first / cached, " + Sessions.count(n), StatefulBench.find(results, local),
            StatefulBench.find(results, localHit)),
        Ratio.of("spark local[2]: first / cached, " + Sessions.count(n), StatefulBench.find(results, spark),
            StatefulBench.find(results, sparkHit)));
    List<String> notes = new ArrayList<>();
    double[] targets = {LOCAL_TARGET, SPARK_TARGET};
    for (int i = 0; i < ratios.size(); i++) {
      Ratio r = ratios.get(i);
      notes.add(String.format(Locale.ROOT, "%s: %.1fx in wall time (95%% CI %.1f-%.1f; target at least %.0fx): %s.",
          r.label(), r.wall().ratio(), r.wall().ciLow(), r.wall().ciHigh(), targets[i],
          r.wall().ratio() >= targets[i] ? (r.wall().ciLow() >= targets[i] ? "met" : "met by the median") : "not met"));
    }
    for (String v : List.of(localHit, sparkHit)) {
      double seconds = StatefulBench.find(results, v).summary().median();
      notes.add(String.format(Locale.ROOT, "%s: a fully cached map costs %.1f µs per item and node.", v,
          seconds * 1e6 / n));
    }
    notes.add("The node's CPU work is calibrated to about " + (full ? ITEM_MS : 0.01) + " ms an item (" + spins
        + " rounds of integer mixing here). A first run starts from an emptied cache (emptied before its timing) and"
        + " stores every item; a cached run reads every entry (a file read, a checksum, a deserialization), in"
        + " parallel batches. On Spark the driver finds every item whole in the cache, so no job runs.");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("items", n);
    params.put("item_ms", full ? ITEM_MS : 0.01);
    params.put(Knobs.BATCH_SIZE, batch);
    params.put("master", master);
    params.put("targets", List.of(LOCAL_TARGET, SPARK_TARGET));
    return new BenchResult(name(), "Node cache: a first map against a fully cached one",
        "How much faster is a re-run whose every item is cached, and what does a cached item cost?",
        params, results, ratios, notes, (System.nanoTime() - t0) / 1e9);
  }

  /** A first run: the cache emptied outside the timing, then the map. */
  private static Variant.Outcome first(Pipeline p, NodeCache cold, Map<String, Object> inputs, Stopwatch watch)
      throws Exception {
    CacheStore.open(cold).clear(Optional.empty());
    watch.restart();
    return Variant.Outcome.of(p.map(inputs, Work.INPUT).column(Work.OUTPUT));
  }
}
