package io.sparknodes.pipeline;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;

/**
 * Chooses batch sizes as a node runs ({@code batch_size=auto}), after Apache Beam's
 * {@code BatchElements} ({@code _BatchSizeEstimator}).
 *
 * <p>The caller asks {@link #next()} for the size of its next batch, runs it, and feeds back the
 * size it really ran and the nanoseconds the call took ({@link #record(int, long)}), optionally
 * with the bytes the call allocated ({@link #record(int, long, long)}). The sizer fits {@code time
 * = a + b x n} over up to 100 recent batches by weighted least squares (slow
 * outliers dropped, at most 20%; then points of Cook's distance above 0.5) and answers the
 * smallest of: {@code max_batch_size}; twice the largest size it holds a timing for; the size
 * whose call lasts {@code target_batch_seconds}, {@code (target - a) / b}; the size at which the
 * fixed cost is {@code target_batch_overhead} of the call, {@code (a / b) x (1 / overhead - 1)};
 * and, when {@code max_batch_bytes} is set and allocations are fed, {@code max_batch_bytes /
 * bytes-per-item} (the median over recent batches). The model's size is smeared by a uniform
 * {@code +-jitter} (25%) from a seeded {@link Random} so that the fit stays identifiable, and the
 * answer is never below {@code min_batch_size}. Before two distinct sizes are known it grows
 * geometrically from {@code min_batch_size}; it never answers less than half its previous answer
 * unless the byte cap requires it. The first timing fed is set-up (stateful build, class loading,
 * JIT) and is ignored; the next answer then repeats that size so that it is timed again.
 *
 * <p>Where this departs from Beam, and why: growth is capped at twice the largest size timed, not
 * the last (a partition's short last batch would otherwise halve the next); thinning keeps the
 * small sizes timed while growing (they alone pin the fixed cost once sizes settle within +-25%);
 * outliers are the slowest relative to the fit, not the largest sizes; the fit is reweighted by
 * the fitted time; and shrinking is limited to half per answer, so one noisy fit cannot send a
 * batch to the minimum.
 *
 * <p>One sizer may be shared by the task threads of an executor: every method is synchronized
 * (calls are per batch, not per row).
 *
 * <pre>{@code
 * BatchSizer sizer = BatchSizer.builder().maxBatchSize(65_536).maxBatchBytes(64L << 20).build();
 * while (rows.hasNext()) {
 *   List<Row> batch = take(rows, sizer.next());
 *   long t0 = System.nanoTime();
 *   call(batch);
 *   sizer.record(batch.size(), System.nanoTime() - t0);
 * }
 * }</pre>
 */
public final class BatchSizer {
  /** Points kept for the fit, as in Beam. */
  static final int MAX_POINTS = 100;
  /** Chosen sizes kept for {@link #sizes()}. */
  static final int MAX_HISTORY = 1000;
  /** Fraction of points dropped as slow outliers before the fit. */
  static final double TRIM_FRACTION = 0.2;
  /** Points of Cook's distance above this are dropped from the final fit, as in Beam. */
  static final double MAX_COOKS_DISTANCE = 0.5;
  /** Kept points needed before the Cook's distance refit, as in Beam. */
  static final int MIN_POINTS_FOR_COOK = 10;

  private final Settings settings;
  private final Random random;
  /** Recorded points, oldest first: {size, nanos, bytes or -1}. */
  private final List<double[]> points = new ArrayList<>();
  private final ArrayDeque<Integer> history = new ArrayDeque<>();
  private boolean setUpSeen;
  private int replay;
  private long recorded;
  private long ignored;
  private long chosen;
  private int lastSize;
  private Optional<Fit> cachedFit = Optional.empty();
  private boolean fitStale = true;

  /** A sizer with the given settings. */
  public BatchSizer(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.random = new Random(settings.seed());
  }

  /** A builder with Beam's defaults: min 1, max 10,000, target 1 s, overhead 5%, jitter 25%, no byte cap. */
  public static Builder builder() {
    return new Builder();
  }

