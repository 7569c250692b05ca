package io.sparknodes.report.section;

import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.AnalysisRecords.AxisEffect;
import io.sparknodes.results.analysis.Recommendation;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** "Optimization guidelines": each knob, REAL ones first, what was measured, what to do and what the knob does. */
final class Guidelines extends BaseSection {
  Guidelines(Analysis analysis) {
    super(analysis, "Optimization guidelines");
  }

  @Override
  void body(DocumentWriter out) {
    if (analysis.effects().isEmpty()) {
      out.paragraph("No knob could be compared, so there is no measured guidance.");
      return;
    }
    out.paragraph("REAL knobs first, by the size of the measured effect on this workload.");
    int i = 1;
    for (AxisEffect e : Verdicts.sortedEffects(analysis)) {
      out.subsection(i++ + ". " + e.axis());
      List<String> others = analysis.interactingAxes(e.axis());
      String dependsOn = others.isEmpty() ? ""
          : "it depends on `" + others.get(0) + "`: " + Verdicts.conditionalText(analysis, out, e.axis(), others.get(0))
              + ".";
      switch (e.verdict()) {
        case REAL -> {
          out.paragraph("**Measured:** REAL. `" + Fmt.value(e.worst().value()) + "` is " + Fmt.speedup(e.ratio())
              + " slower than `" + Fmt.value(e.best().value()) + "` (geometric means " + fmt.seconds(e.worst().mean())
              + " s and " + fmt.seconds(e.best().mean()) + " s).");
          out.paragraph("**Recommendation:** " + (others.isEmpty()
              ? "set `" + e.axis() + "` to one of " + Fmt.values(e.acceptable()) + " for this workload"
                  + exceptAtGeneralPoint(out, e) + "."
              : dependsOn));
        }
        case NEGLIGIBLE -> {
          out.paragraph("**Measured:** NEGLIGIBLE. Every tested value is shown within " + margin() + " of every other.");
          out.paragraph("**Recommendation:** any tested value " + Fmt.values(Verdicts.levelValues(e)) + " does as well;"
              + " choose by " + KnobText.otherReasons(e.axis()) + ".");
        }
        case UNRESOLVED -> {
          out.paragraph("**Measured:** UNRESOLVED. The best and worst values differ by " + Fmt.speedup(e.ratio())
              + ", which is neither shown to matter nor shown negligible.");
          out.paragraph("**Recommendation:** " + (others.isEmpty()
              ? "no value is shown better; take the recommended point's and, if it matters to you, sweep this knob"
                  + " with more repeats."
              : dependsOn));
        }
      }
      out.paragraph(KnobText.knobMeaning(e.axis()));
    }
  }

  /**
   * Where the overall verdict of {@code e} does not apply at the general-purpose point (its
   * direction turns within one of the point's other values, see {@code Analysis.effectAt}): that
   * verdict, so that the guideline and the recommendation say the same; else nothing.
   */
  private String exceptAtGeneralPoint(DocumentWriter out, AxisEffect e) {
    Optional<Recommendation> general = analysis.recommendation(Recommendation.UseCase.GENERAL);
    if (general.isEmpty()) {
      return "";
    }
    Optional<AxisEffect> at = analysis.effectAt(e.axis(), general.get().params());
    if (at.isEmpty() || !at.get().conditional()) {
      return "";
    }
    Map.Entry<String, Object> scope = at.get().scope().entrySet().iterator().next();
    return " over the other knobs' values; within " + out.code(scope.getKey() + "=" + Fmt.value(scope.getValue()))
        + ", the general-purpose point's, the direction turns (" + Verdicts.shortVerdict(at.get()) + ") and its "
        + out.code(Fmt.value(general.get().params().get(e.axis()))) + " is not shown slower";
  }
}
