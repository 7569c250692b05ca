package io.sparknodes.pipeline.internal;

import io.sparknodes.pipeline.ExecutionReport;
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

  private final BatchSizerSettings settings;
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
  public BatchSizer(BatchSizerSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.random = new Random(settings.seed());
  }

  /** A builder with Beam's defaults: min 1, max 10,000, target 1 s, overhead 5%, jitter 25%, no byte cap. */
  public static BatchSizerSettings.Builder builder() {
    return new BatchSizerSettings.Builder();
  }

  /** The settings this sizer was built with. */
  BatchSizerSettings settings() {
    return settings;
  }

  /** The size of the next batch, between {@code min_batch_size} and {@code max_batch_size}. */
  synchronized int next() {
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
  void record(int size, long elapsedNanos) {
    add(size, elapsedNanos, -1);
  }

  /**
   * Feeds back a batch of {@code size} items whose call took {@code elapsedNanos} and allocated
   * {@code bytesAllocated} bytes; with {@code max_batch_bytes} set, sizes are capped from these.
   */
  void record(int size, long elapsedNanos, long bytesAllocated) {
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
  synchronized int lastSize() {
    return lastSize;
  }

  /** The last (up to 1,000) sizes {@link #next()} answered, oldest first. */
  synchronized List<Integer> sizes() {
    return List.copyOf(history);
  }

  /** How many sizes {@link #next()} has answered. */
  synchronized long sizesChosen() {
    return chosen;
  }

  /** How many timings were used (fed and not ignored as set-up). */
  synchronized long timingsRecorded() {
    return recorded;
  }

  /** How many timings were ignored as set-up (the first one). */
  synchronized long timingsIgnored() {
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
  synchronized Optional<Fit> fit() {
    if (fitStale) {
      cachedFit = BatchSizerFits.fit(points);
      fitStale = false;
    }
    return cachedFit;
  }

  /** The median bytes allocated per item over recent batches, once allocations have been fed. */
  synchronized OptionalDouble bytesPerItem() {
    double[] perItem = points.stream().filter(p -> p[2] >= 0).mapToDouble(p -> p[2] / p[0]).toArray();
    if (perItem.length == 0) {
      return OptionalDouble.empty();
    }
    Arrays.sort(perItem);
    int m = perItem.length;
    return OptionalDouble.of(m % 2 == 1 ? perItem[m / 2] : (perItem[m / 2 - 1] + perItem[m / 2]) / 2);
  }

  /** The largest size the byte cap allows, or {@code max_batch_size} when there is no cap (yet). */
  synchronized int memoryCap() {
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
  record Fit(double fixedNanos, double nanosPerItem, int points) {}
}