  /** The settings this sizer was built with. */
  public Settings settings() {
    return settings;
  }

  /** The size of the next batch, between {@code min_batch_size} and {@code max_batch_size}. */
  public synchronized int next() {
    int size;
    if (replay > 0) {
      size = replay;
      replay = 0;
    } else {
      size = compute();
    }
    lastSize = size;
    chosen++;
    history.addLast(size);
    if (history.size() > MAX_HISTORY) {
      history.removeFirst();
    }
    return size;
  }

  /** Feeds back a batch of {@code size} items whose call took {@code elapsedNanos}. */
  public void record(int size, long elapsedNanos) {
    add(size, elapsedNanos, -1);
  }

  /**
   * Feeds back a batch of {@code size} items whose call took {@code elapsedNanos} and allocated
   * {@code bytesAllocated} bytes; with {@code max_batch_bytes} set, sizes are capped from these.
   */
  public void record(int size, long elapsedNanos, long bytesAllocated) {
    if (bytesAllocated < 0) {
      throw new IllegalArgumentException("bytes allocated must be non-negative but was " + bytesAllocated);
    }
    add(size, elapsedNanos, bytesAllocated);
  }

  private synchronized void add(int size, long elapsedNanos, long bytes) {
    if (size <= 0) {
      throw new IllegalArgumentException("batch size must be positive but was " + size);
    }
    if (elapsedNanos < 0) {
      throw new IllegalArgumentException("elapsed nanos must be non-negative but was " + elapsedNanos);
    }
    if (!setUpSeen) {
      setUpSeen = true;
      ignored++;
      replay = Math.min(size, settings.maxBatchSize());
      return;
    }
    recorded++;
    points.add(new double[] {size, elapsedNanos, bytes});
    if (points.size() >= MAX_POINTS) {
      // Beam drops one random point from the oldest quarter and one from the oldest half. Here
      // each is the most typical size (nearest the median) of that part, so that the few small
      // sizes timed while growing survive: once settled, sizes span only +-25%, too narrow a
      // range to tell the fixed cost from noise.
      points.remove(mostTypical(points.size() / 4));
      points.remove(mostTypical(points.size() / 2));
    }
    fitStale = true;
  }

  /** The index, among the first {@code among} points, of the size nearest the median size. */
  private int mostTypical(int among) {
    double[] sizes = points.stream().mapToDouble(p -> p[0]).sorted().toArray();
    double median = sizes[sizes.length / 2];
    int best = 0;
    for (int i = 1; i < among; i++) {
      if (Math.abs(Math.log(points.get(i)[0] / median)) < Math.abs(Math.log(points.get(best)[0] / median))) {
        best = i;
      }
    }
    return best;
  }

  /** The last size {@link #next()} answered, or 0 before the first call. */
  public synchronized int lastSize() {
    return lastSize;
  }

  /** The last (up to 1,000) sizes {@link #next()} answered, oldest first. */
  public synchronized List<Integer> sizes() {
    return List.copyOf(history);
  }

  /** How many sizes {@link #next()} has answered. */
  public synchronized long sizesChosen() {
    return chosen;
  }

  /** How many timings were used (fed and not ignored as set-up). */
  public synchronized long timingsRecorded() {
    return recorded;
  }

  /** How many timings were ignored as set-up (the first one). */
  public synchronized long timingsIgnored() {
    return ignored;
  }

  /**
   * What this sizer chose so far: the sizes answered, where they settled (the median of the last
   * quarter of the last 1,000 answers), the largest, the byte cap in rows and the last 32 answers.
   */
  public synchronized ExecutionReport.AutoBatch summary() {
    List<Integer> all = new ArrayList<>(history);
    int largest = all.stream().mapToInt(Integer::intValue).max().orElse(0);
    int quarter = Math.max(1, all.size() / 4);
    int[] tail = all.subList(Math.max(0, all.size() - quarter), all.size()).stream().mapToInt(Integer::intValue)
        .sorted().toArray();
    int settled = tail.length == 0 ? 0 : tail[(tail.length - 1) / 2];
    List<Integer> recent = all.subList(Math.max(0, all.size() - 32), all.size());
    return new ExecutionReport.AutoBatch(1, chosen, settled, largest, memoryCap(), recent);
  }

