package io.sparknodes.report.section;

import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.Trial;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** "Flagged points": flags every point or group carries, each point's own flags, then failures and timeouts. */
final class FlaggedPoints extends BaseSection {
  FlaggedPoints(Analysis analysis) {
    super(analysis, "Flagged points");
  }

  @Override
  void body(DocumentWriter out) {
    List<Trial> flagged = analysis.flagged();
    List<Trial> failures = analysis.failures();
    if (flagged.isEmpty() && failures.isEmpty()) {
      out.paragraph("None: every recorded point completed without flags.");
      return;
    }
    if (!flagged.isEmpty()) {
      flags(out, flagged);
    }
    if (!failures.isEmpty()) {
      out.subsection("Failures and timeouts");
      out.tableHeader(List.of("Point", "Status", "Error"));
      for (Trial t : failures) {
        out.tableRow(List.of(out.code(t.id()), t.status().name(), out.cell(Fmt.firstLine(t.error().orElse("")))));
      }
      out.blank();
      out.paragraph("First line of each error; the full text is in `results.json`.");
    }
  }

  private void flags(DocumentWriter out, List<Trial> flagged) {
    out.subsection("Knobs that had no effect and other flags");
    // A flag every point (or every point of a group) carries is said once, not once a point.
    List<String> everywhere = analysis.flagsOfEveryPoint();
    for (String f : everywhere) {
      out.item("Every point: " + (f.endsWith(".") ? f : f + "."));
    }
    if (!everywhere.isEmpty()) {
      out.blank();
    }
    Map<String, List<String>> groups = analysis.flagsOfWholeGroups();
    if (!groups.isEmpty()) {
      out.paragraph("Flags that every point of a group carries:");
      out.tableHeader(List.of("Group", "Flags"));
      groups.forEach((g, fs) -> out.tableRow(List.of(out.code(g), out.cell(String.join("; ", fs)))));
      out.blank();
    }
    Map<Trial, List<String>> own = new LinkedHashMap<>();
    flagged.forEach(t -> own.put(t, analysis.ownFlags(t)));
    own.values().removeIf(List::isEmpty);
    if (!own.isEmpty()) {
      if (!everywhere.isEmpty() || !groups.isEmpty()) {
        out.paragraph("Each point's other flags:");
      }
      out.tableHeader(List.of("Point", "Status", "Flags"));
      own.forEach((t, fs) -> out.tableRow(List.of(out.code(t.id()), t.status().name(),
          out.cell(String.join("; ", fs)))));
      out.blank();
    }
  }
}
