package io.sparknodes.report;

import io.sparknodes.results.Analysis;
import io.sparknodes.results.Analysis.AxisEffect;
import io.sparknodes.results.Analysis.Counts;
import io.sparknodes.results.Analysis.Interaction;
import io.sparknodes.results.Analysis.Level;
import io.sparknodes.results.Analysis.RankedPoint;
import io.sparknodes.results.Analysis.Spread;
import io.sparknodes.results.Analysis.Verdict;
import io.sparknodes.results.AtomicFiles;
import io.sparknodes.results.Environment;
import io.sparknodes.results.GridInfo;
import io.sparknodes.results.Recommendation;
import io.sparknodes.results.Results;
import io.sparknodes.results.Statistics;
import io.sparknodes.results.Summary;
import io.sparknodes.results.Trial;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * The Markdown report of a sweep, in the sections of the seed's report: executive summary, optimal
 * configuration, top 10, parameter effects, interaction of batch_size and max_concurrency,
 * guidelines and decision tree, statistical summary, recommendations by use case, flagged points,
 * and notes. Every number comes from the {@link Analysis}; knobs whose effect is noise are called
 * noise. Output does not depend on the default locale.
 *
 * <pre>{@code
 * String markdown = MarkdownReport.render(Analysis.of(ResultsJson.read(dir.resolve("results.json"))));
 * }</pre>
 */
public final class MarkdownReport {
  /** How many points the top table shows. */
  public static final int TOP = 10;

  private static final String BATCH_SIZE = "batch_size";
  private static final String MAX_CONCURRENCY = "max_concurrency";
  private static final String USE_PROCESS = "use_process";

  private final Analysis analysis;
  private final Results results;
  private final GridInfo grid;
  private final Fmt fmt;
  private final StringBuilder out = new StringBuilder();

  private MarkdownReport(Analysis analysis) {
    this.analysis = analysis;
    this.results = analysis.results();
    this.grid = results.grid();
    this.fmt = Fmt.of(analysis);
  }

  /** The report's Markdown text. */
  public static String render(Analysis analysis) {
    return new MarkdownReport(Objects.requireNonNull(analysis, "analysis")).build();
  }

  /** Writes the report to {@code file} atomically. */
  public static void write(Analysis analysis, Path file) throws IOException {
    AtomicFiles.write(file, render(analysis));
  }

  private String build() {
    line("# Grid search results: " + grid.name());
    line();
    line("Workload " + Fmt.code(grid.workload()) + ", " + Fmt.integer(grid.items()) + " items per run. Sweep started "
        + results.startedAt() + ", last updated " + results.updatedAt() + ". Generated from the sweep's results alone;"
        + " raw samples are in `results.json` and `results.csv`.");
    line();
    executiveSummary();
    optimal();
    top();
    effects();
    interaction();
    guidelines();
    decisionTree();
    statistics();
    useCases();
    flagged();
    notes();
    pipeline();
    return out.toString();
  }

  // ---- sections

  /** The workload's pipeline, when the results carry its picture. */
  private void pipeline() {
    if (results.pipelineGraph().isEmpty()) {
      return;
    }
    section("Pipeline");
    line("The workload's pipeline (`sparknodes graph --workload " + grid.workload() + "` prints it):");
    line();
    line("```mermaid");
    out.append(results.pipelineGraph().endsWith("\n") ? results.pipelineGraph() : results.pipelineGraph() + "\n");
    line("```");
    line();
  }

  private void executiveSummary() {
    Counts c = analysis.counts();
    section("Executive summary");
    line("Tested **" + c.recorded() + " of " + c.gridPoints() + " configurations** across:");
    for (Map.Entry<String, List<Object>> axis : grid.axes().entrySet()) {
      line("- " + Fmt.code(axis.getKey()) + ": " + Fmt.values(axis.getValue()));
    }
    line("- Workload: " + Fmt.code(grid.workload()) + ", " + Fmt.integer(grid.items()) + " items per run, "
        + grid.warmup() + " warm-up run(s) and " + grid.repeats() + " measured repeat(s) per point");
    line("- Outcome: " + c.measured() + " measured, " + c.failed() + " failed, " + c.timeouts() + " timed out, "
        + c.notRun() + " not run");
    line();
    Optional<RankedPoint> best = analysis.best();
    if (best.isEmpty()) {
      line("**No point was measured successfully**, so there is nothing to rank. See [Flagged points](#flagged-points).");
      line();
      return;
    }
    RankedPoint b = best.get();
    RankedPoint w = analysis.worst().orElseThrow();
    int tied = analysis.tiedWithBest().size();
    line("**Key finding:** the best configuration, " + Fmt.code(b.trial().id()) + ", has a median warm time of "
        + fmt.seconds(b.summary().median()) + " s, " + speedupText() + " the worst (" + fmt.seconds(w.summary().median())
        + " s). " + tiedSentence(tied));
    line();
    line(knobSentence());
    line();
  }

