package io.sparknodes.results.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.Fixtures;
import io.sparknodes.results.Results;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workload's pipeline graph in results.json: written when present, absent in older files. */
class PipelineGraphJsonTest {
  private static final String GRAPH = "flowchart TD\n  i0[/\"text\"/]\n  n0[\"clean\"]\n  i0 --> n0\n";

  @Test
  void graph_survivesWriteThenRead_andAppendingTrials(@TempDir Path dir) throws IOException {
    Results small = Fixtures.small();
    Results drawn = Results.start(small.environment(), small.grid(), small.startedAt()).withPipelineGraph(GRAPH)
        .withTrial(small.trials().get(0));
    Path file = dir.resolve("results.json");

    ResultsJson.write(drawn, file);

    Results back = ResultsJson.read(file);
    assertEquals(GRAPH, back.pipelineGraph());
    assertEquals(drawn, back);
    assertTrue(Files.readString(file).contains("\"pipelineGraph\": \"flowchart TD\\n"));
  }

  @Test
  void resultsWithoutAGraph_writeNoField_andTheFileMainWritesTodayReadsAsNone() throws IOException {
    assertFalse(ResultsJson.toJson(Fixtures.small()).contains("pipelineGraph"));

    // The golden file is the format main writes today: no pipelineGraph field.
    Results old = ResultsJson.read(Path.of("src", "test", "resources", "golden", "results-small.json"));
    assertEquals("", old.pipelineGraph());
  }
}
