package io.sparknodes.config;

/** The built-in defaults, used where neither a node nor the engine sets a key. */
public final class Defaults {
  /** Rows handed to one call of a batch function. */
  public static final int BATCH_SIZE = 1024;
  /** Executor cores: all the cores of this machine. */
  public static final int MAX_CONCURRENCY = Runtime.getRuntime().availableProcessors();
  /** Threads of one JVM, not separate executor JVMs. */
  public static final boolean USE_PROCESS = false;

  /** Partitions of a list input: the engine's rule. */
  public static final Partitions PARTITIONS = Partitions.AUTO;

  /** The largest accepted batch_size: larger batches are a memory hazard, not a tuning choice. */
  public static final int MAX_BATCH_SIZE = 1 << 24;
  /** The largest accepted max_concurrency. */
  public static final int MAX_MAX_CONCURRENCY = 1024;

  private Defaults() {}

  /** The built-in defaults as an effective config. */
  public static EffectiveConfig effective() {
    return new EffectiveConfig(BATCH_SIZE, MAX_CONCURRENCY, USE_PROCESS, java.util.Map.of());
  }
}