  private String speedupText() {
    OptionalDouble s = analysis.speedup();
    return s.isPresent() ? Fmt.speedup(s.getAsDouble()) + " as fast as" : "compared with";
  }

  private String tiedSentence(int tied) {
    if (tied <= 1) {
      return "No other point is statistically tied with it.";
    }
    return (tied - 1) + " other point(s) are statistically tied with it: among them, the ranking is noise.";
  }

  private String knobSentence() {
    List<String> real = new ArrayList<>();
    List<String> noise = new ArrayList<>();
    for (AxisEffect e : analysis.effects()) {
      if (e.verdict() == Verdict.REAL) {
        real.add(Fmt.code(e.axis()) + " (best " + Fmt.value(e.best().value()) + "; " + Fmt.value(e.worst().value())
            + " is " + Fmt.percent(e.relativeEffect()) + " slower)");
      } else {
        noise.add(Fmt.code(e.axis()));
      }
    }
    if (analysis.effects().isEmpty()) {
      return "No knob could be compared: no axis has two values with measured points.";
    }
    if (real.isEmpty()) {
      return "**No knob had an effect larger than the noise**: " + String.join(", ", noise)
          + " made no measurable difference, so any tested value works as well as another.";
    }
    String s = "**Real effects:** " + String.join("; ", real) + ".";
    if (!noise.isEmpty()) {
      s += " **Noise:** " + String.join(", ", noise) + " made no difference larger than the noise.";
    }
    return s;
  }

  private void optimal() {
    section("Optimal configuration");
    Optional<Recommendation> rec = analysis.recommendation(Recommendation.UseCase.MAXIMUM_THROUGHPUT);
    if (rec.isEmpty()) {
      line("None: no point was measured successfully.");
      line();
      return;
    }
    Recommendation r = rec.get();
    howToRun(r);
    Summary s = r.summary();
    line("**Performance:**");
    line("- Median warm time: " + fmt.seconds(s.median()) + " s (" + spreadText(s) + ")");
    line("- Throughput: " + Fmt.throughput(s.throughput()) + " items/s at the median");
    analysis.speedup().ifPresent(x -> line("- " + Fmt.speedup(x) + " as fast as the worst configuration"));
    r.trial().coldSeconds().ifPresent(cold -> line("- Cold run (first of its group, with executor start and stateful"
        + " build): " + fmt.seconds(cold) + " s"));
    for (String caveat : r.caveats()) {
      line("- Note: " + caveat + ".");
    }
    line();
  }

  private String spreadText(Summary s) {
    if (!s.hasSpread()) {
      return "n = 1: a single sample, no spread";
    }
    return "mean " + fmt.seconds(s.mean()) + " s, 95% CI " + fmt.interval(s.ciLow(), s.ciHigh()) + " s, CV "
        + Fmt.percent(s.cv()) + ", n = " + s.n();
  }

  private void howToRun(Recommendation r) {
    line("```java");
    line(r.javaSnippet());
    line("```");
    line();
    line("```bash");
    line("spark-submit \\");
    for (String arg : r.sparkSubmitArgs()) {
      line("  " + arg + " \\");
    }
    line("  --class <your.Main> <your-app>.jar");
    line("```");
    line();
    String key = io.sparknodes.results.TunedProfile.key(r.useCase());
    line("Or from this sweep's `profile.json` (beside results.json): `ExecutionConfig.fromProfile(Path.of(\"profile.json\"), \""
        + key + "\")` in code, `scripts/submit --profile profile.json --use-case " + key + " ...` to submit.");
    line();
    if (r.params().containsKey(BATCH_SIZE)) {
      line("`batch_size` is an engine setting, not a Spark one: it goes in the `ExecutionConfig`.");
      line();
    }
  }

