package io.sparknodes.report.section;

import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.AnalysisRecords.AxisEffect;
import io.sparknodes.results.analysis.AnalysisRecords.Level;
import io.sparknodes.results.analysis.AnalysisRecords.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** How the sections word a knob's verdict and in which order they take the knobs. */
final class Verdicts {
  private Verdicts() {}

  /** "within use_process=false: NEGLIGIBLE; within true: REAL, 1 best, 8 is 2.90x slower". */
  static String conditionalText(Analysis analysis, DocumentWriter out, String axis, String other) {
    List<String> parts = new ArrayList<>();
    for (AxisEffect c : analysis.conditionalEffects(axis)) {
      if (c.scope().containsKey(other)) {
        parts.add("within " + out.code(other + "=" + Fmt.value(c.scope().get(other))) + ": " + shortVerdict(c));
      }
    }
    return String.join("; ", parts);
  }

  /** "REAL, 1 best, 8 is 2.90x slower" / "NEGLIGIBLE" / "UNRESOLVED". */
  static String shortVerdict(AxisEffect e) {
    return e.verdict() == Verdict.REAL
        ? "REAL, " + Fmt.value(e.best().value()) + " best, " + Fmt.value(e.worst().value()) + " is "
            + Fmt.speedup(e.ratio()) + " slower"
        : e.verdict().name();
  }

  /** The knobs' effects, REAL ones first, each group by the size of the effect, largest first. */
  static List<AxisEffect> sortedEffects(Analysis analysis) {
    List<AxisEffect> sorted = new ArrayList<>(analysis.effects());
    sorted.sort(Comparator.comparing((AxisEffect e) -> e.verdict() != Verdict.REAL)
        .thenComparing(Comparator.comparingDouble(AxisEffect::ratio).reversed()));
    return sorted;
  }

  /** The values of the knob of {@code e}, in its levels' order. */
  static List<Object> levelValues(AxisEffect e) {
    return e.levels().stream().map(Level::value).toList();
  }
}
