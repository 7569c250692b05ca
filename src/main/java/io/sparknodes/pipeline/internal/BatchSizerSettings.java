package io.sparknodes.pipeline.internal;

import java.io.Serializable;

/**
 * What a {@link BatchSizer} is built with; validated on construction, serializable so that the
 * driver can ship it to executors.
 *
 * @param minBatchSize the smallest size answered
 * @param maxBatchSize the largest size answered
 * @param targetBatchSeconds the duration of one call to aim at
 * @param targetBatchOverhead the share of a call the fixed cost may take; 0 turns this rule off
 * @param maxBatchBytes the bytes one batch may allocate; 0 means no cap
 * @param jitter the relative spread of sizes around the model's choice
 * @param seed the seed of the jitter
 */
public record BatchSizerSettings(
    int minBatchSize,
    int maxBatchSize,
    double targetBatchSeconds,
    double targetBatchOverhead,
    long maxBatchBytes,
    double jitter,
    long seed) implements Serializable {

  /** Validates every field, naming it and its value. */
  public BatchSizerSettings {
    if (minBatchSize <= 0) {
      throw new IllegalArgumentException("min_batch_size must be positive but was " + minBatchSize);
    }
    if (maxBatchSize < minBatchSize) {
      throw new IllegalArgumentException("max_batch_size must be at least min_batch_size ("
          + minBatchSize + ") but was " + maxBatchSize);
    }
    if (!(targetBatchSeconds > 0) || Double.isInfinite(targetBatchSeconds)) {
      throw new IllegalArgumentException(
          "target_batch_seconds must be positive but was " + targetBatchSeconds);
    }
    if (!(targetBatchOverhead >= 0 && targetBatchOverhead < 1)) {
      throw new IllegalArgumentException(
          "target_batch_overhead must be in [0, 1) (0 turns it off) but was " + targetBatchOverhead);
    }
    if (maxBatchBytes < 0) {
      throw new IllegalArgumentException(
          "max_batch_bytes must be non-negative (0 means no cap) but was " + maxBatchBytes);
    }
    if (!(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("jitter must be in [0, 1) but was " + jitter);
    }
  }

  /** Beam's defaults. */
  public static BatchSizerSettings defaults() {
    return new Builder().settings();
  }

  /** Builds a {@link BatchSizer} or its {@link BatchSizerSettings}; unset values take Beam's defaults. */
  public static final class Builder {
    private int minBatchSize = 1;
    private int maxBatchSize = 10_000;
    private double targetBatchSeconds = 1.0;
    private double targetBatchOverhead = 0.05;
    private long maxBatchBytes = 0;
    private double jitter = 0.25;
    private long seed = 0x5EEDL;

    Builder() {}

    /** The smallest size answered (default 1). */
    public Builder minBatchSize(int value) {
      this.minBatchSize = value;
      return this;
    }

    /** The largest size answered (default 10,000). */
    public Builder maxBatchSize(int value) {
      this.maxBatchSize = value;
      return this;
    }

    /** The duration of one call to aim at (default 1 s). */
    public Builder targetBatchSeconds(double value) {
      this.targetBatchSeconds = value;
      return this;
    }

    /** The share of a call the fixed cost may take (default 0.05; 0 turns the rule off). */
    public Builder targetBatchOverhead(double value) {
      this.targetBatchOverhead = value;
      return this;
    }

    /** The bytes one batch may allocate (default 0: no cap). */
    public Builder maxBatchBytes(long value) {
      this.maxBatchBytes = value;
      return this;
    }

    /** The relative spread of sizes around the model's choice (default 0.25). */
    public Builder jitter(double value) {
      this.jitter = value;
      return this;
    }

    /** The seed of the jitter (default fixed, so runs repeat). */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** The validated settings. */
    public BatchSizerSettings settings() {
      return new BatchSizerSettings(minBatchSize, maxBatchSize, targetBatchSeconds, targetBatchOverhead,
          maxBatchBytes, jitter, seed);
    }

    /** A new sizer with these settings. */
    public BatchSizer build() {
      return new BatchSizer(settings());
    }
  }
}
