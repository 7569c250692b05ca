package io.sparknodes.report.section;

import io.sparknodes.results.analysis.Analysis;

/** The report's title, {@code "Grid search results: <grid>"}, and what it was drawn from: the workload, when the sweep ran. */
final class Title extends BaseSection {
  Title(Analysis analysis) {
    super(analysis, "Grid search results: " + analysis.results().grid().name());
  }

  /** The document's title rather than a section heading. */
  @Override
  public void render(DocumentWriter out) {
    out.title(heading());
    body(out);
  }

  @Override
  void body(DocumentWriter out) {
    out.paragraph("Workload " + out.code(grid.workload()) + ", " + Fmt.integer(grid.items()) + " items per run. Sweep"
        + " started " + results.startedAt() + ", last updated " + results.updatedAt() + ". Generated from the sweep's"
        + " results alone; raw samples are in `results.json` and `results.csv`.");
  }
}