  private void top() {
    section("Top " + TOP + " configurations");
    if (analysis.ranking().isEmpty()) {
      line("None: no point was measured successfully.");
      line();
      return;
    }
    List<String> header = new ArrayList<>();
    header.add("Rank");
    header.addAll(grid.axisNames());
    header.addAll(List.of("Median (s)", "95% CI (s)", "CV", "Throughput (items/s)", "Tied with best"));
    tableHeader(header, 0);
    for (RankedPoint p : analysis.ranking().subList(0, Math.min(TOP, analysis.ranking().size()))) {
      List<String> row = new ArrayList<>();
      row.add(Integer.toString(p.rank()));
      for (String axis : grid.axisNames()) {
        row.add(Fmt.value(p.trial().params().get(axis)));
      }
      Summary s = p.summary();
      row.add(fmt.seconds(s.median()));
      row.add(s.hasSpread() ? fmt.interval(s.ciLow(), s.ciHigh()) : "n = 1");
      row.add(s.hasSpread() ? Fmt.percent(s.cv()) : "–");
      row.add(Fmt.throughput(s.throughput()));
      row.add(p.tiedWithBest() ? "yes" : "no");
      tableRow(row);
    }
    line();
    line("95% CI is the Student-t interval of the mean warm time. \"Tied with best\": Welch's t-test against the best"
        + " point's warm samples gives p > " + Fmt.fixed(Analysis.ALPHA, 2) + " (when a point has a single sample,"
        + " overlapping intervals instead). " + analysis.tiedWithBest().size() + " of " + analysis.ranking().size()
        + " measured points are tied with the best.");
    line();
  }

  private void effects() {
    section("Parameter effects");
    if (analysis.effects().isEmpty()) {
      line("No axis has two or more values with measured points, so no effect can be estimated.");
      line();
      return;
    }
    line("Each table averages the points' median warm times at each value of one knob (the other knobs vary), with a"
        + " 95% CI across those points. The verdict compares the best and worst values on matched points (equal on"
        + " every other knob): **REAL** when the worst is slower by more than the noise floor (the median"
        + " within-point CV" + noiseFloorText() + ") and the difference is significant (paired 95% t-interval of the"
        + " relative differences excluding zero; Welch's test for a single pair; non-overlapping level intervals"
        + " when nothing matches). Otherwise **NOISE**: not shown to be larger than the measurement noise.");
    line();
    if (Charts.hasEffects(analysis)) {
      line("![Parameter effects](effects.png)");
      line();
    }
    for (AxisEffect e : analysis.effects()) {
      subsection(e.axis() + ": " + e.verdict());
      tableHeader(List.of(e.axis(), "Points", "Mean of medians (s)", "95% CI (s)", "Speedup vs worst"), 1);
      for (Level l : e.levels()) {
        String mark = l.equals(e.best()) ? " (best)" : l.equals(e.worst()) ? " (worst)" : "";
        tableRow(List.of(Fmt.value(l.value()), Integer.toString(l.points()), fmt.seconds(l.mean()),
            l.points() >= 2 ? fmt.interval(l.ciLow(), l.ciHigh()) : "1 point",
            Fmt.speedup(l.speedupVsWorst()) + mark));
      }
      line();
      line(effectExplanation(e));
      line();
    }
  }

  private String noiseFloorText() {
    OptionalDouble nf = analysis.noiseFloorCv();
    return nf.isPresent() ? ", here " + Fmt.percent(nf.getAsDouble()) : ", unknown here: no point has two samples";
  }

