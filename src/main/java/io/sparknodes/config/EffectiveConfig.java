package io.sparknodes.config;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A fully resolved configuration: every key has a value. Produced by {@link
 * ExecutionConfig#resolve(ExecutionConfig)}.
 *
 * @param batchSize rows handed to one call of a batch function; with {@code autoBatchSize}, the
 *     largest size the executor may choose ({@link SparkKeys#AUTO_BATCH_MAX_SIZE})
 * @param maxConcurrency executor cores
 * @param useProcess separate executor JVMs instead of threads of one JVM
 * @param partitions partitions a list input is cut into (the engine's rule, or a count)
 * @param spark Spark settings ({@code spark.*} keys), sorted by key
 * @param autoBatchSize batch_size {@code auto}: sizes chosen as the node runs, up to {@code batchSize}
 */
public record EffectiveConfig(int batchSize, int maxConcurrency, boolean useProcess, Partitions partitions,
    Map<String, String> spark, boolean autoBatchSize) implements Serializable {
  public EffectiveConfig {
    ExecutionConfig.checkBatchSize(batchSize);
    ExecutionConfig.checkMaxConcurrency(maxConcurrency);
    Objects.requireNonNull(partitions, "partitions");
    spark = Map.copyOf(new TreeMap<>(Objects.requireNonNull(spark, "spark")));
  }

  /** A config with a fixed batch_size. */
  public EffectiveConfig(int batchSize, int maxConcurrency, boolean useProcess, Partitions partitions,
      Map<String, String> spark) {
    this(batchSize, maxConcurrency, useProcess, partitions, spark, false);
  }

  /** A config with partitions at {@link Partitions#AUTO}. */
  public EffectiveConfig(int batchSize, int maxConcurrency, boolean useProcess, Map<String, String> spark) {
    this(batchSize, maxConcurrency, useProcess, Partitions.AUTO, spark);
  }

  /** This config with the seed's key names, e.g. {@code {batch_size=512, ...}}, Spark keys last. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(Knobs.BATCH_SIZE, batching().toValue());
    m.put(Knobs.MAX_CONCURRENCY, maxConcurrency);
    m.put(Knobs.USE_PROCESS, useProcess);
    if (!partitions.isAuto()) {
      m.put(Knobs.PARTITIONS, partitions.toValue());
    }
    m.putAll(new TreeMap<>(spark));
    return m;
  }

  /** This config as a partial config that sets every key. */
  public ExecutionConfig toConfig() {
    return ExecutionConfig.builder().batchSize(batching()).maxConcurrency(maxConcurrency)
        .useProcess(useProcess).partitions(partitions).spark(spark).build();
  }

  /** batch_size as set: {@link BatchSize#AUTO} or the fixed count. */
  public BatchSize batching() {
    return autoBatchSize ? BatchSize.AUTO : BatchSize.of(batchSize);
  }
}
