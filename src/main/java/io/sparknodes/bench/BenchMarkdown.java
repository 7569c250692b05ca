package io.sparknodes.bench;

import io.sparknodes.results.Environment;
import io.sparknodes.results.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code bench.md}: each benchmark's variants and ratios as Markdown tables, whatever the default locale. */
public final class BenchMarkdown {
  private BenchMarkdown() {}

  /** The whole report: the machine, the command, then one section per benchmark. */
  public static String render(BenchReport report) {
    StringBuilder b = new StringBuilder();
    Environment e = report.environment();
    b.append("# Benchmarks\n\n");
    b.append(String.format(Locale.ROOT, "Machine: %d cores, %.1f GiB max heap, %s %s; Java %s (%s); Spark %s; "
            + "commit %s.%n", e.cores(), e.maxMemoryBytes() / (double) (1L << 30), e.osName(), e.osArch(),
        e.javaVersion(), e.javaVendor(), e.sparkVersion(), e.gitCommit()));
    b.append(String.format(Locale.ROOT, "Run: %s scale, %d warm-up and %d measured rounds, seed %d, started %s, "
            + "wall time %.0f s.%n%n", report.options().scale().label(), report.options().warmup(),
        report.options().repeats(), report.options().seed(), report.started(), report.wallSeconds()));
    b.append("Each benchmark starts its own session and runs its variants in rounds, every round in a seeded shuffled "
        + "order; every run's output is checked (count and content). Times are seconds per run (a sample of a very short variant is the mean of a few back-to-back runs): wall time, and the CPU time of "
        + "the benchmark's JVM (all its threads), which waiting for a busy core does not inflate (read at the OS's 10 ms tick: a CPU ratio is shown only when "
        + "every paired run took at least " + Ratio.MIN_CPU_SECONDS + " s of CPU). A ratio is the ratio "
        + "of the medians; its interval is the 95% interval of the geometric mean of the per-round paired ratios; "
        + "min-max are the extreme paired ratios.\n");
    for (BenchResult r : report.benchmarks()) {
      b.append('\n').append(section(r));
    }
    return b.toString();
  }

  /** One benchmark's section. */
  public static String section(BenchResult r) {
    StringBuilder b = new StringBuilder();
    b.append("## ").append(r.name()).append(": ").append(r.title()).append("\n\n");
    b.append(r.question()).append(' ');
    List<String> params = new ArrayList<>();
    r.params().forEach((k, v) -> params.add(k + " " + v));
    b.append(String.join(", ", params)).append(String.format(Locale.ROOT, "; wall time %.1f s.%n%n", r.wallSeconds()));
    b.append("| Variant | Items | Runs/sample | Median s | Mean s | Std s | CV | 95% CI of mean, s | Items/s | CPU median s "
        + "| Counted |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (VariantResult v : r.variants()) {
      Summary s = v.summary();
      b.append("| ").append(v.name()).append(" | ").append(String.format(Locale.ROOT, "%,d", v.items()))
          .append(" | ").append(v.runsPerSample()).append(" | ").append(seconds(s.median())).append(" | ").append(seconds(s.mean()))
          .append(" | ").append(seconds(s.std())).append(" | ").append(String.format(Locale.ROOT, "%.1f%%", 100 * s.cv()))
          .append(" | ").append(seconds(s.ciLow())).append(" – ").append(seconds(s.ciHigh()))
          .append(" | ").append(String.format(Locale.ROOT, "%,.0f", s.throughput()))
          .append(" | ").append(seconds(v.cpuSummary().median()))
          .append(" | ").append(counts(v)).append(" |\n");
    }
    if (!r.ratios().isEmpty()) {
      b.append("\n| Ratio | Wall: of medians | 95% CI (paired) | Paired min – max | CPU: of medians | 95% CI (paired) | Pairs |\n");
      b.append("|---|---:|---:|---:|---:|---:|---:|\n");
      for (Ratio q : r.ratios()) {
        Ratio.Spread w = q.wall();
        Ratio.Spread c = q.cpu();
        b.append("| ").append(q.label()).append(" | ").append(times(w.ratio())).append(" | ")
            .append(times(w.ciLow())).append(" – ").append(times(w.ciHigh())).append(" | ")
            .append(times(w.min())).append(" – ").append(times(w.max())).append(" | ")
            .append(c.isPresent() ? times(c.ratio()) + " | " + times(c.ciLow()) + " – " + times(c.ciHigh()) : "– | –")
            .append(" | ").append(w.pairs()).append(" |\n");
      }
    }
    if (!r.notes().isEmpty()) {
      b.append('\n');
      r.notes().forEach(n -> b.append("- ").append(n).append('\n'));
    }
    b.append("\nVariants: ");
    List<String> described = new ArrayList<>();
    r.variants().forEach(v -> described.add("*" + v.name() + "*: " + v.description()));
    b.append(String.join("; ", described)).append(".\n");
    return b.toString();
  }

  /** One line per ratio, for a terminal. */
  public static String ratios(BenchReport report) {
    StringBuilder b = new StringBuilder();
    for (BenchResult r : report.benchmarks()) {
      for (Ratio q : r.ratios()) {
        Ratio.Spread w = q.wall();
        Ratio.Spread c = q.cpu();
        b.append(String.format(Locale.ROOT, "%-9s %-50s wall %s (95%% CI %s – %s; paired %s – %s)%s, n=%d%n",
            r.name(), q.label(), times(w.ratio()), times(w.ciLow()), times(w.ciHigh()), times(w.min()), times(w.max()),
            c.isPresent() ? ", cpu " + times(c.ratio()) + " (" + times(c.ciLow()) + " – " + times(c.ciHigh()) + ")" : "",
            w.pairs()));
      }
    }
    return b.toString();
  }

  static String seconds(double s) {
    double a = Math.abs(s);
    String f = a == 0 ? "%.3f" : a < 0.01 ? "%.5f" : a < 1 ? "%.4f" : "%.3f";
    return String.format(Locale.ROOT, f, s);
  }

  static String times(double x) {
    return String.format(Locale.ROOT, x >= 100 ? "%.0fx" : x >= 10 ? "%.1fx" : "%.3fx", x);
  }

  private static String counts(VariantResult v) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Long> e : v.counts().entrySet()) {
      long warm = v.warmupCounts().getOrDefault(e.getKey(), 0L);
      parts.add(e.getKey() + " " + e.getValue() + (v.warmupCounts().isEmpty() ? "" : " (warm-up " + warm + ")"));
    }
    return parts.isEmpty() ? "" : String.join(", ", parts);
  }
}