  private String effectExplanation(AxisEffect e) {
    String comparison = "`" + Fmt.value(e.worst().value()) + "` is " + Fmt.percent(e.relativeEffect()) + " slower than `"
        + Fmt.value(e.best().value()) + "`";
    String basis = switch (e.test()) {
      case PAIRED_INTERVAL -> " over " + e.pairs() + " matched pairs (95% CI ± " + Fmt.percent(e.relativeMargin())
          + ", " + (e.significant() ? "excludes zero" : "includes zero") + ")";
      case WELCH -> " on the one matched pair (Welch's test " + (e.significant() ? "significant" : "not significant")
          + " at " + Fmt.fixed(Analysis.ALPHA, 2) + ")";
      case LEVEL_INTERVALS -> " comparing level means, no matched pair (intervals " + (e.significant()
          ? "do not overlap" : "overlap") + ")";
      case NONE -> " with no spread to test it against";
    };
    String noise = e.noiseFloor() > 0 || analysis.noiseFloorCv().isPresent()
        ? (e.relativeEffect() > e.noiseFloor() ? ", above" : ", within") + " the noise floor of "
            + Fmt.percent(e.noiseFloor())
        : "";
    String verdict = e.verdict() == Verdict.REAL
        ? " **REAL**: prefer `" + Fmt.value(e.best().value()) + "`."
        : " **NOISE**: the values of `" + e.axis() + "` cannot be told apart here; choose it for other reasons.";
    return comparison + basis + noise + "." + verdict;
  }

  private void interaction() {
    section("Interaction: batch_size × max_concurrency");
    if (analysis.interactions().isEmpty()) {
      line("The grid does not vary both `batch_size` and `max_concurrency`.");
      line();
      return;
    }
    line("Mean of the median warm times (s) of the measured points in each cell; – marks a cell without one.");
    line();
    Map<String, Interaction> charts = Charts.heatmaps(analysis);
    for (Interaction t : analysis.interactions()) {
      if (!t.scope().isEmpty()) {
        subsection(t.scope().entrySet().stream().map(e -> e.getKey() + " = " + Fmt.value(e.getValue()))
            .collect(Collectors.joining(", ")));
      }
      List<String> header = new ArrayList<>();
      header.add(t.rowAxis());
      t.columns().forEach(c -> header.add(t.columnAxis() + "=" + Fmt.value(c)));
      tableHeader(header, 1);
      for (Object row : t.rows()) {
        List<String> cells = new ArrayList<>();
        cells.add(Fmt.value(row));
        for (Object col : t.columns()) {
          cells.add(t.cell(row, col).map(c -> fmt.seconds(c.mean())).orElse("–"));
        }
        tableRow(cells);
      }
      line();
      charts.forEach((name, table) -> {
        if (table.equals(t)) {
          line("![" + name + "](" + name + ".png)");
          line();
        }
      });
    }
    line(interactionInsight());
    line();
  }

