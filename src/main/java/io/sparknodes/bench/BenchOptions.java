package io.sparknodes.bench;

/**
 * How every benchmark runs.
 *
 * @param warmup unmeasured rounds before the measured ones (each round runs every variant once)
 * @param repeats measured rounds; at least {@value #MIN_REPEATS} for a spread worth reading, at
 *     least 2 for any spread
 * @param scale the sizes
 * @param seed the seed of the shuffled order of the variants in each round
 */
public record BenchOptions(int warmup, int repeats, Scale scale, long seed) {
  /** The fewest measured rounds the full benchmarks accept. */
  public static final int MIN_REPEATS = 5;

  public BenchOptions {
    java.util.Objects.requireNonNull(scale, "scale");
    if (warmup < 0) {
      throw new IllegalArgumentException("warmup must not be negative but was " + warmup);
    }
    if (repeats < 2) {
      throw new IllegalArgumentException("repeats must be at least 2 but was " + repeats);
    }
    if (scale == Scale.FULL && repeats < MIN_REPEATS) {
      throw new IllegalArgumentException("repeats must be at least " + MIN_REPEATS + " at full scale but was " + repeats);
    }
  }

  /** The defaults of {@code scale}: full, 2 warm-up and 5 measured rounds; tiny, 1 and 2. */
  public static BenchOptions defaults(Scale scale) {
    return scale == Scale.FULL ? new BenchOptions(2, MIN_REPEATS, scale, 42) : new BenchOptions(1, 2, scale, 42);
  }
}
