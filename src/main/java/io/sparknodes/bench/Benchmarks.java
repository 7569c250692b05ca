package io.sparknodes.bench;

import io.sparknodes.results.Environment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The benchmarks by name, and a run of some of them one after another, each in its own session.
 *
 * <pre>{@code
 * BenchReport report = Benchmarks.run(List.of("overhead"), BenchOptions.defaults(Scale.TINY), System.out::println);
 * System.out.println(BenchFormat.MARKDOWN.writer().render(report));
 * }</pre>
 */
public final class Benchmarks {
  /** The name that runs them all. */
  public static final String ALL = "all";

  private static final Map<String, Supplier<Benchmark>> BY_NAME = new LinkedHashMap<>();

  static {
    BY_NAME.put("stateful", StatefulBench::new);
    BY_NAME.put("batch", BatchBench::new);
    BY_NAME.put("overhead", OverheadBench::new);
    BY_NAME.put("scale", ScaleBench::new);
    BY_NAME.put("partitions", PartitionsBench::new);
    BY_NAME.put("cache", CacheBench::new);
  }

  private Benchmarks() {}

  /** The benchmarks' names, in the order {@code all} runs them. */
  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  /**
   * The names {@code name} stands for: itself, or every benchmark for {@value #ALL}.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static List<String> resolve(String name) {
    if (ALL.equals(name)) {
      return names();
    }
    if (!BY_NAME.containsKey(name)) {
      throw new IllegalArgumentException("unknown benchmark '" + name + "': expected one of " + names() + " or " + ALL);
    }
    return List.of(name);
  }

  /**
   * Runs the benchmarks {@code names} in turn; {@code log} hears progress.
   *
   * @throws IllegalStateException if a variant's output fails its check
   */
  public static BenchReport run(List<String> names, BenchOptions options, Consumer<String> log) throws Exception {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    List<BenchResult> results = new ArrayList<>();
    List<String> masters = new ArrayList<>();
    names.forEach(Benchmarks::resolve);
    for (String name : names) {
      Benchmark b = BY_NAME.get(name).get();
      log.accept(name + ": starting (" + options.scale().label() + ")");
      BenchResult r = b.run(options, line -> log.accept(name + ": " + line));
      log.accept(String.format(java.util.Locale.ROOT, "%s: done in %.1f s", name, r.wallSeconds()));
      results.add(r);
      String master = String.valueOf(r.params().get("master"));
      if (!masters.contains(master)) {
        masters.add(master);
      }
    }
    Environment env = Environment.current(org.apache.spark.package$.MODULE$.SPARK_VERSION(),
        masters.isEmpty() ? "none" : String.join(", ", masters), Environment.currentGitCommit());
    return new BenchReport(env, options, started, results, (System.nanoTime() - t0) / 1e9);
  }

}