  private String interactionInsight() {
    Interaction all = analysis.interactions().get(0);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Analysis.Cell c : all.cells()) {
      min = Math.min(min, c.mean());
      max = Math.max(max, c.mean());
    }
    if (all.cells().isEmpty()) {
      return "No cell has a measured point.";
    }
    return "Across cells the mean of medians ranges from " + fmt.seconds(min) + " s to " + fmt.seconds(max) + " s ("
        + Fmt.percent(min > 0 ? (max - min) / min : 0) + "); compare with the noise floor" + noiseFloorText() + ".";
  }

  private void guidelines() {
    section("Optimization guidelines");
    if (analysis.effects().isEmpty()) {
      line("No knob could be compared, so there is no measured guidance.");
      line();
      return;
    }
    line("Ordered by the size of the measured effect on this workload.");
    line();
    int i = 1;
    for (AxisEffect e : sortedEffects()) {
      subsection(i++ + ". " + e.axis());
      if (e.verdict() == Verdict.REAL) {
        line("**Measured:** REAL. `" + e.axis() + "=" + Fmt.value(e.best().value()) + "` is best (mean of medians "
            + fmt.seconds(e.best().mean()) + " s vs " + fmt.seconds(e.worst().mean()) + " s at `"
            + Fmt.value(e.worst().value()) + "`, " + Fmt.percent(e.relativeEffect()) + " on matched points).");
        line();
        line("**Recommendation:** set `" + e.axis() + "=" + Fmt.value(e.best().value()) + "` for this workload.");
      } else {
        line("**Measured:** NOISE. The best and worst values differ by " + Fmt.percent(e.relativeEffect())
            + ", which is not shown to exceed the noise.");
        line();
        line("**Recommendation:** any tested value " + Fmt.values(levelValues(e)) + " does as well; choose by "
            + otherReasons(e.axis()) + ".");
      }
      line();
      line(knobMeaning(e.axis()));
      line();
    }
  }

  private List<AxisEffect> sortedEffects() {
    List<AxisEffect> sorted = new ArrayList<>(analysis.effects());
    sorted.sort(Comparator.comparing((AxisEffect e) -> e.verdict() != Verdict.REAL)
        .thenComparing(Comparator.comparingDouble(AxisEffect::relativeEffect).reversed()));
    return sorted;
  }

  private static List<Object> levelValues(AxisEffect e) {
    return e.levels().stream().map(Level::value).toList();
  }

  private static String otherReasons(String axis) {
    return switch (axis) {
      case BATCH_SIZE -> "memory (a batch is held in memory at once; smaller batches use less)";
      case MAX_CONCURRENCY -> "the cores you can spare (fewer cores leave room for other work)";
      case USE_PROCESS -> "isolation and memory (separate executor JVMs isolate failures but each holds its own"
          + " stateful instances)";
      default -> "what the setting costs elsewhere";
    };
  }

  private static String knobMeaning(String axis) {
    return switch (axis) {
      case BATCH_SIZE -> "_What it does:_ a list input is cut into batches of this many items, one task per batch; a"
          + " batch function receives a whole batch. Larger batches mean fewer tasks and calls, and more memory per"
          + " call.";
      case MAX_CONCURRENCY -> "_What it does:_ the executor cores: tasks that run at once. Beyond the cores of the"
          + " machine more concurrency only adds contention; each executor JVM builds its own stateful instances.";
      case USE_PROCESS -> "_What it does:_ `false` runs tasks as threads of one executor JVM (`local[N]`); `true` runs"
          + " N executor JVMs (`local-cluster[N,1,MB]`), which costs JVM start-up and one stateful instance per JVM.";
      default -> "_What it does:_ a Spark setting passed as `--conf " + axis + "=...`.";
    };
  }

  private void decisionTree() {
    section("Configuration decision tree");
    Optional<Recommendation> general = analysis.recommendation(Recommendation.UseCase.GENERAL);
    if (general.isEmpty()) {
      line("None: no point was measured successfully.");
      line();
      return;
    }
    line("Derived from the measured effects above; values in brackets were all tested.");
    line();
    line("```");
    line("Start from the general-purpose point: " + general.get().trial().id());
    List<AxisEffect> effects = sortedEffects();
    for (int i = 0; i < effects.size(); i++) {
      AxisEffect e = effects.get(i);
      String branch = i == effects.size() - 1 ? "└─ " : "├─ ";
      if (e.verdict() == Verdict.REAL) {
        line(branch + e.axis() + " matters (REAL, " + Fmt.percent(e.relativeEffect()) + "): use " + Fmt.value(e.best()
            .value()));
      } else {
        line(branch + e.axis() + " is noise: any of " + Fmt.values(levelValues(e)) + "; pick by "
            + shortReason(e.axis()));
      }
    }
    line();
    for (Recommendation r : analysis.recommendations()) {
      if (r.useCase() == Recommendation.UseCase.GENERAL) {
        continue;
      }
      String question = switch (r.useCase()) {
        case MEMORY_CONSTRAINED -> "Memory tight?";
        case MAXIMUM_THROUGHPUT -> "Need the last percent?";
        case IO_BOUND -> "Waiting on I/O?";
        case GENERAL -> "";
      };
      String suffix = r.useCase() == Recommendation.UseCase.IO_BOUND ? "  (indicative, see below)" : "";
      line(String.format(java.util.Locale.ROOT, "%-24s→ %s%s", question, r.trial().id(), suffix));
    }
    line("```");
    line();
  }

  private static String shortReason(String axis) {
    return switch (axis) {
      case BATCH_SIZE -> "memory";
      case MAX_CONCURRENCY -> "the cores you can spare";
      case USE_PROCESS -> "isolation vs memory";
      default -> "cost elsewhere";
    };
  }

  private void statistics() {
    section("Statistical summary");
    Counts c = analysis.counts();
    tableHeader(List.of("Metric", "Value"), 1);
    tableRow(List.of("Configurations in the grid", Integer.toString(c.gridPoints())));
    tableRow(List.of("Configurations tested", Integer.toString(c.recorded())));
    tableRow(List.of("Successful runs", c.ok() + " (" + Fmt.percent(c.recorded() > 0 ? (double) c.ok() / c.recorded()
        : 0) + ")"));
    tableRow(List.of("Failed", Integer.toString(c.failed())));
    tableRow(List.of("Timeouts", Integer.toString(c.timeouts())));
    tableRow(List.of("Not run", Integer.toString(c.notRun())));
    Optional<Spread> spread = analysis.spread();
    if (spread.isPresent()) {
      Spread s = spread.get();
      tableRow(List.of("Best median", fmt.seconds(s.best()) + " s"));
      tableRow(List.of("Worst median", fmt.seconds(s.worst()) + " s"));
      tableRow(List.of("Mean of medians", fmt.seconds(s.mean()) + " s"));
      tableRow(List.of("Std dev of medians", fmt.seconds(s.std()) + " s"));
      tableRow(List.of("Range", fmt.seconds(s.range()) + " s (" + Fmt.fixed(s.rangePercent(), 1) + "% of best)"));
      tableRow(List.of("CV across points", Fmt.percent(s.cvAcrossPoints())));
    }
    OptionalDouble nf = analysis.noiseFloorCv();
    tableRow(List.of("Noise floor (median within-point CV)", nf.isPresent() ? Fmt.percent(nf.getAsDouble())
        : "unknown (no point has two samples)"));
    tableRow(List.of("Points tied with the best", Integer.toString(analysis.tiedWithBest().size())));
    line();
    if (spread.isPresent() && nf.isPresent() && nf.getAsDouble() > 0) {
      double ratio = spread.get().cvAcrossPoints() / nf.getAsDouble();
      line("The spread across configurations (CV " + Fmt.percent(spread.get().cvAcrossPoints()) + ") is "
          + Fmt.fixed(ratio, 1) + " times the noise within a point (" + Fmt.percent(nf.getAsDouble()) + "): "
          + (ratio > 2 ? "the settings matter more than the noise."
              : "differences between configurations are of the same order as the measurement noise."));
      line();
    }
    if (Charts.hasSpread(analysis)) {
      line("![Warm samples per point](spread.png)");
      line();
    }
  }

  private void useCases() {
    section("Recommended configurations by use case");
    if (analysis.recommendations().isEmpty()) {
      line("None: no point was measured successfully.");
      line();
      return;
    }
    for (Recommendation r : analysis.recommendations()) {
      subsection(r.useCase().title());
      line("**Why:** " + String.join("; ", r.reasons()) + ".");
      line();
      howToRun(r);
      line("Median warm time " + fmt.seconds(r.summary().median()) + " s (" + spreadText(r.summary()) + "), "
          + Fmt.throughput(r.summary().throughput()) + " items/s.");
      line();
      List<String> knobs = new ArrayList<>();
      for (Map.Entry<String, Object> p : r.params().entrySet()) {
        Optional<AxisEffect> e = analysis.effect(p.getKey());
        String note = e.isEmpty() ? "not compared"
            : e.get().verdict() == Verdict.REAL
                ? (e.get().best().value().equals(p.getValue()) ? "REAL effect, the best value" : "REAL effect, not the"
                    + " best value " + Fmt.value(e.get().best().value()) + ", but tied overall")
                : "noise: any tested value does as well";
        knobs.add("`" + p.getKey() + "=" + Fmt.value(p.getValue()) + "` (" + note + ")");
      }
      if (!knobs.isEmpty()) {
        line("Settings: " + String.join(", ", knobs) + ".");
        line();
      }
      for (String caveat : r.caveats()) {
        line("> Note: " + caveat + ".");
        line();
      }
    }
  }

  private void flagged() {
    section("Flagged points");
    List<Trial> flagged = analysis.flagged();
    List<Trial> failures = analysis.failures();
    if (flagged.isEmpty() && failures.isEmpty()) {
      line("None: every recorded point completed without flags.");
      line();
      return;
    }
    if (!flagged.isEmpty()) {
      subsection("Knobs that had no effect and other flags");
      tableHeader(List.of("Point", "Status", "Flags"));
      for (Trial t : flagged) {
        tableRow(List.of(Fmt.code(t.id()), t.status().name(), Fmt.cell(String.join("; ", t.flags()))));
      }
      line();
    }
    if (!failures.isEmpty()) {
      subsection("Failures and timeouts");
      tableHeader(List.of("Point", "Status", "Error"));
      for (Trial t : failures) {
        tableRow(List.of(Fmt.code(t.id()), t.status().name(), Fmt.cell(Fmt.firstLine(t.error().orElse("")))));
      }
      line();
      line("First line of each error; the full text is in `results.json`.");
      line();
    }
  }

  private void notes() {
    section("Notes");
    Environment env = results.environment();
    subsection("Environment");
    tableHeader(List.of("Item", "Value"));
    tableRow(List.of("Java", Fmt.cell(env.javaVersion() + " (" + env.javaVendor() + ")")));
    tableRow(List.of("Spark", Fmt.cell(env.sparkVersion())));
    tableRow(List.of("Master", Fmt.cell(env.master())));
    tableRow(List.of("Cores", Integer.toString(env.cores())));
    tableRow(List.of("Driver max heap", Fmt.bytes(env.maxMemoryBytes())));
    tableRow(List.of("OS", Fmt.cell(env.osName() + " " + env.osArch())));
    tableRow(List.of("Host", Fmt.cell(env.hostName())));
    tableRow(List.of("Git commit", Fmt.cell(env.gitCommit())));
    line();
    subsection("Cold vs warm");
    line("Each (use_process, max_concurrency) group runs in its own Spark application. The first run of a group is"
        + " **cold**: it includes executor start and the build of stateful inputs, and is reported apart, never"
        + " ranked. Then " + grid.warmup() + " warm-up run(s) per point are discarded and " + grid.repeats()
        + " **warm** repeats are recorded, interleaved across the group's points; rankings use the median warm"
        + " time.");
    double[] cold = results.trials().stream().filter(t -> t.coldSeconds().isPresent())
        .mapToDouble(t -> t.coldSeconds().getAsDouble()).toArray();
    if (cold.length > 0) {
      Summary s = Statistics.summarize(cold, 0);
      line();
      line("Cold runs recorded: " + cold.length + ", from " + fmt.seconds(s.min()) + " s to " + fmt.seconds(s.max())
          + " s (median " + fmt.seconds(s.median()) + " s).");
    }
    line();
    subsection("How to reproduce");
    line("Check out commit `" + env.gitCommit() + "` and run the grid search (`scripts/grid-search`, see the README)"
        + " with the same grid: name `" + grid.name() + "`, workload `" + grid.workload() + "`, "
        + Fmt.integer(grid.items()) + " items, " + grid.warmup() + " warm-up, " + grid.repeats() + " repeats, seed "
        + grid.seed() + ", time limit " + Fmt.fixed(grid.timeLimitSeconds(), 1) + " s per point, and these axes:");
    line();
    line("```json");
    line(axesJson());
    line("```");
    line();
    line("The report is drawn from `results.json` alone and can be re-rendered from it.");
    line();
    subsection("Results are workload-dependent");
    line("These figures hold for workload `" + grid.workload() + "` with " + Fmt.integer(grid.items()) + " items on"
        + " this machine (" + env.cores() + " cores, master `" + env.master() + "`). Run the sweep on your own"
        + " workload and data before relying on them.");
  }

  private String axesJson() {
    return grid.axes().entrySet().stream()
        .map(e -> "  \"" + e.getKey() + "\": " + e.getValue().stream().map(v -> v instanceof String s
            ? "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : Fmt.value(v))
            .collect(Collectors.joining(", ", "[", "]")))
        .collect(Collectors.joining(",\n", "{\n", "\n}"));
  }

  // ---- Markdown helpers

  private void section(String title) {
    line("## " + title);
    line();
  }

  private void subsection(String title) {
    line("### " + title);
    line();
  }

  /** A table header whose columns from {@code firstNumeric} on are right-aligned (numbers). */
  private void tableHeader(List<String> cells, int firstNumeric) {
    tableRow(cells);
    StringBuilder b = new StringBuilder("|");
    for (int i = 0; i < cells.size(); i++) {
      b.append(i >= firstNumeric ? "---:|" : "---|");
    }
    line(b.toString());
  }

  /** A table header of text columns. */
  private void tableHeader(List<String> cells) {
    tableHeader(cells, cells.size());
  }

  private void tableRow(List<String> cells) {
    line("| " + String.join(" | ", cells) + " |");
  }

  private void line(String text) {
    out.append(text).append('\n');
  }

  private void line() {
    out.append('\n');
  }
}