  /** The current fit of time against size, once two distinct sizes have been timed. */
  public synchronized Optional<Fit> fit() {
    if (fitStale) {
      cachedFit = Fits.fit(points);
      fitStale = false;
    }
    return cachedFit;
  }

  /** The median bytes allocated per item over recent batches, once allocations have been fed. */
  public synchronized OptionalDouble bytesPerItem() {
    double[] perItem = points.stream().filter(p -> p[2] >= 0).mapToDouble(p -> p[2] / p[0]).toArray();
    if (perItem.length == 0) {
      return OptionalDouble.empty();
    }
    Arrays.sort(perItem);
    int m = perItem.length;
    return OptionalDouble.of(m % 2 == 1 ? perItem[m / 2] : (perItem[m / 2 - 1] + perItem[m / 2]) / 2);
  }

  /** The largest size the byte cap allows, or {@code max_batch_size} when there is no cap (yet). */
  public synchronized int memoryCap() {
    int max = settings.maxBatchSize();
    OptionalDouble bpi = settings.maxBatchBytes() > 0 ? bytesPerItem() : OptionalDouble.empty();
    if (bpi.isEmpty() || bpi.getAsDouble() <= 0) {
      return max;
    }
    double cap = Math.floor(settings.maxBatchBytes() / bpi.getAsDouble());
    return (int) Math.max(settings.minBatchSize(), Math.min(max, cap));
  }

  private int compute() {
    int min = settings.minBatchSize();
    int upper = memoryCap();
    if (upper <= min) {
      return min;
    }
    if (points.isEmpty()) {
      return min;
    }
    double largestSeen = 0;
    for (double[] p : points) {
      largestSeen = Math.max(largestSeen, p[0]);
    }
    Optional<Fit> f = fit();
    if (f.isEmpty()) {
      // Not two distinct sizes yet: grow geometrically so that there are.
      return (int) Math.min(upper, Math.max(2 * largestSeen, min + 1));
    }
    double a = Math.max(f.get().fixedNanos(), 0);
    double b = f.get().nanosPerItem();
    double target = settings.maxBatchSize();
    if (b > 0) {
      target = Math.min(target, (settings.targetBatchSeconds() * 1e9 - a) / b);
      if (settings.targetBatchOverhead() > 0) {
        target = Math.min(target, a / b * (1 / settings.targetBatchOverhead() - 1));
      }
    }
    target += target * settings.jitter() * (2 * random.nextDouble() - 1);
    double size = Math.min(Math.min(target, 2 * largestSeen), upper);
    // Beam alternates the floor between min and min + 1 so that a sizer pinned at the minimum
    // still times two distinct sizes; here the floor is also half the previous answer.
    int floor = Math.min(upper, Math.max(min + points.size() % 2, lastSize / 2));
    return (int) Math.max(floor, Math.floor(size));
  }

  /** A fit of {@code time = fixedNanos + nanosPerItem x size} over {@code points} recent batches. */
  public record Fit(double fixedNanos, double nanosPerItem, int points) {}

