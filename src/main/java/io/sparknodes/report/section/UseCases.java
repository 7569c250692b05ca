package io.sparknodes.report.section;

import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.AnalysisRecords.AxisEffect;
import io.sparknodes.results.analysis.Recommendation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The use cases, a subsection each inside the optimal configuration: each use case's point, why, how
 * to run it (once a point: a use case whose point came before refers to it) and each knob's verdict
 * there.
 */
final class UseCases extends BaseSection {
  UseCases(Analysis analysis) {
    super(analysis, "Recommended configurations by use case");
  }

  @Override
  void body(DocumentWriter out) {
    if (analysis.recommendations().isEmpty()) {
      noneMeasured(out);
      return;
    }
    // A point is shown once: the optimal configuration's, and each use case's the first time it comes.
    Map<String, String> shown = new LinkedHashMap<>();
    analysis.recommendation(Recommendation.UseCase.MAXIMUM_THROUGHPUT)
        .ifPresent(r -> shown.put(r.trial().id(), "the maximum-throughput point above"));
    for (Recommendation r : analysis.recommendations()) {
      out.subsection(r.useCase().title());
      List<String> knobs = new ArrayList<>();
      for (Map.Entry<String, Object> p : r.params().entrySet()) {
        knobs.add("`" + p.getKey() + "=" + Fmt.value(p.getValue()) + "` (" + knobNote(r, p.getKey(), p.getValue())
            + ")");
      }
      String settings = knobs.isEmpty() ? "" : " Settings: " + String.join(", ", knobs) + ".";
      String why = "**Why:** " + String.join("; ", r.reasons()) + ".";
      String earlier = shown.get(r.trial().id());
      if (earlier != null) {
        out.paragraph(why + " The same point as " + earlier + ": " + out.code(r.trial().id()) + ", profile key "
            + out.code(io.sparknodes.results.TunedProfile.key(r.useCase())) + "." + settings);
      } else {
        shown.put(r.trial().id(), "[" + r.useCase().title() + "](#" + Sections.anchor(r.useCase().title()) + ")");
        out.paragraph(why);
        HowToRun.render(out, r);
        out.paragraph("Median warm time " + fmt.seconds(r.summary().median()) + " s (" + spreadText(r.summary())
            + "), " + Fmt.throughput(r.summary().throughput()) + " items/s." + settings);
      }
      for (String caveat : r.caveats()) {
        out.quote("Note: " + caveat + ".");
      }
    }
  }

  /** The verdict of knob {@code axis} at the recommended point, for its value {@code value}. */
  private String knobNote(Recommendation r, String axis, Object value) {
    Optional<AxisEffect> e = analysis.effectAt(axis, r.params());
    String note = e.isEmpty() ? "not compared" : switch (e.get().verdict()) {
      case REAL -> e.get().shownSlower(value)
          ? "REAL effect, shown slower than " + Fmt.value(e.get().best().value()) + " here but tied overall"
          : "REAL effect, among the values not shown slower";
      case NEGLIGIBLE -> "NEGLIGIBLE: any tested value does as well";
      case UNRESOLVED -> "UNRESOLVED: no value shown better";
    };
    if (e.isPresent() && e.get().conditional()) {
      note += " within " + e.get().scope().entrySet().stream().map(x -> x.getKey() + "=" + Fmt.value(x.getValue()))
          .collect(Collectors.joining(", "));
    }
    return note;
  }
}
