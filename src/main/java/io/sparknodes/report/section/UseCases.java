package io.sparknodes.report.section;

import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.AnalysisRecords.AxisEffect;
import io.sparknodes.results.analysis.Recommendation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** "Recommended configurations by use case": each use case's point, why, how to run it and each knob's verdict there. */
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
    for (Recommendation r : analysis.recommendations()) {
      out.subsection(r.useCase().title());
      out.paragraph("**Why:** " + String.join("; ", r.reasons()) + ".");
      HowToRun.render(out, r);
      out.paragraph("Median warm time " + fmt.seconds(r.summary().median()) + " s (" + spreadText(r.summary()) + "), "
          + Fmt.throughput(r.summary().throughput()) + " items/s.");
      List<String> knobs = new ArrayList<>();
      for (Map.Entry<String, Object> p : r.params().entrySet()) {
        knobs.add("`" + p.getKey() + "=" + Fmt.value(p.getValue()) + "` (" + knobNote(r, p.getKey(), p.getValue())
            + ")");
      }
      if (!knobs.isEmpty()) {
        out.paragraph("Settings: " + String.join(", ", knobs) + ".");
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