  /**
   * What a sizer is built with; validated on construction, serializable so that the driver can
   * ship it to executors.
   *
   * @param minBatchSize the smallest size answered
   * @param maxBatchSize the largest size answered
   * @param targetBatchSeconds the duration of one call to aim at
   * @param targetBatchOverhead the share of a call the fixed cost may take; 0 turns this rule off
   * @param maxBatchBytes the bytes one batch may allocate; 0 means no cap
   * @param jitter the relative spread of sizes around the model's choice
   * @param seed the seed of the jitter
   */
  public record Settings(
      int minBatchSize,
      int maxBatchSize,
      double targetBatchSeconds,
      double targetBatchOverhead,
      long maxBatchBytes,
      double jitter,
      long seed) implements Serializable {

    /** Validates every field, naming it and its value. */
    public Settings {
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
    public static Settings defaults() {
      return builder().settings();
    }
  }

  /** Builds a {@link BatchSizer} or its {@link Settings}; unset values take Beam's defaults. */
  public static final class Builder {
    private int minBatchSize = 1;
    private int maxBatchSize = 10_000;
    private double targetBatchSeconds = 1.0;
    private double targetBatchOverhead = 0.05;
    private long maxBatchBytes = 0;
    private double jitter = 0.25;
    private long seed = 0x5EEDL;

    private Builder() {}

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
    public Settings settings() {
      return new Settings(minBatchSize, maxBatchSize, targetBatchSeconds, targetBatchOverhead,
          maxBatchBytes, jitter, seed);
    }

    /** A new sizer with these settings. */
    public BatchSizer build() {
      return new BatchSizer(settings());
    }
  }

  /**
   * The fit: weighted least squares of {@code t = a + b n}. It starts from Beam's weights
   * (residuals over n, numpy.polyfit's {@code w = 1/x}), then reweights by the fitted time
   * (residuals over {@code a + b n}, the model of noise proportional to a call's length) until the
   * fit settles: with Beam's weights the few small batches, whose times hardly depend on the
   * per-item cost, also set the per-item cost. Each round drops the slow outliers; the final fit
   * drops points of Cook's distance above 0.5, as Beam does.
   */
  static final class Fits {
    private static final int MAX_ROUNDS = 50;

    private Fits() {}

    static Optional<Fit> fit(List<double[]> points) {
      int m = points.size();
      double[] n = new double[m];
      double[] t = new double[m];
      double[] w = new double[m];
      for (int i = 0; i < m; i++) {
        n[i] = points.get(i)[0];
        t[i] = points.get(i)[1];
        w[i] = 1 / (n[i] * n[i]);
      }
      boolean[] keep = new boolean[m];
      Arrays.fill(keep, true);
      Optional<double[]> ab = weighted(n, t, w, keep);
      if (ab.isEmpty()) {
        return Optional.empty();
      }
      double typical = Math.max(median(t.clone()), 1);
      double floor = 1e-3 * typical;
      int trim = (int) (m * TRIM_FRACTION);
      for (int round = 0; round < MAX_ROUNDS; round++) {
        double[] fitted = predicted(n, ab.get(), floor);
        for (int i = 0; i < m; i++) {
          w[i] = 1 / (fitted[i] * fitted[i]);
        }
        boolean[] next = trim > 0 ? withoutSlowOutliers(t, fitted, trim) : keep;
        Optional<double[]> refit = weighted(n, t, w, next);
        if (refit.isEmpty()) {
          break;
        }
        boolean settled = Arrays.equals(next, keep)
            && Math.abs(refit.get()[0] - ab.get()[0]) + Math.abs(refit.get()[1] - ab.get()[1]) * n[m - 1]
                <= 1e-9 * typical;
        keep = next;
        ab = refit;
        if (settled) {
          break;
        }
      }
      ab = withoutInfluential(n, t, w, keep, ab.get());
      int used = 0;
      for (boolean k : keep) {
        used += k ? 1 : 0;
      }
      return Optional.of(new Fit(ab.get()[0], ab.get()[1], used));
    }

    private static double[] predicted(double[] n, double[] ab, double floor) {
      double[] p = new double[n.length];
      for (int i = 0; i < n.length; i++) {
        p[i] = Math.max(ab[0] + ab[1] * n[i], floor);
      }
      return p;
    }

    /**
     * All points but the slowest, by time over the fit's prediction: at most {@code maxDropped} of
     * them, and only those beyond three robust standard deviations (1.4826 MAD) above the median
     * excess, so that plain noise is not trimmed (which would bias the fit towards the fastest).
     */
    private static boolean[] withoutSlowOutliers(double[] t, double[] fitted, int maxDropped) {
      int m = t.length;
      double[] excess = new double[m];
      Integer[] order = new Integer[m];
      for (int i = 0; i < m; i++) {
        order[i] = i;
        excess[i] = (t[i] - fitted[i]) / fitted[i];
      }
      double median = median(excess.clone());
      double[] deviation = new double[m];
      for (int i = 0; i < m; i++) {
        deviation[i] = Math.abs(excess[i] - median);
      }
      double threshold = median + Math.max(3 * 1.4826 * median(deviation), 1e-6);
      Arrays.sort(order, (x, y) -> excess[x] != excess[y]
          ? Double.compare(excess[y], excess[x]) : Integer.compare(x, y));
      boolean[] keep = new boolean[m];
      Arrays.fill(keep, true);
      for (int k = 0; k < maxDropped && excess[order[k]] > threshold; k++) {
        keep[order[k]] = false;
      }
      return keep;
    }

    private static double median(double[] xs) {
      Arrays.sort(xs);
      int m = xs.length;
      return m % 2 == 1 ? xs[m / 2] : (xs[m / 2 - 1] + xs[m / 2]) / 2;
    }

    /** Refits without the kept points of (weighted) Cook's distance above 0.5, when that leaves a fit. */
    private static Optional<double[]> withoutInfluential(
        double[] n, double[] t, double[] w, boolean[] keep, double[] ab) {
      int m = 0;
      double sw = 0;
      double swn = 0;
      double swt2 = 0;
      for (int i = 0; i < n.length; i++) {
        if (keep[i]) {
          m++;
          sw += w[i];
          swn += w[i] * n[i];
          swt2 += w[i] * t[i] * t[i];
        }
      }
      if (m < MIN_POINTS_FOR_COOK) {
        return Optional.of(ab);
      }
      double nbar = swn / sw;
      double snn = 0;
      double sse = 0;
      for (int i = 0; i < n.length; i++) {
        if (keep[i]) {
          double e = t[i] - (ab[0] + ab[1] * n[i]);
          snn += w[i] * (n[i] - nbar) * (n[i] - nbar);
          sse += w[i] * e * e;
        }
      }
      double s2 = sse / (m - 2);
      if (snn <= 0 || s2 <= 1e-20 * swt2 / sw) {
        return Optional.of(ab); // an exact fit: nothing is influential
      }
      boolean[] next = keep.clone();
      boolean dropped = false;
      for (int i = 0; i < n.length; i++) {
        if (keep[i]) {
          double e = t[i] - (ab[0] + ab[1] * n[i]);
          double h = w[i] * (1 / sw + (n[i] - nbar) * (n[i] - nbar) / snn);
          double cook = w[i] * e * e / (2 * s2) * h / ((1 - h) * (1 - h));
          if (cook > MAX_COOKS_DISTANCE) {
            next[i] = false;
            dropped = true;
          }
        }
      }
      if (!dropped) {
        return Optional.of(ab);
      }
      Optional<double[]> refit = weighted(n, t, w, next);
      if (refit.isPresent()) {
        System.arraycopy(next, 0, keep, 0, keep.length);
        return refit;
      }
      return Optional.of(ab);
    }

    /** {@code {a, b}} of the weighted fit over the kept points, if they hold two distinct sizes. */
    static Optional<double[]> weighted(double[] n, double[] t, double[] w, boolean[] keep) {
      double sw = 0;
      double swn = 0;
      double swt = 0;
      double first = Double.NaN;
      boolean distinct = false;
      for (int i = 0; i < n.length; i++) {
        if (keep[i]) {
          sw += w[i];
          swn += w[i] * n[i];
          swt += w[i] * t[i];
          if (Double.isNaN(first)) {
            first = n[i];
          } else if (n[i] != first) {
            distinct = true;
          }
        }
      }
      if (!distinct) {
        return Optional.empty();
      }
      double nbar = swn / sw;
      double tbar = swt / sw;
      double snn = 0;
      double snt = 0;
      for (int i = 0; i < n.length; i++) {
        if (keep[i]) {
          double dn = n[i] - nbar;
          snn += w[i] * dn * dn;
          snt += w[i] * dn * (t[i] - tbar);
        }
      }
      double b = snt / snn;
      return Optional.of(new double[] {tbar - b * nbar, b});
    }
  }
}
