package io.sparknodes.cli;

import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.workloads.Workload;
import io.sparknodes.workloads.Workloads;
import java.util.Map;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code graph --workload NAME}: prints the workload's pipeline as a Mermaid flowchart (or DOT). */
@Command(name = "graph", mixinStandardHelpOptions = true, optionListHeading = HelpSections.GENERAL,
    description = {"Prints a workload's pipeline as a Mermaid flowchart or Graphviz DOT.",
        "Mermaid renders in Markdown viewers."})
final class GraphCommand implements Callable<Integer> {
  /** The picture's language. */
  enum Format { mermaid, dot }

  @Option(names = "--workload", order = HelpSections.INPUT, paramLabel = "NAME", required = true,
      description = "text-normalize, cpu-hash, io-latency, lucene-europarl, embeddings, or a Workload class name"
          + " (with --jars for your own).")
  String workload;

  @Option(names = "--jars", order = HelpSections.INPUT, paramLabel = "JAR", split = ",",
      description = "Your workload and its dependencies (comma-separated jars or class folders).")
  java.util.List<java.nio.file.Path> jars = new java.util.ArrayList<>();

  @Option(names = "--format", order = HelpSections.OUTPUT, paramLabel = "mermaid|dot", defaultValue = "mermaid",
      description = "mermaid or dot (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    // The workload class is loaded over the user's jars, as the grid command loads it.
    return io.sparknodes.tuning.UserJars.withJarsLoadable(io.sparknodes.tuning.UserJars.check(jars), () -> {
      Workload w = Workloads.byName(workload);
      Pipeline pipeline = w.pipeline();
      // The constants say which inputs are stateful (a Stateful value builds nothing until it is used).
      Map<String, Object> constants = w.constants();
      PrintWriter out = spec.commandLine().getOut();
      out.print(format == Format.dot ? pipeline.toDot(constants) : pipeline.toMermaid(constants));
      out.flush();
      return Main.OK;
    });
  }
}
