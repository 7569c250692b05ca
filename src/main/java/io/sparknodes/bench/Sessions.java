package io.sparknodes.bench;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.spark.SparkEngine;

/** The sessions the benchmarks start: embedded {@code local[N]}, bound to loopback, no web UI. */
final class Sessions {
  private Sessions() {}

  /** Starts {@code local[cores]} with engine defaults {@code batchSize}; close it when done. */
  static SparkEngine start(int cores, int batchSize) {
    return SparkEngine.start(config(cores, batchSize).spark("spark.ui.enabled", "false").build());
  }

  /** An engine on {@code session}'s session with another batch_size. */
  static SparkEngine withBatchSize(SparkEngine session, int batchSize) {
    int cores = session.layout().cores();
    return new SparkEngine(session.session(), config(cores, batchSize).build());
  }

  private static ExecutionConfig.Builder config(int cores, int batchSize) {
    return ExecutionConfig.builder().maxConcurrency(cores).batchSize(batchSize).useProcess(false);
  }

  /**
   * What {@code engine} does with {@code items} items of {@link Work}, from its own report of one
   * map: the benchmarks read the layout there rather than recompute the engine's rule.
   */
  static io.sparknodes.pipeline.ExecutionReport probe(SparkEngine engine, int items) {
    return Work.batchPipeline().withEngine(engine).map(java.util.Map.of(Work.INPUT, Work.items(items)), Work.INPUT)
        .report();
  }

  /** {@code n} written short: 10k, 1M. */
  static String count(long n) {
    if (n >= 1_000_000 && n % 1_000_000 == 0) {
      return n / 1_000_000 + "M";
    }
    if (n >= 1_000 && n % 1_000 == 0) {
      return n / 1_000 + "k";
    }
    return Long.toString(n);
  }
}
