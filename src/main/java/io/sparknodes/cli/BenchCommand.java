package io.sparknodes.cli;

import io.sparknodes.bench.BenchFormat;
import io.sparknodes.bench.BenchMarkdown;
import io.sparknodes.bench.BenchOptions;
import io.sparknodes.bench.BenchReport;
import io.sparknodes.bench.Benchmarks;
import io.sparknodes.bench.Scale;
import io.sparknodes.results.AtomicFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bench [stateful|batch|overhead|scale|all]}: runs benchmarks, writes bench.json and bench.md, prints the tables. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    parameterListHeading = HelpSections.ARGUMENTS, optionListHeading = HelpSections.GENERAL,
    description = {"Runs the benchmarks and writes bench.json and bench.md.", "Prints their tables."})
final class BenchCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "BENCHMARK", arity = "0..1", defaultValue = Benchmarks.ALL,
      description = "stateful, batch, overhead, scale, partitions or all (default: ${DEFAULT-VALUE}).")
  String benchmark;

  @Option(names = "--out", order = HelpSections.OUTPUT, paramLabel = "DIR",
      description = "Output folder (default: results/bench-<timestamp>).")
  Path out;

  @Option(names = "--scale", order = HelpSections.DESIGN, paramLabel = "tiny|full", defaultValue = "full",
      description = "full: the README's sizes; tiny: a few hundred items, to check that it runs (default:"
          + " ${DEFAULT-VALUE}).")
  String scale;

  @Option(names = "--repeats", order = HelpSections.DESIGN, paramLabel = "N",
      description = "Measured rounds (default: 5 at full scale, 2 at tiny).")
  Integer repeats;

  @Option(names = "--warmup", order = HelpSections.DESIGN, paramLabel = "N",
      description = "Warm-up rounds (default: 2 at full scale, 1 at tiny).")
  Integer warmup;

  @Option(names = "--seed", order = HelpSections.DESIGN, paramLabel = "N",
      description = "Seed of the order of the variants in each round (default: 42).")
  Long seed;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    java.util.List<String> names = Benchmarks.resolve(benchmark);
    Scale s = Scale.parse(scale);
    BenchOptions d = BenchOptions.defaults(s);
    BenchOptions options = new BenchOptions(warmup != null ? warmup : d.warmup(), repeats != null ? repeats : d.repeats(),
        s, seed != null ? seed : d.seed());
    Path dir = out != null ? out : Path.of("results",
        "bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
    BenchReport report = Benchmarks.run(names, options, line -> {
      stderr.println("bench " + line);
      stderr.flush();
    });
    for (BenchFormat format : BenchFormat.values()) {
      AtomicFiles.write(dir.resolve(format.fileName()), format.writer().render(report));
    }
    stdout.println(BenchFormat.MARKDOWN.writer().render(report));
    stdout.println("Ratios (of medians, with the 95% interval of the paired ratios):");
    stdout.print(BenchMarkdown.ratios(report));
    stdout.printf(Locale.ROOT, "%nbenchmarks: %s in %.0f s wall time%njson:     %s%nmarkdown: %s%n",
        String.join(", ", names), report.wallSeconds(), dir.resolve(BenchFormat.JSON.fileName()),
        dir.resolve(BenchFormat.MARKDOWN.fileName()));
    stdout.flush();
    return Main.OK;
  }
}
