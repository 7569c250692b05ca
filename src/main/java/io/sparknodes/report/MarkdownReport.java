package io.sparknodes.report;

import static io.sparknodes.config.Knobs.BATCH_SIZE;
import static io.sparknodes.config.Knobs.MAX_CONCURRENCY;
import static io.sparknodes.config.Knobs.USE_PROCESS;

import io.sparknodes.results.Analysis;
import io.sparknodes.results.Analysis.AxisEffect;
import io.sparknodes.results.Analysis.Contrast;
import io.sparknodes.results.Analysis.Counts;
import io.sparknodes.results.Analysis.Interaction;
import io.sparknodes.results.Analysis.Level;
import io.sparknodes.results.Analysis.RankedPoint;
import io.sparknodes.results.Analysis.Spread;
import io.sparknodes.results.Analysis.Verdict;
import io.sparknodes.results.ApplicationTime;
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
 * configuration, top 10, time and memory, parameter effects, interaction of batch_size and max_concurrency,
 * guidelines and decision tree, statistical summary, recommendations by use case, flagged points,
 * measurement quality and notes. Every number comes from the {@link Analysis}; each knob is REAL
 * (shown to matter), NEGLIGIBLE (shown within the margin) or UNRESOLVED (not shown either way),
 * never "noise" for an effect that was merely not shown. Output does not depend on the default locale.
 *
 * <pre>{@code
 * String markdown = MarkdownReport.render(Analysis.of(ResultsJson.read(dir.resolve("results.json"))));
 * }</pre>
 */
