package io.sparknodes.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A picture of a pipeline, drawn as Mermaid or DOT: pipeline inputs (stateful ones marked),
 * nodes (batch functions and the settings each node overrides), pipeline outputs, and each nested
 * pipeline as a subgraph with its own inputs and outputs. Ids are positional ({@code i0}, {@code
 * n1}, {@code n1_o0}), labels carry the names, so any name draws.
 */
final class Graph {
  enum Kind { INPUT, STATEFUL, NODE, OUTPUT }

  record Shape(String id, Kind kind, List<String> label) {}

  /** An edge; one from a whole subgraph ({@code fromCluster} not empty) starts at its shape {@code from} in DOT. */
  record Edge(String from, String to, String label, String fromCluster) {
    Edge(String from, String to, String label) {
      this(from, to, label, "");
    }
  }

  /** A pipeline's shapes and subgraphs; the root is the whole picture. */
  record Cluster(String id, List<String> label, List<Shape> shapes, List<Cluster> clusters) {}

  /** Where a value comes from: a shape, and the edge label that names it ("" when the shape does). */
  private record Source(String id, String label, String cluster) {
    Source(String id, String label) {
      this(id, label, "");
    }
  }

  private final Cluster root;
  private final List<Edge> edges;

  private Graph(Cluster root, List<Edge> edges) {
    this.root = root;
    this.edges = edges;
  }

  /** The picture of {@code pipeline}, where the inputs named in {@code stateful} are stateful too (besides the hinted ones). */
  static Graph of(Pipeline pipeline, Set<String> stateful) {
    List<Edge> edges = new ArrayList<>();
    Cluster root = new Cluster("", List.of(), new ArrayList<>(), new ArrayList<>());
    walk(pipeline, "", root, edges, stateful);
    return new Graph(root, edges);
  }

  /**
   * Draws {@code pipeline} into {@code into} with ids prefixed by {@code prefix}; returns the
   * shapes of its inputs ("input:NAME") and outputs ("output:NAME"), for an outer pipeline to
   * connect.
   */
  private static Map<String, Source> walk(Pipeline pipeline, String prefix, Cluster into, List<Edge> edges,
      Set<String> given) {
    List<Node> nodes = pipeline.nodesFor(pipeline.outputs());
    Set<String> produced = new LinkedHashSet<>();
    Set<String> stateful = new LinkedHashSet<>(given);
    for (Node n : nodes) {
      produced.add(n.output());
      stateful.addAll(n.statefulHints().keySet());
    }
    Map<String, Source> values = new LinkedHashMap<>();
    Map<String, Source> ports = new LinkedHashMap<>();
    // Per nested node with several outputs, by its output: the shape of each output, by outer name.
    Map<String, Map<String, Source>> nestedPorts = new LinkedHashMap<>();
    int i = 0;
    for (Node n : nodes) {
      for (String in : n.inputs()) {
        if (!produced.contains(in) && !values.containsKey(in)) {
          boolean s = stateful.contains(in);
          String id = prefix + "i" + i++;
          into.shapes().add(new Shape(id, s ? Kind.STATEFUL : Kind.INPUT, s ? List.of(in, "(stateful)") : List.of(in)));
          values.put(in, new Source(id, ""));
          ports.put("input:" + in, new Source(id, ""));
        }
      }
    }
    List<Node> all = pipeline.nodes();
    for (Node n : nodes) {
      String id = prefix + "n" + all.indexOf(n);
      if (n.invoker() instanceof Pipeline.Pick pick && nestedPorts.containsKey(n.inputs().get(0))) {
        values.put(n.output(), nestedPorts.get(n.inputs().get(0)).get(pick.output()));
        continue;
      }
      if (n.invoker() instanceof NestedPipeline np) {
        List<String> label = new ArrayList<>();
        label.add(n.name());
        label.add(np.mapOver().isEmpty() ? "pipeline" : "pipeline, maps over " + String.join(", ", np.mapOver()));
        cacheLabel(pipeline, n).ifPresent(label::add);
        config(n).ifPresent(label::add);
        Cluster sub = new Cluster(id, label, new ArrayList<>(), new ArrayList<>());
        into.clusters().add(sub);
        Set<String> innerStateful = new LinkedHashSet<>();
        for (int a = 0; a < n.inputs().size(); a++) {
          if (stateful.contains(n.inputs().get(a))) {
            innerStateful.add(np.innerInputs().get(a));
          }
        }
        Map<String, Source> inner = walk(np.pipeline(), id + "_", sub, edges, innerStateful);
        for (int a = 0; a < n.inputs().size(); a++) {
          String outer = n.inputs().get(a);
          String innerName = np.innerInputs().get(a);
          Source from = values.get(outer);
          String label2 = from.label().isEmpty() && !outer.equals(innerName) ? outer : from.label();
          edges.add(new Edge(from.id(), inner.get("input:" + innerName).id(), label2, from.cluster()));
        }
        Map<String, Source> exposed = new LinkedHashMap<>();
        for (int k = 0; k < np.innerOutputs().size(); k++) {
          String innerOut = np.innerOutputs().get(k);
          String outerOut = np.outerOutputs().get(k);
          Source port = inner.get("output:" + innerOut);
          exposed.put(outerOut, new Source(port.id(), outerOut.equals(innerOut) ? "" : outerOut));
        }
        if (exposed.size() == 1) {
          values.put(n.output(), exposed.values().iterator().next());
        } else {
          nestedPorts.put(n.output(), exposed);
          // The map of all outputs, for a node that takes it whole: drawn from the subgraph.
          values.put(n.output(), new Source(exposed.values().iterator().next().id(), n.output(), id));
        }
        continue;
      }
      List<String> label = new ArrayList<>();
      label.add(n.name());
      if (!n.output().equals(n.name())) {
        label.add("→ " + n.output());
      }
      if (n.isDual()) {
        label.add("dual");
      } else if (n.isBatch()) {
        label.add("batch");
      }
      cacheLabel(pipeline, n).ifPresent(label::add);
      config(n).ifPresent(label::add);
      into.shapes().add(new Shape(id, Kind.NODE, label));
      for (String in : n.inputs()) {
        Source from = values.get(in);
        edges.add(new Edge(from.id(), id, from.label(), from.cluster()));
      }
      values.put(n.output(), new Source(id, n.output()));
    }
    int o = 0;
    for (String out : pipeline.outputs()) {
      String id = prefix + "o" + o++;
      into.shapes().add(new Shape(id, Kind.OUTPUT, List.of(out)));
      Source from = values.get(out);
      edges.add(new Edge(from.id(), id, "", from.cluster()));
      ports.put("output:" + out, new Source(id, ""));
    }
    return ports;
  }

