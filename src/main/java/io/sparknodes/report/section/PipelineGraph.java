package io.sparknodes.report.section;

import io.sparknodes.results.analysis.Analysis;

/** "Pipeline": the workload's pipeline as a Mermaid graph, when the results carry its picture. */
final class PipelineGraph extends BaseSection {
  PipelineGraph(Analysis analysis) {
    super(analysis, "Pipeline");
  }

  @Override
  public boolean shown() {
    return !results.pipelineGraph().isEmpty();
  }

  /** A blank line first: the notes, which come before, end without one. */
  @Override
  public void render(DocumentWriter out) {
    if (shown()) {
      out.blank();
      super.render(out);
    }
  }

  @Override
  void body(DocumentWriter out) {
    String graph = results.pipelineGraph();
    out.paragraph("The workload's pipeline (`sparknodes graph --workload " + grid.workload() + "` prints it):");
    out.codeBlock("mermaid", graph.endsWith("\n") ? graph.substring(0, graph.length() - 1) : graph);
  }
}
