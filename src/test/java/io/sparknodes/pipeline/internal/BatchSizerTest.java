package io.sparknodes.pipeline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Synthetic timings whose best size is known; no clock is read. */
class BatchSizerTest {
  private static final long MS = 1_000_000L;
  /** Noisy scenarios run under this many seeds (of the timings and of the jitter). */
  private static final int SEEDS = 20;

  /** Nanoseconds a synthetic call of {@code size} items takes as the {@code batch}-th call. */
  interface Cost {
    long nanos(int batch, int size);
  }

  /** Asks for {@code batches} sizes, feeding each back with its synthetic cost; returns the sizes. */
  private static List<Integer> drive(BatchSizer sizer, int batches, Cost cost) {
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < batches; i++) {
      int n = sizer.next();
      sizes.add(n);
      sizer.record(n, cost.nanos(i, n));
    }
    return sizes;
  }

  private static Cost linear(double fixedNanos, double nanosPerItem) {
    return (i, n) -> Math.round(fixedNanos + nanosPerItem * n);
  }

  /** The linear cost times a Gaussian factor of relative spread {@code sd}, from a seeded source. */
  private static Cost noisy(double fixedNanos, double nanosPerItem, double sd, long seed) {
    Random r = new Random(seed);
    return (i, n) -> Math.round((fixedNanos + nanosPerItem * n) * Math.max(0.05, 1 + sd * r.nextGaussian()));
  }

  private static double median(List<Integer> xs) {
    List<Integer> s = new ArrayList<>(xs);
    Collections.sort(s);
    int m = s.size();
    return m % 2 == 1 ? s.get(m / 2) : (s.get(m / 2 - 1) + s.get(m / 2)) / 2.0;
  }

  private static void assertAllWithin(List<Integer> sizes, double lo, double hi) {
    for (int i = 0; i < sizes.size(); i++) {
      int n = sizes.get(i);
      assertTrue(n >= lo && n <= hi, "size " + n + " at " + i + " outside [" + lo + ", " + hi + "]: " + sizes);
    }
  }

  @Test
  void fixedCostPerCall_settlesAtOrAbove4096_withinBoundedBatches() {
    BatchSizer sizer = BatchSizer.builder().maxBatchSize(65_536).build();
    List<Integer> sizes = drive(sizer, 200, linear(5 * MS, 100));
    int first = sizes.indexOf(sizes.stream().filter(n -> n >= 4096).findFirst().orElseThrow());
    assertTrue(first <= 20, "reached 4096 only at batch " + first + ": " + sizes);
    assertAllWithin(sizes.subList(first, sizes.size()), 4096, 65_536);
    // a / b x 19 = 950,000 items, above the cap: the sizer sits at the cap, jittered below it.
    assertAllWithin(sizes.subList(30, sizes.size()), 0.75 * 65_536 - 1, 65_536);
    assertTrue(sizes.stream().mapToLong(Integer::longValue).sum() > 200_000);
  }

  @Test
  void fixedCostPerCall_withNoisyTimings_stillSettlesAtOrAbove4096() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      BatchSizer sizer = BatchSizer.builder().maxBatchSize(65_536).seed(seed).build();
      List<Integer> sizes = drive(sizer, 300, noisy(5 * MS, 100, 0.2, seed));
      assertAllWithin(sizes.subList(40, sizes.size()), 4096, 65_536);
    }
  }

  @Test
  void fixedCost_settlesWhereItIsFivePercentOfTheCall() {
    // a = 5 ms, b = 10 us: a / (a + b n) = 5% at n = (a / b) x 19 = 9,500; 1 s would allow 99,500.
    BatchSizer sizer = BatchSizer.builder().maxBatchSize(65_536).build();
    List<Integer> sizes = drive(sizer, 200, linear(5 * MS, 10_000));
    List<Integer> settled = sizes.subList(40, sizes.size());
    assertAllWithin(settled, 0.75 * 9500 - 1, 1.25 * 9500 + 1);
    assertEquals(9500, median(settled), 0.05 * 9500);
    BatchSizer.Fit fit = sizer.fit().orElseThrow();
    assertEquals(5 * MS, fit.fixedNanos(), 0.01 * 5 * MS);
    assertEquals(10_000, fit.nanosPerItem(), 0.01 * 10_000);
  }

  @Test
  void pureRowCost_settlesNearTargetDurationOverPerItemCost() {
    // b = 20 us, target 0.1 s: 5,000 items per call. The overhead rule is off (nothing to amortize).
    BatchSizer sizer = BatchSizer.builder().maxBatchSize(65_536).targetBatchSeconds(0.1)
        .targetBatchOverhead(0).build();
    List<Integer> sizes = drive(sizer, 200, linear(0, 20_000));
    List<Integer> settled = sizes.subList(30, sizes.size());
    assertAllWithin(settled, 0.75 * 5000 - 1, 1.25 * 5000 + 1);
    assertEquals(5000, median(settled), 0.05 * 5000);
    assertEquals(20_000, sizer.fit().orElseThrow().nanosPerItem(), 1e-6 * 20_000);
  }

  @Test
  void pureRowCost_withOverheadRule_staysAtTheMinimum_asBeamDoes() {
    // No fixed cost: any size has overhead under 5%, so the smallest (and its neighbour) is chosen.
    BatchSizer sizer = BatchSizer.builder().maxBatchSize(65_536).build();
    List<Integer> sizes = drive(sizer, 100, linear(0, 20_000));
    assertAllWithin(sizes.subList(10, sizes.size()), 1, 2);
    assertTrue(sizes.subList(10, sizes.size()).contains(2), "two distinct sizes keep the fit identifiable");
  }

  @Test
  void targetDuration_boundsAFixedCostWorkload_whenItIsTheTighterRule() {
    // a = 5 ms, b = 10 us, target 50 ms: (0.05 - 0.005) / 1e-5 = 4,500 < 9,500 from the overhead rule.
    BatchSizer sizer = BatchSizer.builder().maxBatchSize(65_536).targetBatchSeconds(0.05).build();
    List<Integer> settled = drive(sizer, 200, linear(5 * MS, 10_000)).subList(40, 200);
    assertAllWithin(settled, 0.75 * 4500 - 1, 1.25 * 4500 + 1);
    assertEquals(4500, median(settled), 0.05 * 4500);
  }

  @Test
  void memoryCap_keepsEverySizeUnderCapOverBytesPerItem() {
    long bytesPerItem = 4096;
    long cap = 16L << 20; // 4,096 items
    BatchSizer sizer = BatchSizer.builder().maxBatchSize(65_536).maxBatchBytes(cap).build();
    Random r = new Random(3);
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int n = sizer.next();
      sizes.add(n);
      long bytes = Math.round(n * bytesPerItem * (1 + 0.02 * r.nextGaussian()));
      sizer.record(n, 5 * MS + 100L * n, Math.max(0, bytes));
    }
    assertAllWithin(sizes, 1, cap / bytesPerItem * 1.05);
    // Without the cap this workload sits near 65,536 (see above); with it, near 4,096.
    assertAllWithin(sizes.subList(30, 200), 0.9 * 4096, 1.05 * 4096);
    assertEquals(bytesPerItem, sizer.bytesPerItem().orElseThrow(), 0.01 * bytesPerItem);
  }

  @Test
  void memoryCap_exactBytes_neverExceedsTheCap() {
    BatchSizer sizer = BatchSizer.builder().maxBatchSize(65_536).maxBatchBytes(10_000_000).build();
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      int n = sizer.next();
      sizes.add(n);
      sizer.record(n, 5 * MS + 100L * n, 3000L * n);
    }
    assertAllWithin(sizes, 1, 10_000_000 / 3000);
    assertEquals(10_000_000 / 3000, sizes.get(149));
    assertEquals(10_000_000 / 3000, sizer.memoryCap());
  }

  @Test
  void memoryCap_isOffWithoutAllocations_orWithZeroMaxBatchBytes() {
    BatchSizer noBytes = BatchSizer.builder().maxBatchSize(65_536).maxBatchBytes(1 << 20).build();
    drive(noBytes, 50, linear(5 * MS, 100));
    assertTrue(noBytes.bytesPerItem().isEmpty());
    assertEquals(65_536, noBytes.memoryCap());

    BatchSizer noCap = BatchSizer.builder().maxBatchSize(65_536).build();
    for (int i = 0; i < 50; i++) {
      int n = noCap.next();
      noCap.record(n, 5 * MS + 100L * n, 1_000_000L * n);
    }
    assertEquals(65_536, noCap.memoryCap());
    assertTrue(noCap.lastSize() > 4096);
  }

  @Test
  void slowOutliers_doNotDerailTheFit() {
    // Every 7th call is 50x slower (a GC pause, a noisy neighbour): 14% of points, under the 20% trimmed.
    Cost base = linear(5 * MS, 10_000);
    Cost withOutliers = (i, n) -> i % 7 == 3 ? 50 * base.nanos(i, n) : base.nanos(i, n);
    BatchSizer sizer = BatchSizer.builder().maxBatchSize(65_536).build();
    List<Integer> settled = drive(sizer, 300, withOutliers).subList(60, 300);
    assertAllWithin(settled, 0.75 * 9500 * 0.95, 1.25 * 9500 * 1.05);
    assertEquals(9500, median(settled), 0.05 * 9500);
    BatchSizer.Fit fit = sizer.fit().orElseThrow();
    assertEquals(5 * MS, fit.fixedNanos(), 0.01 * 5 * MS);
    assertEquals(10_000, fit.nanosPerItem(), 0.01 * 10_000);
  }

  @Test
  void slowOutliers_amidNoise_doNotDerailTheFit() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Cost base = noisy(5 * MS, 10_000, 0.05, seed);
      Cost withOutliers = (i, n) -> i % 7 == 3 ? 50 * base.nanos(i, n) : base.nanos(i, n);
      BatchSizer sizer = BatchSizer.builder().maxBatchSize(65_536).seed(seed).build();
      List<Integer> settled = drive(sizer, 300, withOutliers).subList(60, 300);
      assertAllWithin(settled, 0.6 * 9500, 1.4 * 9500);
      assertEquals(9500, median(settled), 0.15 * 9500, "seed " + seed);
      BatchSizer.Fit fit = sizer.fit().orElseThrow();
      assertEquals(5 * MS, fit.fixedNanos(), 0.1 * 5 * MS, "seed " + seed);
      assertEquals(10_000, fit.nanosPerItem(), 0.05 * 10_000, "seed " + seed);
    }
  }

  @Test
  void noisyTimings_fitRecoversTheKnownCosts() {
    // 10% noise on every call: the fixed cost (5% of a settled call) rests on the small sizes timed while growing.
    List<Double> fixedErrors = new ArrayList<>();
    for (long seed = 1; seed <= SEEDS; seed++) {
      BatchSizer sizer = BatchSizer.builder().maxBatchSize(65_536).seed(seed).build();
      List<Integer> settled = drive(sizer, 300, noisy(5 * MS, 10_000, 0.1, seed)).subList(60, 300);
      BatchSizer.Fit fit = sizer.fit().orElseThrow();
      fixedErrors.add(Math.abs(fit.fixedNanos() / (5 * MS) - 1));
      assertEquals(5 * MS, fit.fixedNanos(), 0.3 * 5 * MS, "seed " + seed);
      assertEquals(10_000, fit.nanosPerItem(), 0.05 * 10_000, "seed " + seed);
      assertEquals(9500, median(settled), 0.25 * 9500, "seed " + seed);
    }
    Collections.sort(fixedErrors);
    assertTrue(fixedErrors.get(SEEDS / 2) < 0.05, "median error of the fixed cost " + fixedErrors);
  }

  @Test
  void pureNoise_timingsUnrelatedToSize_findNoReasonToStopGrowing() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Random r = new Random(seed);
      BatchSizer sizer = BatchSizer.builder().maxBatchSize(10_000).seed(seed).build();
      // 1 to 10 ms per call whatever its size: mean 5.5 ms, no per-item cost.
      List<Integer> sizes = drive(sizer, 300, (i, n) -> (1 + r.nextInt(10)) * MS);
      assertAllWithin(sizes, 1, 10_000);
      List<Integer> settled = sizes.subList(100, 300);
      assertTrue(median(settled) >= 0.75 * 10_000, "seed " + seed + ": " + settled);
      BatchSizer.Fit fit = sizer.fit().orElseThrow();
      double atMedian = fit.fixedNanos() + fit.nanosPerItem() * median(settled);
      assertEquals(5.5 * MS, atMedian, 0.25 * 5.5 * MS, "seed " + seed + ": " + fit);
    }
  }

  @Test
  void firstTiming_isIgnoredAsSetUp_andItsSizeIsTimedAgain() {
    BatchSizer slowStart = BatchSizer.builder().maxBatchSize(65_536).build();
    BatchSizer plain = BatchSizer.builder().maxBatchSize(65_536).build();
    Cost cost = linear(5 * MS, 10_000);
    assertEquals(1, slowStart.next());
    slowStart.record(1, 60_000 * MS); // a minute of stateful build and JIT
    assertEquals(1, plain.next());
    plain.record(1, cost.nanos(0, 1));
    assertEquals(1, slowStart.timingsIgnored());
    assertEquals(0, slowStart.timingsRecorded());
    assertTrue(slowStart.fit().isEmpty());
    assertEquals(1, slowStart.next(), "the ignored size is replayed");
    assertEquals(1, plain.next());
    slowStart.record(1, cost.nanos(1, 1));
    plain.record(1, cost.nanos(1, 1));
    assertEquals(drive(plain, 100, cost), drive(slowStart, 100, cost));
    assertEquals(plain.fit(), slowStart.fit());
  }

  @Test
  void beforeTwoDistinctSizes_growsGeometricallyFromMin() {
    BatchSizer sizer = BatchSizer.builder().minBatchSize(3).maxBatchSize(65_536).build();
    List<Integer> sizes = drive(sizer, 8, linear(5 * MS, 1));
    // min (set-up, ignored), min again (timed), then doubling while the fit allows far more.
    assertEquals(List.of(3, 3, 6, 12, 24, 48, 96, 192), sizes);
  }

  @Test
  void partialTailBatches_doNotCollapseGrowth() {
    // A partition's last batch is short; growth is capped at twice the largest size seen, not the last.
    BatchSizer sizer = BatchSizer.builder().maxBatchSize(65_536).build();
    Cost cost = linear(5 * MS, 100);
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int n = sizer.next();
      sizes.add(n);
      sizer.record(n, cost.nanos(i, n));
      if (i % 3 == 2) {
        sizer.record(7, cost.nanos(i, 7));
      }
    }
    // As without tail batches: at the cap, jittered below it, never halved after a short batch.
    assertAllWithin(sizes.subList(40, 100), 0.75 * 65_536 - 1, 65_536);
  }

  @Test
  void jitter_staysWithin25Percent_andSpreadsTheSizes() {
    BatchSizer sizer = BatchSizer.builder().maxBatchSize(65_536).targetBatchSeconds(0.1)
        .targetBatchOverhead(0).build();
    List<Integer> settled = drive(sizer, 300, linear(0, 20_000)).subList(30, 300);
    assertAllWithin(settled, 0.75 * 5000 - 1, 1.25 * 5000 + 1);
    assertTrue(Collections.min(settled) < 0.8 * 5000, "jitter reaches down: " + Collections.min(settled));
    assertTrue(Collections.max(settled) > 1.2 * 5000, "jitter reaches up: " + Collections.max(settled));
  }

  @Test
  void zeroJitter_settlesOnTheModelsSizeExactly() {
    BatchSizer sizer = BatchSizer.builder().maxBatchSize(65_536).targetBatchSeconds(0.1)
        .targetBatchOverhead(0).jitter(0).build();
    List<Integer> settled = drive(sizer, 100, linear(0, 20_000)).subList(30, 100);
    assertAllWithin(settled, 4999, 5000);
  }

  @Test
  void sameSeed_sameSizes_otherSeed_otherSizes() {
    Supplier<BatchSizer> seeded = () -> BatchSizer.builder().maxBatchSize(65_536).seed(42).build();
    Cost cost = linear(5 * MS, 10_000);
    List<Integer> a = drive(seeded.get(), 150, cost);
    assertEquals(a, drive(seeded.get(), 150, cost));
    assertNotEquals(a, drive(BatchSizer.builder().maxBatchSize(65_536).seed(43).build(), 150, cost));
  }

  @Test
  void minAndMax_areRespected() {
    BatchSizer bounded = BatchSizer.builder().minBatchSize(16).maxBatchSize(100).build();
    List<Integer> sizes = drive(bounded, 100, linear(5 * MS, 100));
    assertAllWithin(sizes, 16, 100);
    assertEquals(100, sizes.get(99));

    BatchSizer floor = BatchSizer.builder().minBatchSize(16).maxBatchSize(100).build();
    List<Integer> floorSizes = drive(floor, 100, linear(0, 1_000_000));
    assertAllWithin(floorSizes, 16, 100);
    assertAllWithin(floorSizes.subList(10, 100), 16, 17);

    BatchSizer fixed = BatchSizer.builder().minBatchSize(64).maxBatchSize(64).build();
    assertAllWithin(drive(fixed, 50, linear(5 * MS, 100)), 64, 64);
  }

  @Test
  void sharedAcrossTaskThreads_countsEveryBatch_andSettles() throws Exception {
    BatchSizer sizer = BatchSizer.builder().maxBatchSize(65_536).build();
    Cost cost = linear(5 * MS, 100);
    int threads = 4;
    int perThread = 500;
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Integer> seen = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            int n = sizer.next();
            seen.add(n);
            sizer.record(n, cost.nanos(i, n));
            sizer.fit();
            sizer.sizes();
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(threads * perThread, sizer.sizesChosen());
    assertEquals(threads * perThread, sizer.timingsRecorded() + sizer.timingsIgnored());
    assertEquals(1, sizer.timingsIgnored());
    assertAllWithin(new ArrayList<>(seen), 1, 65_536);
    assertAllWithin(sizer.sizes().subList(900, 1000), 4096, 65_536);
  }

  @Test
  void history_isBoundedAndEndsWithTheLastSize() {
    BatchSizer sizer = BatchSizer.builder().maxBatchSize(65_536).build();
    assertEquals(0, sizer.lastSize());
    List<Integer> sizes = drive(sizer, 1500, linear(5 * MS, 10_000));
    assertEquals(BatchSizer.MAX_HISTORY, sizer.sizes().size());
    assertEquals(sizes.subList(500, 1500), sizer.sizes());
    assertEquals(sizes.get(1499), sizer.lastSize());
    assertEquals(1500, sizer.sizesChosen());
    assertTrue(sizer.fit().orElseThrow().points() < BatchSizer.MAX_POINTS);
  }

  @Test
  void defaults_areBeams() {
    BatchSizerSettings d = BatchSizerSettings.defaults();
    assertEquals(1, d.minBatchSize());
    assertEquals(10_000, d.maxBatchSize());
    assertEquals(1.0, d.targetBatchSeconds());
    assertEquals(0.05, d.targetBatchOverhead());
    assertEquals(0, d.maxBatchBytes());
    assertEquals(0.25, d.jitter());
    assertEquals(d, new BatchSizer(d).settings());
  }

  static List<Object[]> invalidSettings() {
    return List.of(
        new Object[] {(Supplier<?>) () -> BatchSizer.builder().minBatchSize(0).build(),
            "min_batch_size must be positive but was 0"},
        new Object[] {(Supplier<?>) () -> BatchSizer.builder().minBatchSize(10).maxBatchSize(5).build(),
            "max_batch_size must be at least min_batch_size (10) but was 5"},
        new Object[] {(Supplier<?>) () -> BatchSizer.builder().targetBatchSeconds(0).build(),
            "target_batch_seconds must be positive but was 0.0"},
        new Object[] {(Supplier<?>) () -> BatchSizer.builder().targetBatchSeconds(Double.NaN).build(),
            "target_batch_seconds must be positive but was NaN"},
        new Object[] {(Supplier<?>) () -> BatchSizer.builder().targetBatchSeconds(Double.POSITIVE_INFINITY).build(),
            "target_batch_seconds must be positive but was Infinity"},
        new Object[] {(Supplier<?>) () -> BatchSizer.builder().targetBatchOverhead(1).build(),
            "target_batch_overhead must be in [0, 1) (0 turns it off) but was 1.0"},
        new Object[] {(Supplier<?>) () -> BatchSizer.builder().targetBatchOverhead(-0.1).build(),
            "target_batch_overhead must be in [0, 1) (0 turns it off) but was -0.1"},
        new Object[] {(Supplier<?>) () -> BatchSizer.builder().maxBatchBytes(-1).build(),
            "max_batch_bytes must be non-negative (0 means no cap) but was -1"},
        new Object[] {(Supplier<?>) () -> BatchSizer.builder().jitter(1.0).build(),
            "jitter must be in [0, 1) but was 1.0"},
        new Object[] {(Supplier<?>) () -> {
              BatchSizer.builder().build().record(0, 5);
              return null;
            }, "batch size must be positive but was 0"},
        new Object[] {(Supplier<?>) () -> {
              BatchSizer.builder().build().record(3, -5);
              return null;
            }, "elapsed nanos must be non-negative but was -5"},
        new Object[] {(Supplier<?>) () -> {
              BatchSizer.builder().build().record(3, 5, -1);
              return null;
            }, "bytes allocated must be non-negative but was -1"});
  }

  @ParameterizedTest
  @MethodSource("invalidSettings")
  void invalidParameters_areRejected_namingKeyAndValue(Supplier<?> make, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::get);
    assertEquals(message, e.getMessage());
  }
}
