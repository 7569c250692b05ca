package io.sparknodes.report.section;

import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.AnalysisRecords.AxisEffect;
import io.sparknodes.results.analysis.AnalysisRecords.Contrast;
import io.sparknodes.results.analysis.AnalysisRecords.Level;
import io.sparknodes.results.analysis.Recommendation;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "Parameter effects": the model (explained here once for the whole report), then each knob's levels,
 * headline comparison, verdict, what to do about it and what it does, and what it depends on.
 */
final class ParameterEffects extends BaseSection {
  ParameterEffects(Analysis analysis) {
    super(analysis, "Parameter effects");
  }

  @Override
  void body(DocumentWriter out) {
    if (analysis.effects().isEmpty()) {
      out.paragraph("No axis has two or more values with measured points, so no effect can be estimated.");
      return;
    }
    out.paragraph(model());
    if (Figures.hasEffects(analysis)) {
      out.image("Parameter effects", "effects.png");
    }
    for (AxisEffect e : analysis.effects()) {
      out.subsection(e.axis() + ": " + e.verdict());
      out.tableHeader(List.of(e.axis(), "Points", "Geo. mean (s)", "95% CI (s)", "Speedup vs worst"), 1);
      for (Level l : e.levels()) {
        String mark = l.equals(e.best()) ? " (best)" : l.equals(e.worst()) ? " (worst)" : "";
        out.tableRow(List.of(Fmt.value(l.value()), Integer.toString(l.points()), fmt.seconds(l.mean()),
            l.ciHigh() > l.ciLow() ? fmt.interval(l.ciLow(), l.ciHigh()) : "no spread",
            Fmt.speedup(l.speedupVsWorst()) + mark));
      }
      out.blank();
      out.paragraph(effectExplanation(e));
      List<String> others = analysis.interactingAxes(e.axis());
      if (others.isEmpty()) {
        out.paragraph("**Recommendation:** " + recommendation(out, e) + " " + KnobText.knobMeaning(e.axis()));
      }
      for (String other : others) {
        out.paragraph("**It depends on `" + other + "`:**");
        for (AxisEffect c : analysis.conditionalEffects(e.axis())) {
          if (c.scope().containsKey(other)) {
            out.item("within `" + other + "=" + Fmt.value(c.scope().get(other)) + "`: " + effectExplanation(c));
          }
        }
        out.blank();
        out.paragraph(KnobText.knobMeaning(e.axis()));
      }
    }
  }

  /** What to do about a knob whose verdict holds over the other knobs. */
  private String recommendation(DocumentWriter out, AxisEffect e) {
    return switch (e.verdict()) {
      case REAL -> "set `" + e.axis() + "` to one of " + Fmt.values(e.acceptable()) + " for this workload"
          + exceptAtGeneralPoint(out, e) + ".";
      case NEGLIGIBLE -> "any tested value " + Fmt.values(Verdicts.levelValues(e)) + " does as well; choose by "
          + KnobText.otherReasons(e.axis()) + ".";
      case UNRESOLVED -> "no value is shown better; take the recommended point's and, if it matters to you, sweep"
          + " this knob with more repeats.";
    };
  }

  /**
   * Where the overall verdict of {@code e} does not apply at the general-purpose point (its
   * direction turns within one of the point's other values, see {@code Analysis.effectAt}): that
   * verdict, so that the recommendation here and the use case's say the same; else nothing.
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

  /** How the effects are estimated and what each verdict means. */
  private String model() {
    return "A cell-means model of log(time) over every raw warm sample, each point with its own variance. A knob's"
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
                + " margin can still be UNRESOLVED.");
  }

  private String effectExplanation(AxisEffect e) {
    Contrast h = e.headline();
    String comparison = "`" + Fmt.value(h.slower()) + "` is " + Fmt.speedup(h.ratio()) + " slower than `"
        + Fmt.value(h.faster()) + "`" + (h.ciHigh() > h.ciLow() && Double.isFinite(h.ciHigh())
            ? " (95% CI " + Fmt.speedup(h.ciLow()) + " – " + Fmt.speedup(h.ciHigh()) + ", over " + h.contexts()
                + " matched point(s))"
            : " (no spread to test it against)");
    String verdict = switch (e.verdict()) {
      case REAL -> " **REAL**: shown to matter; " + Fmt.values(e.acceptable()) + " not shown slower than another.";
      case NEGLIGIBLE -> " **NEGLIGIBLE**: every value is shown within " + margin() + " of every other.";
      case UNRESOLVED -> " **UNRESOLVED**: not shown to matter and not shown negligible; "
          + clearButUnresolved(e, false).orElse("more samples could tell") + ".";
    };
    return comparison + "." + verdict;
  }
}
