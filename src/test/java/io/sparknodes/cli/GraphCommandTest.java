package io.sparknodes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.workloads.Workloads;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code sparknodes graph}: prints a workload's pipeline; bad names are usage errors. */
class GraphCommandTest {
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void graph_printsTheWorkloadsPipelineAsMermaid() {
    Run r = run("graph", "--workload", "text-normalize");

    assertEquals(Main.OK, r.code(), r.err());
    io.sparknodes.workloads.Workload w = Workloads.byName("text-normalize");
    assertEquals(w.pipeline().toMermaid(w.constants()), r.out());
    assertTrue(r.out().startsWith("flowchart TD\n"), r.out());
    assertTrue(r.out().contains("(stateful)"), "the text workload's model is stateful: " + r.out());
  }

  @Test
  void graph_formatDot_printsDot() {
    Run r = run("graph", "--workload", "cpu-hash", "--format", "dot");

    assertEquals(Main.OK, r.code(), r.err());
    assertEquals(Workloads.byName("cpu-hash").pipeline().toDot(), r.out());
    assertTrue(r.out().startsWith("digraph pipeline {\n"), r.out());
  }

  @Test
  void unknownWorkload_isBadUsage_namingIt() {
    Run r = run("graph", "--workload", "nope");

    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("unknown workload 'nope'"), r.err());
  }

  @Test
  void unknownFormat_isBadUsage_namingIt() {
    Run r = run("graph", "--workload", "cpu-hash", "--format", "png");

    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("png"), r.err());
  }

  @Test
  void missingWorkload_isBadUsage() {
    Run r = run("graph");

    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("--workload"), r.err());
  }

  @Test
  void help_ofGraphAndGrid_namesEveryBuiltInWorkload() {
    String graph = run("graph", "--help").out();
    String grid = run("grid", "--help").out().replaceAll("\\s+", " ");
    for (String name : Workloads.builtIn()) {
      assertTrue(graph.replaceAll("\\s+", " ").contains(name), name + " in: " + graph);
      assertTrue(grid.contains(name), name + " in: " + grid);
    }
  }
}
