package io.sparknodes.config;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How a node or an engine runs: {@code batch_size}, {@code max_concurrency}, {@code use_process},
 * {@code partitions} (engine only: how a list input is cut) and any {@code spark.*} setting. A config may leave keys unset; precedence is node, then engine
 * defaults, then {@link Defaults}. Every value is validated once, here, with a message that names
 * the key and the value. The key names are {@link Knobs}' constants.
 *
 * <pre>{@code
 * ExecutionConfig engine = ExecutionConfig.fromMap(Map.of("batch_size", 512, "max_concurrency", 2));
 * ExecutionConfig node = ExecutionConfig.builder().batchSize(64).build();
 * EffectiveConfig effective = node.resolve(engine); // batch_size 64, max_concurrency 2, use_process false
 * }</pre>
 */
public final class ExecutionConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final ExecutionConfig EMPTY = new ExecutionConfig(null, null, null, null, Map.of());

  private final BatchSize batchSize;
  private final Integer maxConcurrency;
  private final Boolean useProcess;
  private final Partitions partitions;
  private final Map<String, String> spark;

  private ExecutionConfig(BatchSize batchSize, Integer maxConcurrency, Boolean useProcess, Partitions partitions,
      Map<String, String> spark) {
    this.batchSize = batchSize;
    this.maxConcurrency = maxConcurrency;
    this.useProcess = useProcess;
    this.partitions = partitions;
    // Empty (the common case): Map.of(), which ships as cheaply as the plan's lists.
    this.spark = spark.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(spark));
  }

  /** A config that sets nothing. */
  public static ExecutionConfig empty() {
    return EMPTY;
  }

  /** A builder of a config. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a config from the seed's key names ({@code batch_size}, {@code max_concurrency}, {@code
   * use_process}) and {@code spark.*} keys. Numbers may be given as integral numbers or their
   * decimal strings, booleans as booleans or "true"/"false".
   *
   * @throws IllegalArgumentException naming the key and the value, for an unknown key, a value of
   *     the wrong type, or a value out of range
   */
  public static ExecutionConfig fromMap(Map<String, ?> map) {
    Objects.requireNonNull(map, "map");
    Builder b = builder();
    for (Map.Entry<String, ?> e : map.entrySet()) {
      String key = e.getKey();
      Object value = e.getValue();
      if (key == null) {
        throw new IllegalArgumentException("a config key is null");
      }
      switch (key) {
        case Knobs.BATCH_SIZE -> b.batchSize(BatchSize.parse(value));
        case Knobs.MAX_CONCURRENCY -> b.maxConcurrency(toInt(key, value));
        case Knobs.USE_PROCESS -> b.useProcess(toBoolean(key, value));
        case Knobs.PARTITIONS -> b.partitions(Partitions.parse(value));
        default -> {
          if (!Knobs.isSparkSetting(key)) {
            throw new IllegalArgumentException("unknown key '" + key + "' (known keys: " + Knobs.BATCH_SIZE + ", "
                + Knobs.MAX_CONCURRENCY + ", " + Knobs.USE_PROCESS + ", " + Knobs.PARTITIONS + ", and spark.* settings)");
          }
          if (value == null || value instanceof Map || value instanceof Iterable) {
            throw new IllegalArgumentException(key + " must be a string, number or boolean but was " + describe(value));
          }
          b.spark(key, String.valueOf(value));
        }
      }
    }
    return b.build();
  }

  static int toInt(String key, Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      long v = ((Number) value).longValue();
      if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
        throw new IllegalArgumentException(key + " must be an integer but was " + v);
      }
      return (int) v;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
      return n.intValue();
    }
    if (value instanceof String s) {
      try {
        return Integer.parseInt(s.trim());
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException(key + " must be an integer but was " + describe(value), ex);
      }
    }
    throw new IllegalArgumentException(key + " must be an integer but was " + describe(value));
  }

  static boolean toBoolean(String key, Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s) {
      if (s.trim().equalsIgnoreCase("true")) {
        return true;
      }
      if (s.trim().equalsIgnoreCase("false")) {
        return false;
      }
    }
    throw new IllegalArgumentException(key + " must be true or false but was " + describe(value));
  }

  private static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return "\"" + s + "\"";
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return "a " + value.getClass().getSimpleName() + " (" + value + ")";
  }

  static int checkBatchSize(int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(Knobs.BATCH_SIZE + " must be positive but was " + v);
    }
    if (v > Defaults.MAX_BATCH_SIZE) {
      throw new IllegalArgumentException(Knobs.BATCH_SIZE + " must be at most " + Defaults.MAX_BATCH_SIZE + " but was " + v);
    }
    return v;
  }

  static int checkMaxConcurrency(int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(Knobs.MAX_CONCURRENCY + " must be positive but was " + v);
    }
    if (v > Defaults.MAX_MAX_CONCURRENCY) {
      throw new IllegalArgumentException(
          Knobs.MAX_CONCURRENCY + " must be at most " + Defaults.MAX_MAX_CONCURRENCY + " but was " + v);
    }
    return v;
  }

  /** batch_size, if this config sets a fixed one (empty when it is unset or {@code auto}). */
  public Optional<Integer> batchSize() {
    return batchSize == null || batchSize.isAuto() ? Optional.empty() : Optional.of(batchSize.rows().getAsInt());
  }

  /** batch_size, fixed or {@code auto}, if this config sets it. */
  public Optional<BatchSize> batching() {
    return Optional.ofNullable(batchSize);
  }

  /** max_concurrency, if this config sets it. */
  public Optional<Integer> maxConcurrency() {
    return Optional.ofNullable(maxConcurrency);
  }

  /** use_process, if this config sets it. */
  public Optional<Boolean> useProcess() {
    return Optional.ofNullable(useProcess);
  }

  /** partitions, if this config sets it. */
  public Optional<Partitions> partitions() {
    return Optional.ofNullable(partitions);
  }

  /** The {@code spark.*} settings this config sets, sorted by key. */
  public Map<String, String> spark() {
    return spark;
  }

  /** True when this config sets no key. */
  public boolean isEmpty() {
    return batchSize == null && maxConcurrency == null && useProcess == null && partitions == null && spark.isEmpty();
  }

  /** This config where it sets a key, else {@code lower}. */
  public ExecutionConfig overriding(ExecutionConfig lower) {
    Objects.requireNonNull(lower, "lower");
    Map<String, String> merged = new TreeMap<>(lower.spark);
    merged.putAll(spark);
    return new ExecutionConfig(
        batchSize != null ? batchSize : lower.batchSize,
        maxConcurrency != null ? maxConcurrency : lower.maxConcurrency,
        useProcess != null ? useProcess : lower.useProcess,
        partitions != null ? partitions : lower.partitions,
        merged);
  }

  /** Resolves this config over {@code engineDefaults}, then over the built-in {@link Defaults}. */
  public EffectiveConfig resolve(ExecutionConfig engineDefaults) {
    ExecutionConfig c = overriding(engineDefaults);
    BatchSize batching = c.batchSize != null ? c.batchSize : BatchSize.of(Defaults.BATCH_SIZE);
    return new EffectiveConfig(
        batching.isAuto() ? AutoBatching.maxBatchSize(c.spark) : batching.rows().getAsInt(),
        c.maxConcurrency != null ? c.maxConcurrency : Defaults.MAX_CONCURRENCY,
        c.useProcess != null ? c.useProcess : Defaults.USE_PROCESS,
        c.partitions != null ? c.partitions : Defaults.PARTITIONS,
        c.spark,
        batching.isAuto());
  }

  /** Resolves this config over the built-in {@link Defaults} alone. */
  public EffectiveConfig resolve() {
    return resolve(EMPTY);
  }

  /** The keys this config sets, with the seed's names. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (batchSize != null) {
      m.put(Knobs.BATCH_SIZE, batchSize.toValue());
    }
    if (maxConcurrency != null) {
      m.put(Knobs.MAX_CONCURRENCY, maxConcurrency);
    }
    if (useProcess != null) {
      m.put(Knobs.USE_PROCESS, useProcess);
    }
    if (partitions != null) {
      m.put(Knobs.PARTITIONS, partitions.toValue());
    }
    m.putAll(spark);
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExecutionConfig c && Objects.equals(batchSize, c.batchSize)
        && Objects.equals(maxConcurrency, c.maxConcurrency) && Objects.equals(useProcess, c.useProcess)
        && Objects.equals(partitions, c.partitions) && spark.equals(c.spark);
  }

  @Override
  public int hashCode() {
    return Objects.hash(batchSize, maxConcurrency, useProcess, partitions, spark);
  }

  @Override
  public String toString() {
    return "ExecutionConfig" + toMap();
  }

  /**
   * The optimal settings of a sweep's {@code profile.json} (see {@link Profile}); logs a warning when
   * it was measured on a machine with another core count than this one.
   *
   * @throws IllegalArgumentException naming the file and the key, for a missing or bad profile
   */
  public static ExecutionConfig fromProfile(java.nio.file.Path profile) {
    return fromProfile(profile, Profile.OPTIMAL);
  }

  /**
   * The settings of one use case of a sweep's {@code profile.json} ({@code general}, {@code
   * memory-constrained}, {@code maximum-throughput}, {@code io-bound}, or {@code optimal}).
   *
   * @throws IllegalArgumentException naming the file and the key, for a missing or bad profile or an
   *     unknown use case
   */
  public static ExecutionConfig fromProfile(java.nio.file.Path profile, String useCase) {
    Profile p = Profile.read(profile);
    ExecutionConfig config = p.config(useCase);
    p.coreMismatch(Runtime.getRuntime().availableProcessors())
        .ifPresent(w -> org.slf4j.LoggerFactory.getLogger(ExecutionConfig.class).warn(w));
    return config;
  }

  /** Builds an {@link ExecutionConfig}; each setter validates its value. */
  public static final class Builder {
    private BatchSize batchSize;
    private Integer maxConcurrency;
    private Boolean useProcess;
    private Partitions partitions;
    private final Map<String, String> spark = new TreeMap<>();

    private Builder() {}

    /** Rows handed to one call of a batch function; 1 to {@link Defaults#MAX_BATCH_SIZE}. */
    public Builder batchSize(int batchSize) {
      this.batchSize = BatchSize.of(batchSize);
      return this;
    }

    /** A fixed batch_size or {@link BatchSize#AUTO}. */
    public Builder batchSize(BatchSize batchSize) {
      this.batchSize = java.util.Objects.requireNonNull(batchSize, "batchSize");
      return this;
    }

    /** {@code "auto"} or a count, as files write it. */
    public Builder batchSize(String batchSize) {
      return batchSize(BatchSize.parse(batchSize));
    }

    /**
     * batch_size {@code auto}: the executor chooses each batch's size as the node runs (a fit of a
     * fixed plus a per-row cost, after Beam's {@code BatchElements}; see {@code BatchSizer}), within
     * the {@link AutoBatching} bounds ({@code spark.sparknodes.autoBatch.*} keys of {@link SparkKeys}).
     */
    public Builder autoBatchSize() {
      return batchSize(BatchSize.AUTO);
    }

    /** Executor cores; 1 to {@link Defaults#MAX_MAX_CONCURRENCY}. */
    public Builder maxConcurrency(int maxConcurrency) {
      this.maxConcurrency = checkMaxConcurrency(maxConcurrency);
      return this;
    }

    /** Separate executor JVMs (true) or threads of one JVM (false). */
    public Builder useProcess(boolean useProcess) {
      this.useProcess = useProcess;
      return this;
    }

    /**
     * Partitions a list input is cut into ({@link Partitions#AUTO}: the engine's rule); read by the
     * engine for each map, so it needs no new application. A node's own setting is not used.
     */
    public Builder partitions(Partitions partitions) {
      this.partitions = Objects.requireNonNull(partitions, "partitions");
      return this;
    }

    /** Exactly {@code count} partitions for a list input. */
    public Builder partitions(int count) {
      return partitions(Partitions.of(count));
    }

    /** A Spark setting; the key must start with {@code spark.}. */
    public Builder spark(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value of " + key);
      if (!Knobs.isSparkSetting(key)) {
        throw new IllegalArgumentException("a Spark setting must start with 'spark.' but was '" + key + "'");
      }
      spark.put(key, value);
      return this;
    }

    /** Spark settings; each key must start with {@code spark.}. */
    public Builder spark(Map<String, String> settings) {
      settings.forEach(this::spark);
      return this;
    }

    public ExecutionConfig build() {
      return new ExecutionConfig(batchSize, maxConcurrency, useProcess, partitions, spark);
    }
  }
}
