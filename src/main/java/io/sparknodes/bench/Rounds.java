package io.sparknodes.bench;

import io.sparknodes.results.Statistics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs variants in rounds: {@code warmup} unmeasured rounds, then {@code repeats} measured ones.
 * Each round runs every variant once, in a seeded shuffled order, so that drift (JIT, caches, a
 * neighbour's load) spreads over all variants instead of favouring one, and samples pair up by
 * round. Before each sample the heap is collected, outside the timing, so that no variant pays for
 * another's garbage. A sample is one run, or the mean of a few back-to-back runs for very short
 * ones. Every run's output is checked, after the timing; a wrong output fails the benchmark.
 */
final class Rounds {
  private Rounds() {}

  /** Runs the rounds; results in the order of {@code variants}. */
  static List<VariantResult> run(List<Variant> variants, BenchOptions options, long salt, Consumer<String> log)
      throws Exception {
    Map<String, Acc> accs = new LinkedHashMap<>();
    for (Variant v : variants) {
      if (accs.put(v.name(), new Acc(v)) != null) {
        throw new IllegalArgumentException("two variants are named '" + v.name() + "'");
      }
    }
    int rounds = options.warmup() + options.repeats();
    for (int round = 0; round < rounds; round++) {
      boolean measured = round >= options.warmup();
      List<Acc> order = new ArrayList<>(accs.values());
      Collections.shuffle(order, new Random(options.seed() * 1_000_003L + salt * 7919L + round));
      for (Acc acc : order) {
        acc.runOnce(measured, round);
      }
      log.accept((measured ? "measured round " + (round - options.warmup() + 1) + "/" + options.repeats()
          : "warm-up round " + (round + 1) + "/" + options.warmup()) + ": " + describe(order, measured));
    }
    List<VariantResult> results = new ArrayList<>();
    for (Acc acc : accs.values()) {
      Variant v = acc.variant;
      results.add(new VariantResult(v.name(), v.description(), v.items().size(), v.runs(), acc.samples,
          Statistics.summarize(acc.samples, v.items().size()), acc.cpu, Statistics.summarize(acc.cpu, v.items().size()),
          acc.counts, acc.warmupCounts, acc.checked));
    }
    return results;
  }

  private static String describe(List<Acc> order, boolean measured) {
    StringBuilder b = new StringBuilder();
    for (Acc a : order) {
      b.append(b.length() == 0 ? "" : ", ").append(a.variant.name()).append(' ')
          .append(String.format(java.util.Locale.ROOT, "%.3f s", a.last));
    }
    return b.toString();
  }

  private static final class Acc {
    final Variant variant;
    final List<Double> samples = new ArrayList<>();
    final List<Double> cpu = new ArrayList<>();
    final Map<String, Long> counts = new LinkedHashMap<>();
    final Map<String, Long> warmupCounts = new LinkedHashMap<>();
    int checked;
    double last;

    Acc(Variant variant) {
      this.variant = variant;
    }

    void runOnce(boolean measured, int round) throws Exception {
      System.gc();
      List<Variant.Outcome> outcomes = new ArrayList<>(variant.runs());
      Stopwatch watch = new Stopwatch();
      for (int r = 0; r < variant.runs(); r++) {
        outcomes.add(variant.body().run(watch));
      }
      Stopwatch.Timing total = watch.stop();
      Stopwatch.Timing timing = new Stopwatch.Timing(total.wall() / variant.runs(), total.cpu() / variant.runs());
      Map<String, Long> into = measured ? counts : warmupCounts;
      for (Variant.Outcome outcome : outcomes) {
        Optional<String> problem = Work.check(variant.items(), outcome.output());
        if (problem.isPresent()) {
          throw new IllegalStateException("variant '" + variant.name() + "' produced a wrong output in round "
              + (round + 1) + ": " + problem.get());
        }
        outcome.counts().forEach((k, n) -> into.merge(k, n, Long::sum));
      }
      checked += outcomes.size();
      last = timing.wall();
      if (measured) {
        samples.add(timing.wall());
        cpu.add(timing.cpu());
      }
    }
  }
}
