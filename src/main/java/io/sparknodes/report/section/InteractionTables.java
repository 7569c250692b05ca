package io.sparknodes.report.section;

import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.AnalysisRecords.Interaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** "Interaction: batch_size × max_concurrency": the geometric mean of each cell, a table per scope, with its heat map. */
final class InteractionTables extends BaseSection {
  InteractionTables(Analysis analysis) {
    super(analysis, "Interaction: batch_size × max_concurrency");
  }

  @Override
  void body(DocumentWriter out) {
    if (analysis.interactions().isEmpty()) {
      out.paragraph("The grid does not vary both `batch_size` and `max_concurrency`.");
      return;
    }
    out.paragraph("Geometric mean warm time (s) of the measured points in each cell; – marks a cell without one.");
    Map<String, Interaction> charts = Figures.heatmaps(analysis);
    // With a table per use_process value, the table over all points (their average) adds nothing to read.
    List<Interaction> tables = analysis.interactions().size() > 1
        ? analysis.interactions().stream().filter(t -> !t.scope().isEmpty() || charts.containsValue(t)).toList()
        : analysis.interactions();
    for (Interaction t : tables) {
      if (!t.scope().isEmpty()) {
        out.subsection(t.scope().entrySet().stream().map(e -> e.getKey() + " = " + Fmt.value(e.getValue()))
            .collect(Collectors.joining(", ")));
      }
      List<String> header = new ArrayList<>();
      header.add(t.rowAxis());
      t.columns().forEach(c -> header.add(t.columnAxis() + "=" + Fmt.value(c)));
      out.tableHeader(header, 1);
      for (Object row : t.rows()) {
        List<String> cells = new ArrayList<>();
        cells.add(Fmt.value(row));
        for (Object col : t.columns()) {
          cells.add(t.cell(row, col).map(c -> fmt.seconds(c.mean())).orElse("–"));
        }
        out.tableRow(cells);
      }
      out.blank();
      charts.forEach((name, table) -> {
        if (table.equals(t)) {
          out.image(name, name + ".png");
        }
      });
    }
    out.paragraph(insight());
  }

  private String insight() {
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
}
