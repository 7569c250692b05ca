package io.sparknodes.report.section;

import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.Environment;
import io.sparknodes.results.Statistics;
import io.sparknodes.results.Summary;
import java.util.stream.Collectors;

/** "Notes": the environment, cold against warm runs, how to reproduce the sweep and how far its figures carry. */
final class Notes extends BaseSection {
  Notes(Analysis analysis) {
    super(analysis, "Notes");
  }

  @Override
  void body(DocumentWriter out) {
    Environment env = results.environment();
    out.paragraph("**Environment:** Java " + env.javaVersion() + " (" + env.javaVendor() + "), Spark " + env.sparkVersion()
        + ", master " + out.code(env.master()) + ", " + env.cores() + " cores, driver max heap "
        + Fmt.bytes(env.maxMemoryBytes()) + ", " + env.osName() + " " + env.osArch() + ", host " + env.hostName()
        + ", git commit " + out.code(env.gitCommit()) + ".");
    coldVsWarm(out);
    out.paragraph("**How to reproduce:** check out commit `" + env.gitCommit() + "` and run the grid search (`scripts/grid-search`, see the"
        + " README) with the same grid: name `" + grid.name() + "`, workload `" + grid.workload() + "`, "
        + Fmt.integer(grid.items()) + " items, " + grid.warmup() + " warm-up, " + grid.repeats() + " repeats, seed "
        + grid.seed() + ", time limit " + Fmt.fixed(grid.timeLimitSeconds(), 1) + " s per point, and these axes:");
    out.codeBlock("json", axesJson());
    out.paragraph(rerun());
    // The report's last line: no blank line after it (the pipeline section, when there is one, adds its own).
    out.line("**Results are workload-dependent:** these figures hold for workload `" + grid.workload() + "` with " + Fmt.integer(grid.items()) + " items"
        + " on this machine (" + env.cores() + " cores, master `" + env.master() + "`). Run the sweep on your own"
        + " workload and data before relying on them.");
  }

  private void coldVsWarm(DocumentWriter out) {
    out.paragraph("**Cold vs warm:** each (use_process, max_concurrency) group runs in its own Spark application. The first run of a"
        + " group is **cold**: it includes executor start and the build of stateful inputs, and is reported apart,"
        + " never ranked. Then at least " + grid.warmup() + " warm-up run(s) per point are discarded (more while an"
        + " application's rounds still get faster, up to 12: the JIT compilers' work) and " + grid.repeats()
        + " **warm** repeats are recorded, interleaved across the group's points; rankings use the geometric mean"
        + " of the warm samples.");
    double[] cold = results.trials().stream().filter(t -> t.coldSeconds().isPresent())
        .mapToDouble(t -> t.coldSeconds().getAsDouble()).toArray();
    if (cold.length > 0) {
      Summary s = Statistics.summarize(cold, 0);
      out.paragraph("Cold runs recorded: " + cold.length + ", from " + fmt.seconds(s.min()) + " s to "
          + fmt.seconds(s.max()) + " s (median " + fmt.seconds(s.median()) + " s).");
    }
  }

  /** How to run the grid again from its folder, with the input it ran over. */
  private String rerun() {
    return "The grid as it ran, with its measurement settings, is `grid.json` beside `results.json`: run in that"
        + " folder, `scripts/grid-search grid.json --out NEW_FOLDER` runs it again" + (grid.workload().contains(".")
            ? " (give `--jars` again: workload `" + grid.workload() + "` is a class of your own)" : "")
        + grid.input().map(in -> in.fromFile()
            ? "; it ran over column `" + in.column() + "` of `" + in.file() + "` (its values' SHA-256 begins `"
                + in.sha256().substring(0, 12) + "`): give `--input " + in.file() + " --column " + in.column()
                + "` again"
            : "; it ran over items given through the API (their SHA-256 begins `" + in.sha256().substring(0, 12)
                + "`): give the same items again").orElse("")
        + ". The report is drawn from"
        + " `results.json` alone and can be re-rendered from it (`scripts/sparknodes report results.json`).";
  }

  private String axesJson() {
    return grid.axes().entrySet().stream()
        .map(e -> "  \"" + e.getKey() + "\": " + e.getValue().stream().map(v -> v instanceof String s
            ? "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : Fmt.value(v))
            .collect(Collectors.joining(", ", "[", "]")))
        .collect(Collectors.joining(",\n", "{\n", "\n}"));
  }
}