  /** "cached" for a node the pipeline's engine caches, "no cache" for one that opted out ({@code cache(false)}). */
  private static java.util.Optional<String> cacheLabel(Pipeline pipeline, Node n) {
    return !n.isCached() ? java.util.Optional.of("no cache")
        : pipeline.engine().cache().isPresent() ? java.util.Optional.of("cached") : java.util.Optional.empty();
  }

  private static java.util.Optional<String> config(Node n) {
    if (n.config().isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(n.config().toMap().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", ")));
  }

  String toMermaid() {
    StringBuilder b = new StringBuilder("flowchart TD\n");
    mermaid(root, "  ", b);
    for (Edge e : edges) {
      b.append("  ").append(e.fromCluster().isEmpty() ? e.from() : e.fromCluster()).append(e.label().isEmpty() ? " --> " : " -->|" + mermaidText(e.label()) + "| ")
          .append(e.to()).append('\n');
    }
    b.append("  classDef stateful fill:#fff3d6,stroke:#b7791f\n");
    List<String> stateful = new ArrayList<>();
    collect(root, Kind.STATEFUL, stateful);
    if (!stateful.isEmpty()) {
      b.append("  class ").append(String.join(",", stateful)).append(" stateful\n");
    }
    return b.toString();
  }

  private static void mermaid(Cluster c, String indent, StringBuilder b) {
    for (Shape s : c.shapes()) {
      String text = "\"" + s.label().stream().map(Graph::mermaidText).collect(Collectors.joining("<br/>")) + "\"";
      b.append(indent).append(s.id()).append(switch (s.kind()) {
        case INPUT -> "[/" + text + "/]";
        case STATEFUL -> "[(" + text + ")]";
        case NODE -> "[" + text + "]";
        case OUTPUT -> "([" + text + "])";
      }).append('\n');
    }
    for (Cluster sub : c.clusters()) {
      b.append(indent).append("subgraph ").append(sub.id()).append(" [\"")
          .append(sub.label().stream().map(Graph::mermaidText).collect(Collectors.joining("<br/>"))).append("\"]\n");
      mermaid(sub, indent + "  ", b);
      b.append(indent).append("end\n");
    }
  }

  private static String mermaidText(String s) {
    return s.replace("&", "#amp;").replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;")
        .replace("|", "#124;");
  }

  String toDot() {
    StringBuilder b = new StringBuilder("digraph pipeline {\n  rankdir=TB;\n  compound=true;\n  node [fontname=\"Helvetica\"];\n"
        + "  edge [fontname=\"Helvetica\", fontsize=10];\n");
    dot(root, "  ", b);
    for (Edge e : edges) {
      b.append("  ").append(e.from()).append(" -> ").append(e.to());
      List<String> attributes = new ArrayList<>();
      if (!e.label().isEmpty()) {
        attributes.add("label=" + dotText(List.of(e.label())));
      }
      if (!e.fromCluster().isEmpty()) {
        attributes.add("ltail=cluster_" + e.fromCluster());
      }
      if (!attributes.isEmpty()) {
        b.append(" [").append(String.join(", ", attributes)).append(']');
      }
      b.append(";\n");
    }
    return b.append("}\n").toString();
  }

  private static void dot(Cluster c, String indent, StringBuilder b) {
    for (Shape s : c.shapes()) {
      b.append(indent).append(s.id()).append(" [label=").append(dotText(s.label())).append(", ").append(switch (s.kind()) {
        case INPUT -> "shape=parallelogram";
        case STATEFUL -> "shape=cylinder, style=filled, fillcolor=\"#fff3d6\"";
        case NODE -> "shape=box";
        case OUTPUT -> "shape=oval";
      }).append("];\n");
    }
    for (Cluster sub : c.clusters()) {
      b.append(indent).append("subgraph cluster_").append(sub.id()).append(" {\n");
      b.append(indent).append("  label=").append(dotText(sub.label())).append(";\n");
      dot(sub, indent + "  ", b);
      b.append(indent).append("}\n");
    }
  }

  private static String dotText(List<String> lines) {
    return "\"" + lines.stream().map(l -> l.replace("\\", "\\\\").replace("\"", "\\\"")).collect(Collectors.joining("\\n"))
        + "\"";
  }

  private static void collect(Cluster c, Kind kind, List<String> into) {
    for (Shape s : c.shapes()) {
      if (s.kind() == kind) {
        into.add(s.id());
      }
    }
    for (Cluster sub : c.clusters()) {
      collect(sub, kind, into);
    }
  }
}