public final class MarkdownReport {
  /** How many points the top table shows. */
  public static final int TOP = 10;


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
    memory();
    effects();
    interaction();
    guidelines();
    decisionTree();
    statistics();
    useCases();
    quality();
    racing();
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
    line(); // the notes end without one
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
        + "at least " + grid.warmup() + " warm-up run(s) and " + grid.repeats() + " measured repeat(s) per point");
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
    line("**Key finding:** the best configuration, " + Fmt.code(b.trial().id()) + ", has a geometric-mean warm time"
        + " of " + fmt.seconds(b.geometricMean()) + " s, " + speedupText() + " the worst ("
        + fmt.seconds(w.geometricMean()) + " s). " + tiedSentence(tied));
    line();
    line(knobSentence());
    line();
    List<RankedPoint> over = analysis.oversubscribed();
    if (!over.isEmpty()) {
      line("**Context:** " + over.size() + " of " + analysis.ranking().size() + " measured points ran more concurrency"
          + " than this machine's " + results.environment().cores() + " cores (`max_concurrency` "
          + Fmt.values(new ArrayList<>(over.stream().map(r -> r.trial().params().get(MAX_CONCURRENCY)).distinct()
              .sorted(Comparator.comparingInt(v -> (Integer) v)).toList()))
          + "). Their results say how oversubscription behaves here and do not carry over to a machine with more"
          + " cores.");
      line();
    }
  }

  private String speedupText() {
    OptionalDouble s = analysis.speedup();
    return s.isPresent() ? Fmt.speedup(s.getAsDouble()) + " as fast as" : "compared with";
  }

  private String tiedSentence(int tied) {
    if (tied <= 1) {
      return "No other point is statistically tied with it.";
    }
    return (tied - 1) + " other point(s) are statistically tied with it: among them, the order is not shown.";
  }

  private String knobSentence() {
    if (analysis.effects().isEmpty()) {
      return "No knob could be compared: no axis has two values with measured points.";
    }
    List<String> real = new ArrayList<>();
    List<String> negligible = new ArrayList<>();
    List<String> unresolved = new ArrayList<>();
    for (AxisEffect e : analysis.effects()) {
      String name = Fmt.code(e.axis());
      switch (e.verdict()) {
        case REAL -> real.add(name + " (" + Fmt.value(e.best().value()) + " best; " + Fmt.value(e.worst().value())
            + " is " + Fmt.speedup(e.ratio()) + " slower)");
        case NEGLIGIBLE -> negligible.add(name);
        case UNRESOLVED -> unresolved.add(name);
      }
    }
    List<String> parts = new ArrayList<>();
    if (!real.isEmpty()) {
      parts.add("**Shown to matter (REAL):** " + String.join("; ", real) + ".");
    }
    if (!negligible.isEmpty()) {
      parts.add("**Shown negligible (NEGLIGIBLE, every value within " + margin() + " of every other):** "
          + String.join(", ", negligible) + ".");
    }
    if (!unresolved.isEmpty()) {
      parts.add("**Not shown either way (UNRESOLVED):** " + String.join(", ", unresolved) + ": neither an effect"
          + " beyond " + margin() + " nor its absence was shown; more samples could tell.");
    }
    for (AxisEffect e : analysis.effects()) {
      for (String other : analysis.interactingAxes(e.axis())) {
        parts.add("**" + Fmt.code(e.axis()) + " depends on " + Fmt.code(other) + ":** " + conditionalText(e.axis(), other)
            + ".");
      }
    }
    return String.join(" ", parts);
  }

  /** "within use_process=false: NEGLIGIBLE; within true: REAL, 1 best, 8 is 2.90x slower". */
  private String conditionalText(String axis, String other) {
    List<String> parts = new ArrayList<>();
    for (AxisEffect c : analysis.conditionalEffects(axis)) {
      if (c.scope().containsKey(other)) {
        parts.add("within " + Fmt.code(other + "=" + Fmt.value(c.scope().get(other))) + ": " + shortVerdict(c));
      }
    }
    return String.join("; ", parts);
  }

  /**
   * Where the overall verdict of {@code e} does not apply at the general-purpose point (its
   * direction turns within one of the point's other values, see {@code Analysis.effectAt}): that
   * verdict, so that the guideline and the recommendation say the same; else nothing.
   */
  private String exceptAtGeneralPoint(AxisEffect e) {
    Optional<Recommendation> general = analysis.recommendation(Recommendation.UseCase.GENERAL);
    if (general.isEmpty()) {
      return "";
    }
    Optional<AxisEffect> at = analysis.effectAt(e.axis(), general.get().params());
    if (at.isEmpty() || !at.get().conditional()) {
      return "";
    }
    Map.Entry<String, Object> scope = at.get().scope().entrySet().iterator().next();
    return " over the other knobs' values; within " + Fmt.code(scope.getKey() + "=" + Fmt.value(scope.getValue()))
        + ", the general-purpose point's, the direction turns (" + shortVerdict(at.get()) + ") and its "
        + Fmt.code(Fmt.value(general.get().params().get(e.axis()))) + " is not shown slower";
  }

  /** "REAL, 1 best, 8 is 2.90x slower" / "NEGLIGIBLE" / "UNRESOLVED". */
  private static String shortVerdict(AxisEffect e) {
    return e.verdict() == Verdict.REAL
        ? "REAL, " + Fmt.value(e.best().value()) + " best, " + Fmt.value(e.worst().value()) + " is "
            + Fmt.speedup(e.ratio()) + " slower"
        : e.verdict().name();
  }

  private String margin() {
    return "±" + Fmt.percent(analysis.negligibleEffect());
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
    analysis.best().ifPresent(b -> line("- Geometric-mean warm time: " + fmt.seconds(b.geometricMean()) + " s (95% CI "
        + fmt.interval(b.ciLow(), b.ciHigh()) + " s)"));
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
    header.addAll(List.of("Geo. mean (s)", "95% CI (s)", "Median (s)", "CV", "Throughput (items/s)", "Heap retained",
        "Alloc. per item", "Tied with best"));
    tableHeader(header, 0);
    for (RankedPoint p : analysis.ranking().subList(0, Math.min(TOP, analysis.ranking().size()))) {
      List<String> row = new ArrayList<>();
      row.add(Integer.toString(p.rank()));
      for (String axis : grid.axisNames()) {
        row.add(Fmt.value(p.trial().params().get(axis)));
      }
      Summary s = p.summary();
      row.add(fmt.seconds(p.geometricMean()));
      row.add(fmt.interval(p.ciLow(), p.ciHigh()) + (s.n() == 1 ? " (n = 1, pooled spread)" : ""));
      row.add(fmt.seconds(s.median()));
      row.add(s.hasSpread() ? Fmt.percent(s.cv()) : "–");
      row.add(Fmt.throughput(s.throughput()));
      row.add(heapCell(p.trial()));
      row.add(allocatedCell(p.trial()));
      row.add(p.tiedWithBest() ? "yes" : "no");
      tableRow(row);
    }
    line();
    line("Points are ranked by the geometric mean of their warm samples (the mean of log time), with its 95% Student-t"
        + " interval" + (hasRacingSamples() ? ", over the balanced and the racing samples (median and CV: balanced"
            + " samples only)" : "") + ". \"Tied with best\" is a subset selection (Gupta, Hsu): a point is kept when it is not shown"
        + " slower than any other point, each comparison a one-sided Welch test at " + Fmt.fixed(Analysis.ALPHA, 2)
        + " divided over the other points, so the set holds the truly fastest point with 95% confidence. "
        + analysis.tiedWithBest().size() + " of " + analysis.ranking().size() + " measured points are tied with the"
        + " best" + (analysis.tiedWithBest().size() > TOP ? ", more than this table shows: Samples and racing marks"
            + " every point" : "") + ". " + MEMORY_COLUMNS);
    line();
  }

  private static final String MEMORY_COLUMNS = "\"Heap retained\" is the largest heap in use after a garbage collection"
      + " while the point's measured maps ran, the largest over the JVMs that ran its tasks (in `local[N]` that is the"
      + " driver's JVM, so it includes the driver's own heap); \"–\" when no collection ran then. \"Alloc. per item\""
      + " is what the nodes' functions allocated per item, from the thread's allocation counter around each batch"
      + " call: the function and the views of its arguments, not the engine's rows, Spark's buffers or"
      + " serialization.";

  private static String heapCell(Trial t) {
    return t.retainedHeapBytes().isPresent() ? Fmt.bytes(t.retainedHeapBytes().getAsLong()) : "–";
  }

  private static String allocatedCell(Trial t) {
    return t.allocatedBytesPerItem().isPresent() ? Fmt.bytes(Math.round(t.allocatedBytesPerItem().getAsDouble())) : "–";
  }

  /** Time against measured memory: the Pareto front, and what the memory-constrained pick rests on. */
  private void memory() {
    List<Analysis.MemoryPoint> points = analysis.memoryFront();
    if (analysis.ranking().isEmpty()) {
      return;
    }
    section("Time and memory");
    if (points.isEmpty()) {
      line("No measured point has a retained-heap figure (no garbage collection ran during the measured maps, or the"
          + " JVMs cannot count), so time and memory cannot be weighed here.");
      line();
      return;
    }
    List<Analysis.MemoryPoint> front = points.stream().filter(Analysis.MemoryPoint::onFront)
        .sorted(java.util.Comparator.comparingLong(Analysis.MemoryPoint::retainedHeapBytes)).toList();
    line(points.size() + " of " + analysis.ranking().size() + " measured points have a retained-heap figure; "
        + front.size() + (front.size() == 1 ? " of them is" : " of them are") + " on the time-memory front (no other"
        + " point is both as fast and as small). Chart: `memory.png`. The front uses point estimates: which time"
        + " differences are real is for the tied set and the verdicts to say.");
    line();
    List<String> header = new ArrayList<>();
    header.addAll(grid.axisNames());
    header.addAll(List.of("Geo. mean (s)", "Heap retained", "Alloc. per item", "Rank", "Tied with best"));
    tableHeader(header, 0);
    for (Analysis.MemoryPoint m : front) {
      List<String> row = new ArrayList<>();
      for (String axis : grid.axisNames()) {
        row.add(Fmt.value(m.point().trial().params().get(axis)));
      }
      row.add(fmt.seconds(m.point().geometricMean()));
      row.add(Fmt.bytes(m.retainedHeapBytes()));
      row.add(allocatedCell(m.point().trial()));
      row.add(Integer.toString(m.point().rank()));
      row.add(m.point().tiedWithBest() ? "yes" : "no");
      tableRow(row);
    }
    line();
  }

  private void effects() {
    section("Parameter effects");
    if (analysis.effects().isEmpty()) {
      line("No axis has two or more values with measured points, so no effect can be estimated.");
      line();
      return;
    }
    line("A cell-means model of log(time) over every raw warm sample, each point with its own variance. A knob's"
        + " value is summarized by the geometric mean over the other knobs' values that every value of it was"
        + " measured at, weighted equally, and two values are compared over those same values, as a ratio with a"
        + " 95% interval (Welch-Satterthwaite degrees of freedom). " + (analysis.replicatedApplications()
            ? "The points of a group share its applications (a split-plot design): knobs that need a new application"
                + " are judged against the variance between applications, which does not average away over a group's"
                + " points; knobs compared inside one application against each point's own."
            : "Each group ran as one application, so knobs that need a new application (use_process,"
                + " max_concurrency) are judged against the noise within it only, which understates their uncertainty.")
        + " **REAL**: the interval lies beyond the margin of " + margin() + " (`negligible_effect`), so the knob is"
        + " shown to matter. **NEGLIGIBLE**: every comparison's interval lies inside the margin, so it is shown not"
        + " to matter. **UNRESOLVED**: neither was shown. " + (analysis.comparisons() == 1
            ? "The one comparison is tested at " + Fmt.fixed(Analysis.ALPHA, 2) + "."
            : "The family-wise error over all " + analysis.comparisons() + " comparisons (every pair of values of"
                + " every knob, overall and within each value of every other knob) is held at "
                + Fmt.fixed(Analysis.ALPHA, 2) + " by Holm's procedure, so an unadjusted interval just clear of the"
                + " margin can still be UNRESOLVED."));
    line();
    if (Charts.hasEffects(analysis)) {
      line("![Parameter effects](effects.png)");
      line();
    }
    for (AxisEffect e : analysis.effects()) {
      subsection(e.axis() + ": " + e.verdict());
      tableHeader(List.of(e.axis(), "Points", "Geo. mean (s)", "95% CI (s)", "Speedup vs worst"), 1);
      for (Level l : e.levels()) {
        String mark = l.equals(e.best()) ? " (best)" : l.equals(e.worst()) ? " (worst)" : "";
        tableRow(List.of(Fmt.value(l.value()), Integer.toString(l.points()), fmt.seconds(l.mean()),
            l.ciHigh() > l.ciLow() ? fmt.interval(l.ciLow(), l.ciHigh()) : "no spread",
            Fmt.speedup(l.speedupVsWorst()) + mark));
      }
      line();
      line(effectExplanation(e));
      line();
      for (String other : analysis.interactingAxes(e.axis())) {
        line("**It depends on `" + other + "`:**");
        line();
        for (AxisEffect c : analysis.conditionalEffects(e.axis())) {
          if (c.scope().containsKey(other)) {
            line("- within `" + other + "=" + Fmt.value(c.scope().get(other)) + "`: " + effectExplanation(c));
          }
        }
        line();
      }
    }
  }

  private String effectExplanation(AxisEffect e) {
    Contrast h = e.headline();
    String comparison = "`" + Fmt.value(h.slower()) + "` is " + Fmt.speedup(h.ratio()) + " slower than `"
        + Fmt.value(h.faster()) + "`" + (h.ciHigh() > h.ciLow() && Double.isFinite(h.ciHigh())
            ? " (95% CI " + Fmt.speedup(h.ciLow()) + " – " + Fmt.speedup(h.ciHigh()) + ", over " + h.contexts()
                + " matched point(s))"
            : " (no spread to test it against)");
    String verdict = switch (e.verdict()) {
      case REAL -> " **REAL**: shown to matter; choose among " + Fmt.values(e.acceptable()) + ", the values not shown"
          + " slower than another.";
      case NEGLIGIBLE -> " **NEGLIGIBLE**: every value is shown within " + margin() + " of every other; choose it for"
          + " other reasons.";
      case UNRESOLVED -> " **UNRESOLVED**: not shown to matter and not shown negligible; more samples could tell.";
    };
    return comparison + "." + verdict;
  }

  private void interaction() {
    section("Interaction: batch_size × max_concurrency");
    if (analysis.interactions().isEmpty()) {
      line("The grid does not vary both `batch_size` and `max_concurrency`.");
      line();
      return;
    }
    line("Geometric mean warm time (s) of the measured points in each cell; – marks a cell without one.");
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
    return "Across cells the geometric mean ranges from " + fmt.seconds(min) + " s to " + fmt.seconds(max) + " s ("
        + Fmt.speedup(min > 0 ? max / min : 1) + "); the verdicts above say which differences are shown.";
  }

  private void guidelines() {
    section("Optimization guidelines");
    if (analysis.effects().isEmpty()) {
      line("No knob could be compared, so there is no measured guidance.");
      line();
      return;
    }
    line("REAL knobs first, by the size of the measured effect on this workload.");
    line();
    int i = 1;
    for (AxisEffect e : sortedEffects()) {
      subsection(i++ + ". " + e.axis());
      List<String> others = analysis.interactingAxes(e.axis());
      switch (e.verdict()) {
        case REAL -> {
          line("**Measured:** REAL. `" + Fmt.value(e.worst().value()) + "` is " + Fmt.speedup(e.ratio())
              + " slower than `" + Fmt.value(e.best().value()) + "` (geometric means " + fmt.seconds(e.worst().mean())
              + " s and " + fmt.seconds(e.best().mean()) + " s).");
          line();
          line("**Recommendation:** " + (others.isEmpty()
              ? "set `" + e.axis() + "` to one of " + Fmt.values(e.acceptable()) + " for this workload"
                  + exceptAtGeneralPoint(e) + "."
              : "it depends on `" + others.get(0) + "`: " + conditionalText(e.axis(), others.get(0)) + "."));
        }
        case NEGLIGIBLE -> {
          line("**Measured:** NEGLIGIBLE. Every tested value is shown within " + margin() + " of every other.");
          line();
          line("**Recommendation:** any tested value " + Fmt.values(levelValues(e)) + " does as well; choose by "
              + otherReasons(e.axis()) + ".");
        }
        case UNRESOLVED -> {
          line("**Measured:** UNRESOLVED. The best and worst values differ by " + Fmt.speedup(e.ratio())
              + ", which is neither shown to matter nor shown negligible.");
          line();
          line("**Recommendation:** " + (others.isEmpty()
              ? "no value is shown better; take the recommended point's and, if it matters to you, sweep this knob"
                  + " with more repeats."
              : "it depends on `" + others.get(0) + "`: " + conditionalText(e.axis(), others.get(0)) + "."));
        }
      }
      line();
      line(knobMeaning(e.axis()));
      line();
    }
  }

  private List<AxisEffect> sortedEffects() {
    List<AxisEffect> sorted = new ArrayList<>(analysis.effects());
    sorted.sort(Comparator.comparing((AxisEffect e) -> e.verdict() != Verdict.REAL)
        .thenComparing(Comparator.comparingDouble(AxisEffect::ratio).reversed()));
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
      case BATCH_SIZE -> "_What it does:_ the rows handed to one call of a node's function (the partitions, and so the"
          + " tasks, follow the executor slots, not batch_size). Larger batches mean fewer calls and more memory per"
          + " call; `auto` lets each executor choose sizes as the node runs, from a fit of a fixed and a per-row"
          + " cost.";
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
    line("Derived from the same estimates as the ranking: each knob's verdict within the values of the knob it"
        + " depends on, at the general-purpose point.");
    line();
    line("```");
    Map<String, Object> at = general.get().params();
    line("Start from the general-purpose point: " + general.get().trial().id());
    List<AxisEffect> effects = sortedEffects();
    for (int i = 0; i < effects.size(); i++) {
      String branch = i == effects.size() - 1 ? "└─ " : "├─ ";
      AxisEffect e = analysis.effectAt(effects.get(i).axis(), at).orElse(effects.get(i));
      String name = e.axis() + (e.scope().isEmpty() ? "" : " within " + e.scope().entrySet().stream()
          .map(x -> x.getKey() + "=" + Fmt.value(x.getValue())).collect(Collectors.joining(", ")));
      Object value = at.get(e.axis());
      String choice = switch (e.verdict()) {
        case REAL -> "REAL (" + Fmt.speedup(e.ratio()) + "): use one of " + Fmt.values(e.acceptable())
            + (e.shownSlower(value) ? "; the point's " + Fmt.value(value) + " is tied overall through other knobs"
                : " → " + Fmt.value(value));
        case NEGLIGIBLE -> "NEGLIGIBLE: any of " + Fmt.values(levelValues(e)) + "; pick by " + shortReason(e.axis());
        case UNRESOLVED -> "UNRESOLVED: no value shown better → " + Fmt.value(value);
      };
      line(branch + name + ": " + choice);
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
      tableRow(List.of("Best geometric mean", fmt.seconds(s.best()) + " s"));
      tableRow(List.of("Worst geometric mean", fmt.seconds(s.worst()) + " s"));
      tableRow(List.of("Mean of geometric means", fmt.seconds(s.mean()) + " s"));
      tableRow(List.of("Std dev of geometric means", fmt.seconds(s.std()) + " s"));
      tableRow(List.of("Range", fmt.seconds(s.range()) + " s (" + Fmt.fixed(s.rangePercent(), 1) + "% of best)"));
      tableRow(List.of("CV across points", Fmt.percent(s.cvAcrossPoints())));
    }
    OptionalDouble nf = analysis.noiseFloorCv();
    tableRow(List.of("Median within-point CV", nf.isPresent() ? Fmt.percent(nf.getAsDouble())
        : "unknown (no point has two samples)"));
    tableRow(List.of("Margin of a negligible effect", margin()));
    tableRow(List.of("Comparisons under Holm's procedure", Integer.toString(analysis.comparisons())));
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
        Optional<AxisEffect> e = analysis.effectAt(p.getKey(), r.params());
        String note = e.isEmpty() ? "not compared" : switch (e.get().verdict()) {
          case REAL -> e.get().shownSlower(p.getValue())
              ? "REAL effect, shown slower than " + Fmt.value(e.get().best().value()) + " here but tied overall"
              : "REAL effect, among the values not shown slower";
          case NEGLIGIBLE -> "NEGLIGIBLE: any tested value does as well";
          case UNRESOLVED -> "UNRESOLVED: no value shown better";
        };
        if (e.isPresent() && e.get().conditional()) {
          note += " within " + e.get().scope().entrySet().stream().map(x -> x.getKey() + "=" + Fmt.value(x.getValue()))
              .collect(Collectors.joining(", "));
        }
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

  private void quality() {
    section("Measurement quality");
    if (analysis.ranking().isEmpty()) {
      line("None: no point was measured successfully.");
      line();
      return;
    }
    int[] loops = analysis.ranking().stream().mapToInt(r -> r.trial().loops()).sorted().toArray();
    int[] samples = analysis.ranking().stream().mapToInt(r -> r.summary().n()).sorted().toArray();
    line("- Samples: " + range(samples) + " balanced per point" + (hasRacingSamples()
        ? ", and racing samples for the contenders (see Samples and racing)" : "") + ". "
        + (grid.minSampleSeconds() > 0
        ? "Warm-up calibrated each point's loops so that one sample lasts at least "
            + Fmt.fixed(grid.minSampleSeconds(), 2) + " s (`min_sample_seconds`); a sample is the mean time of one"
            + " map over its loops, and every map's output was checked. Loops per sample: " + range(loops) + "."
        : "Each sample is a single map (no calibration recorded)."));
    line("- Applications: " + (analysis.replicatedApplications()
        ? "each group ran as two or more Spark applications, and knobs that need a new application are judged"
            + " against the variance between them." + analysis.noise().map(MarkdownReport::noiseParts).orElse("")
        : "each group ran as one Spark application, so the variance between applications is not measured."));
    int cores = results.environment().cores();
    List<RankedPoint> over = analysis.oversubscribed();
    line("- Concurrency: " + (over.isEmpty()
        ? "no measured point ran more concurrency than this machine's " + cores + " cores."
        : over.size() + " point(s) ran `max_concurrency` above this machine's " + cores + " cores; on a machine"
            + " with more cores those settings would behave differently, so their results do not carry over."));
    line();
    timeSpent();
    List<Analysis.Unstable> unstable = analysis.unstable();
    if (unstable.isEmpty()) {
      line("No point is unstable by pyperf's rules (CV above " + Fmt.percent(Analysis.UNSTABLE_CV) + ", a sample more"
          + " than " + Fmt.percent(Analysis.OUTLIER_FRACTION) + " from the mean, fewer than " + Analysis.MIN_SAMPLES
          + " samples).");
      line();
      return;
    }
    subsection("Unstable points");
    tableHeader(List.of("Point", "Samples", "CV", "Why"));
    for (Analysis.Unstable u : unstable) {
      Summary s = u.trial().summary().orElseThrow();
      tableRow(List.of(Fmt.code(u.trial().id()), Integer.toString(s.n()), s.hasSpread() ? Fmt.percent(s.cv()) : "–",
          Fmt.cell(String.join("; ", u.reasons()))));
    }
    line();
    line("pyperf's rules: CV above " + Fmt.percent(Analysis.UNSTABLE_CV) + ", a sample more than "
        + Fmt.percent(Analysis.OUTLIER_FRACTION) + " from the mean, or fewer than " + Analysis.MIN_SAMPLES
        + " samples. The verdicts already account for each point's own spread; an unstable point mostly widens them.");
    line();
  }

  /** Where the balanced samples' noise lies, as a sentence that follows the applications bullet. */
  static String noiseParts(Analysis.Noise noise) {
    String within = " Noise: within one application a sample varies by about "
        + Fmt.percent(Analysis.Noise.cv(noise.withinSd())) + " (the coefficient of variation, pooled over the points); ";
    if (noise.applicationSd() == 0) {
      return within + "between a group's applications, the means differ no more than those samples' noise explains,"
          + " so it is all the uncertainty of those knobs: more samples an application would narrow their intervals"
          + " as well as more applications.";
    }
    return within + "between a group's applications, an application's level varies by a further "
        + Fmt.percent(Analysis.Noise.cv(noise.applicationSd())) + " (a variance component: the spread of a point's"
        + " applications' means beyond what their samples' noise puts in them). With "
        + Fmt.fixed(noise.samplesPerApplication(), 1) + " balanced samples an application, "
        + (noise.applicationsDominate()
            ? "the applications' levels are the larger part of the uncertainty of those knobs: more applications"
                + " (the grid's `applications`, with `repeats` to match) would narrow their intervals more than more"
                + " or longer samples."
            : "the samples' own noise is the larger part of the uncertainty of those knobs, so more samples an"
                + " application would narrow their intervals too.");
  }

  /** Where the sweep's wall time went: application starts, warm-up and calibration, samples, the rest. */
  private void timeSpent() {
    double wall = java.time.Duration.between(results.startedAt(), results.updatedAt()).toMillis() / 1000.0;
    if (!results.applications().isEmpty()) {
      applicationsTime(wall);
      return;
    }
    double cold = 0;
    double warmup = 0;
    double samples = 0;
    double racing = 0;
    for (Trial t : results.trials()) {
      racing += t.racingWallSeconds().orElse(0);
      cold += t.coldSeconds().orElse(0);
      warmup += t.warmupSeconds().orElse(0);
      samples += t.warmSeconds().stream().mapToDouble(Double::doubleValue).sum() * t.loops();
    }
    if (wall <= 0) {
      return;
    }
    double other = Math.max(0, wall - cold - warmup - samples - racing);
    tableHeader(List.of("Where the time went", "Seconds", "Share"), 1);
    timeRow("First applications' starts and first jobs (cold runs)", cold, wall);
    timeRow("Warm-up and loop calibration", warmup, wall);
    timeRow("Measured balanced samples (all loops)", samples, wall);
    timeRow("Racing applications (starts, warm-up, samples)", racing, wall);
    timeRow("Other: later applications' starts, JVM starts and exits, output checks, memory probes, teardown", other,
        wall);
    tableRow(List.of("Sweep wall time (first start to last result)", Fmt.fixed(wall, 1), "100.0%"));
    line();
  }

  /**
   * Where the sweep's wall time went, by the applications' recorded phases (results.json's
   * applications): each part summed over the balanced applications, racing ones in one row, and what
   * the sweep did between applications; then each group's mean application.
   */
  private void applicationsTime(double wall) {
    List<ApplicationTime> apps = results.applications();
    List<ApplicationTime> balanced = apps.stream().filter(a -> !a.racing()).toList();
    List<ApplicationTime> racing = apps.stream().filter(ApplicationTime::racing).toList();
    double inApps = apps.stream().mapToDouble(ApplicationTime::wallSeconds).sum();
    double between = Math.max(0, wall - inApps);
    double total = Math.max(wall, inApps);
    if (total <= 0) {
      return;
    }
    tableHeader(List.of("Where the time went", "Seconds", "Share"), 1);
    timeRow("Application starts (" + balanced.size() + " balanced application" + (balanced.size() == 1 ? "" : "s")
        + ": JVM launch, input, Spark's start)",
        sum(balanced, ApplicationTime::startSeconds), total);
    timeRow("Cold runs (each application's first map)", sum(balanced, ApplicationTime::coldSeconds), total);
    timeRow("Warm-up and loop calibration", sum(balanced, ApplicationTime::warmupSeconds), total);
    timeRow("Measured balanced samples (all loops, with their output checks)",
        sum(balanced, ApplicationTime::measureSeconds), total);
    timeRow("Memory probes (one map per point, collections forced)", sum(balanced, ApplicationTime::probeSeconds), total);
    timeRow("Application ends (results sent, Spark stopped, JVMs gone)", sum(balanced, ApplicationTime::endSeconds),
        total);
    timeRow("Racing applications (" + racing.size() + "; starts, warm-up, samples, ends)",
        sum(racing, ApplicationTime::wallSeconds), total);
    timeRow("Between applications (the sweep's own work: recording results, choosing what runs next)", between, total);
    tableRow(List.of("Sweep wall time (first start to last application's end)", Fmt.fixed(total, 1), "100.0%"));
    line();
    Map<String, List<ApplicationTime>> byGroup = new java.util.LinkedHashMap<>();
    balanced.forEach(a -> byGroup.computeIfAbsent(a.group(), k -> new ArrayList<>()).add(a));
    tableHeader(List.of("Group (balanced applications)", "Applications", "Start (s)", "Warm-up (s)", "Samples (s)",
        "Wall (s)"), 1);
    byGroup.forEach((group, list) -> tableRow(List.of(Fmt.code(group), Integer.toString(list.size()),
        Fmt.fixed(mean(list, ApplicationTime::startSeconds), 1), Fmt.fixed(mean(list, ApplicationTime::warmupSeconds), 1),
        Fmt.fixed(mean(list, ApplicationTime::measureSeconds), 1), Fmt.fixed(mean(list, ApplicationTime::wallSeconds), 1))));
    line();
    line("Seconds per application, by the sweep's clock from its JVM's launch to its exit, cut at the first run of"
        + " each phase; a group's figures are the mean over its balanced applications.");
    line();
  }

  private void timeRow(String what, double seconds, double total) {
    tableRow(List.of(what, Fmt.fixed(seconds, 1), Fmt.percent(seconds / total)));
  }

  private static double sum(List<ApplicationTime> apps, java.util.function.ToDoubleFunction<ApplicationTime> part) {
    return apps.stream().mapToDouble(part).sum();
  }

  private static double mean(List<ApplicationTime> apps, java.util.function.ToDoubleFunction<ApplicationTime> part) {
    return apps.stream().mapToDouble(part).average().orElse(0);
  }

  private boolean hasRacingSamples() {
    return results.trials().stream().anyMatch(t -> !t.racingSeconds().isEmpty());
  }

  /** Samples per point, balanced and racing, and why each point's sampling stopped. */
  private void racing() {
    section("Samples and racing");
    if (analysis.ranking().isEmpty()) {
      line("None: no point was measured successfully.");
      line();
      return;
    }
    if (grid.racing()) {
      line("After the balanced samples (`repeats` = " + grid.repeats() + " per point, shared over the balanced"
          + " applications), racing sampled only the contenders, the points tied with the best, in extra applications"
          + " of their groups, up to `max_repeats` = " + grid.maxRepeats() + " samples a point within"
          + " `budget_seconds` = " + Fmt.fixed(grid.budgetSeconds(), 0) + " s of racing. A contender stops when its"
          + " place is settled (shown within " + margin() + " of the best; the best once no other contender is"
          + " unresolved), at `max_repeats`, or when the budget is spent.");
    } else {
      line("Racing was off (" + (grid.budgetSeconds() > 0 ? "`max_repeats` not above `repeats`" : "`budget_seconds` = 0")
          + "): every point has only its balanced samples.");
    }
    line();
    line("Which samples each figure uses: the parameter effects, verdicts and interactions use only the balanced"
        + " samples, so that racing's early stopping cannot bias them; the ranking, the points tied with the best, the"
        + " optimal configuration and the recommendations use every sample, racing ones included; medians, CVs and"
        + " the unstable-point rules use the balanced samples.");
    line();
    tableHeader(List.of("Rank", "Point", "Tied with best", "Sampling stopped", "Balanced samples", "Racing samples"), 4);
    for (RankedPoint p : analysis.ranking()) {
      Trial t = p.trial();
      tableRow(List.of(Integer.toString(p.rank()), Fmt.code(t.id()), p.tiedWithBest() ? "yes" : "no",
          t.stopReason().map(MarkdownReport::stopText).orElse("not recorded"), Integer.toString(t.warmSeconds().size()),
          Integer.toString(t.racingSeconds().size())));
    }
    line();
    java.util.Map<String, Long> counts = new java.util.TreeMap<>();
    analysis.ranking().forEach(p -> counts.merge(p.trial().stopReason().map(io.sparknodes.results.StopReason::key)
        .orElse("not recorded"), 1L, Long::sum));
    line("Stop reasons: " + counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", ")) + ".");
    line();
  }

  private static String stopText(io.sparknodes.results.StopReason r) {
    return switch (r) {
      case SETTLED -> "settled";
      case MAX_REPEATS -> "max_repeats reached";
      case BUDGET -> "budget spent";
      case NOT_CONTENDER -> "not a contender";
      case FAILED -> "a racing application failed";
      case DISABLED -> "racing off";
    };
  }

  private static String range(int[] sorted) {
    return sorted[0] == sorted[sorted.length - 1] ? Integer.toString(sorted[0])
        : sorted[0] + " to " + sorted[sorted.length - 1];
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
      // A flag every point (or every point of a group) carries is said once, not once a point.
      List<String> everywhere = analysis.flagsOfEveryPoint();
      for (String f : everywhere) {
        line("- Every point: " + (f.endsWith(".") ? f : f + "."));
      }
      if (!everywhere.isEmpty()) {
        line();
      }
      Map<String, List<String>> groups = analysis.flagsOfWholeGroups();
      if (!groups.isEmpty()) {
        line("Flags that every point of a group carries:");
        line();
        tableHeader(List.of("Group", "Flags"));
        groups.forEach((g, fs) -> tableRow(List.of(Fmt.code(g), Fmt.cell(String.join("; ", fs)))));
        line();
      }
      Map<Trial, List<String>> own = new java.util.LinkedHashMap<>();
      flagged.forEach(t -> own.put(t, analysis.ownFlags(t)));
      own.values().removeIf(List::isEmpty);
      if (!own.isEmpty()) {
        if (!everywhere.isEmpty() || !groups.isEmpty()) {
          line("Each point's other flags:");
          line();
        }
        tableHeader(List.of("Point", "Status", "Flags"));
        own.forEach((t, fs) -> tableRow(List.of(Fmt.code(t.id()), t.status().name(), Fmt.cell(String.join("; ", fs)))));
        line();
      }
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
        + " ranked. Then at least " + grid.warmup() + " warm-up run(s) per point are discarded (more while an"
        + " application's rounds still get faster, up to 12: the JIT compilers' work) and " + grid.repeats()
        + " **warm** repeats are recorded, interleaved across the group's points; rankings use the geometric mean"
        + " of the warm samples.");
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
    line("The grid as it ran, with its measurement settings, is `grid.json` beside `results.json`: run in that folder,"
        + " `scripts/grid-search grid.json --out NEW_FOLDER` runs it again" + (grid.workload().contains(".")
            ? " (give `--jars` again: workload `" + grid.workload() + "` is a class of your own)" : "")
        + grid.input().map(in -> in.fromFile()
            ? "; it ran over column `" + in.column() + "` of `" + in.file() + "` (its values' SHA-256 begins `"
                + in.sha256().substring(0, 12) + "`): give `--input " + in.file() + " --column " + in.column()
                + "` again"
            : "; it ran over items given through the API (their SHA-256 begins `" + in.sha256().substring(0, 12)
                + "`): give the same items again").orElse("")
        + ". The report is drawn from"
        + " `results.json` alone and can be re-rendered from it (`scripts/sparknodes report results.json`).");
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
