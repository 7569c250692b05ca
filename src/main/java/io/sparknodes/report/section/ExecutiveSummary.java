package io.sparknodes.report.section;

import static io.sparknodes.config.Knobs.MAX_CONCURRENCY;

import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.AnalysisRecords.AxisEffect;
import io.sparknodes.results.analysis.AnalysisRecords.Counts;
import io.sparknodes.results.analysis.AnalysisRecords.RankedPoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** "Executive summary": what was tested, the best point against the worst, each knob's verdict. */
final class ExecutiveSummary extends BaseSection {
  ExecutiveSummary(Analysis analysis) {
    super(analysis, "Executive summary");
  }

  @Override
  void body(DocumentWriter out) {
    Counts c = analysis.counts();
    out.line("Tested **" + c.recorded() + " of " + c.gridPoints() + " configurations** across:");
    for (Map.Entry<String, List<Object>> axis : grid.axes().entrySet()) {
      out.item(out.code(axis.getKey()) + ": " + Fmt.values(axis.getValue()));
    }
    out.item("Workload: " + out.code(grid.workload()) + ", " + Fmt.integer(grid.items()) + " items per run, "
        + "at least " + grid.warmup() + " warm-up run(s) and " + grid.repeats() + " measured repeat(s) per point");
    out.item("Outcome: " + c.measured() + " measured, " + c.failed() + " failed, " + c.timeouts() + " timed out, "
        + c.notRun() + " not run");
    out.blank();
    Optional<RankedPoint> best = analysis.best();
    if (best.isEmpty()) {
      out.paragraph("**No point was measured successfully**, so there is nothing to rank. See [Flagged points](#flagged-points).");
      return;
    }
    RankedPoint b = best.get();
    RankedPoint w = analysis.worst().orElseThrow();
    int tied = analysis.tiedWithBest().size();
    out.paragraph("**Key finding:** the best configuration, " + out.code(b.trial().id()) + ", has a geometric-mean warm"
        + " time of " + fmt.seconds(b.geometricMean()) + " s, " + speedupText() + " the worst ("
        + fmt.seconds(w.geometricMean()) + " s). " + tiedSentence(tied));
    out.paragraph(knobSentence(out));
    List<RankedPoint> over = analysis.oversubscribed();
    if (!over.isEmpty()) {
      out.paragraph("**Context:** " + over.size() + " of " + analysis.ranking().size() + " measured points ran more"
          + " concurrency than this machine's " + results.environment().cores() + " cores (`max_concurrency` "
          + Fmt.values(new ArrayList<>(over.stream().map(r -> r.trial().params().get(MAX_CONCURRENCY)).distinct()
              .sorted(Comparator.comparingInt(v -> (Integer) v)).toList()))
          + "). Their results say how oversubscription behaves here and do not carry over to a machine with more"
          + " cores.");
    }
  }

  private String speedupText() {
    OptionalDouble s = analysis.speedup();
    return s.isPresent() ? Fmt.speedup(s.getAsDouble()) + " as fast as" : "compared with";
  }

  private static String tiedSentence(int tied) {
    if (tied <= 1) {
      return "No other point is statistically tied with it.";
    }
    return (tied - 1) + " other point(s) are statistically tied with it: among them, the order is not shown.";
  }

  private String knobSentence(DocumentWriter out) {
    if (analysis.effects().isEmpty()) {
      return "No knob could be compared: no axis has two values with measured points.";
    }
    List<String> real = new ArrayList<>();
    List<String> negligible = new ArrayList<>();
    List<String> unresolved = new ArrayList<>();
    for (AxisEffect e : analysis.effects()) {
      String name = out.code(e.axis());
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
        parts.add("**" + out.code(e.axis()) + " depends on " + out.code(other) + ":** "
            + Verdicts.conditionalText(analysis, out, e.axis(), other) + ".");
      }
    }
    return String.join(" ", parts);
  }
}
