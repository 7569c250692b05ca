package io.sparknodes.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.Results;
import io.sparknodes.results.analysis.Analysis;
import org.junit.jupiter.api.Test;

/** The report's Pipeline section: the workload's graph from the results, as Mermaid. */
class PipelineSectionTest {
  private static final String GRAPH = "flowchart TD\n  i0[/\"text\"/]\n  n0[\"clean\"]\n  i0 --> n0\n";

  @Test
  void report_showsTheResultsPipelineGraphAsAMermaidBlock() {
    Results r = Sweeps.seedLike().withPipelineGraph(GRAPH);

    String md = MarkdownReport.render(Analysis.of(r));

    assertTrue(md.contains(" before relying on them.\n\n## Pipeline\n"), "a blank line before the heading: " + md);
    assertTrue(md.contains("## Pipeline\n\nThe workload's pipeline (`sparknodes graph --workload " + r.grid().workload()
        + "` prints it):\n\n```mermaid\n" + GRAPH + "```\n"), md);
  }

  @Test
  void report_ofResultsWithoutAGraph_hasNoPipelineSection() {
    assertFalse(MarkdownReport.render(Analysis.of(Sweeps.seedLike())).contains("## Pipeline"));
  }
}
