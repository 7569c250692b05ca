package io.sparknodes.pipeline;

import io.sparknodes.config.ExecutionConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds a node that runs a whole pipeline ({@link Pipeline#asNode}), so that a pipeline built and
 * tested alone can be reused inside another. Renaming maps are keyed by the <em>outer</em> name:
 * {@code inputs(Map.of("body", "text"))} feeds the outer value {@code body} to the inner input
 * {@code text}; {@code outputs(Map.of("body_length", "length"))} exposes the inner output {@code
 * length} as {@code body_length}. Names not renamed keep their inner name.
 *
 * <pre>{@code
 * Pipeline stats = Pipeline.of(
 *     Node.named("clean").inputs("text").row((String t) -> t.strip()),
 *     Node.named("length").inputs("clean").row((String c) -> c.length()));
 * Pipeline outer = Pipeline.of(
 *     Node.named("split").inputs("doc").row((String d) -> List.of(d.split("\\."))),
 *     stats.asNode("stats").inputs(Map.of("split", "text")).outputs(Map.of("lengths", "length")).mapOver("text").build());
 * List<List<Integer>> lengths = outer.map(Map.of("doc", docs), "doc").column("lengths");
 * }</pre>
 *
 * <p>With one exposed output the node's output is that output's value; with several, the node's
 * output (named after the node) is a map of them by outer name, and the pipeline that holds the
 * node adds one small node per output (named {@code node.output}) that picks it out. With {@link
 * #mapOver} the inner pipeline maps over the lists that each outer item holds for those inputs
 * (zipped) and every output is a list, in order. The node is a batch function: its batch_size (its
 * own, or the engine's) is the outer items per inner run; inner nodes cut their own batches, and
 * the node's config is the default config of the inner nodes. Stateful inputs of the inner
 * pipeline are inputs of the node, built by the outer engine (once per executor on Spark) and
 * handed to the inner pipeline, which runs in the outer task.
 */
public final class NestedNodeBuilder {
  private final Pipeline inner;
  private final String name;
  private Map<String, String> inputRenames = Map.of();
  private Map<String, String> outputRenames = Map.of();
  private List<String> mapOver = List.of();
  private ExecutionConfig config = ExecutionConfig.empty();
  private Node.OnError onError = Node.OnError.FAIL;

  NestedNodeBuilder(Pipeline inner, String name) {
    this.inner = inner;
    this.name = Node.checkName("node name", name);
  }

  /** Renames inputs: outer name to inner name. */
  public NestedNodeBuilder inputs(Map<String, String> outerToInner) {
    this.inputRenames = new LinkedHashMap<>(Objects.requireNonNull(outerToInner, "outerToInner"));
    return this;
  }

  /** Exposes only these inner outputs, renamed: outer name to inner name (default: the inner pipeline's outputs). */
  public NestedNodeBuilder outputs(Map<String, String> outerToInner) {
    Objects.requireNonNull(outerToInner, "outerToInner");
    if (outerToInner.isEmpty()) {
      throw new IllegalArgumentException("node '" + name + "' must expose at least one output");
    }
    this.outputRenames = new LinkedHashMap<>(outerToInner);
    return this;
  }

  /** Maps the inner pipeline over these inner inputs, whose outer values are lists (zipped). */
  public NestedNodeBuilder mapOver(String... innerInputs) {
    if (innerInputs.length == 0) {
      throw new IllegalArgumentException("node '" + name + "': mapOver needs at least one input");
    }
    this.mapOver = List.copyOf(new LinkedHashSet<>(Arrays.asList(innerInputs)));
    return this;
  }

  /** The node's own settings (its batch_size is outer items per inner run), also the inner nodes' defaults. */
  public NestedNodeBuilder config(ExecutionConfig config) {
    this.config = Objects.requireNonNull(config, "config").overriding(this.config);
    return this;
  }

  /** Shorthand for a config that sets only batch_size. */
  public NestedNodeBuilder batchSize(int batchSize) {
    this.config = ExecutionConfig.builder().batchSize(batchSize).build().overriding(config);
    return this;
  }

  /** What happens when the inner pipeline fails on an outer item (default {@link Node.OnError#FAIL}). */
  public NestedNodeBuilder onError(Node.OnError policy) {
    this.onError = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * The node.
   *
   * @throws IllegalArgumentException naming an inner input or output that does not exist, an
   *     outer name given twice, or a mapped input that is stateful
   */
  public Node build() {
    // Outputs: inner name -> outer name, in the inner pipeline's order.
    Set<String> produced = new LinkedHashSet<>();
    for (Node n : inner.nodes()) {
      produced.add(n.output());
    }
    List<String> innerOutputs = new ArrayList<>();
    List<String> outerOutputs = new ArrayList<>();
    if (outputRenames.isEmpty()) {
      innerOutputs.addAll(inner.outputs());
      outerOutputs.addAll(inner.outputs());
    } else {
      Map<String, String> byInner = new LinkedHashMap<>();
      outputRenames.forEach((outer, in) -> {
        Node.checkName("outer output name of node '" + name + "'", outer);
        if (!produced.contains(in)) {
          throw new IllegalArgumentException("node '" + name + "' exposes inner output '" + in + "' as '" + outer
              + "', but the inner pipeline has no output '" + in + "'; its outputs are " + produced);
        }
        String other = byInner.putIfAbsent(in, outer);
        if (other != null) {
          throw new IllegalArgumentException("node '" + name + "' exposes inner output '" + in + "' twice, as '" + other
              + "' and as '" + outer + "'");
        }
      });
      for (String p : produced) {
        if (byInner.containsKey(p)) {
          innerOutputs.add(p);
          outerOutputs.add(byInner.get(p));
        }
      }
    }
    Pipeline selected = inner.select(innerOutputs.toArray(String[]::new));
    List<Node> needed = selected.nodesFor(innerOutputs);

    // Inputs the selected nodes need, in their order; with the stateful hints of the inner nodes.
    Set<String> neededProduced = new LinkedHashSet<>();
    needed.forEach(n -> neededProduced.add(n.output()));
    List<String> innerInputs = new ArrayList<>();
    Map<String, Stateful.Scope> hints = new LinkedHashMap<>();
    for (Node n : needed) {
      for (String in : n.inputs()) {
        if (!neededProduced.contains(in) && !innerInputs.contains(in) && !inner.bound().containsKey(in)) {
          innerInputs.add(in);
        }
      }
      n.statefulHints().forEach((in, scope) -> {
        if (!inner.bound().containsKey(in)) {
          hints.merge(in, scope, (a, b) -> a == Stateful.Scope.SLOT || b == Stateful.Scope.SLOT ? Stateful.Scope.SLOT : a);
        }
      });
    }
    // The inner pipeline's bound inputs that the needed nodes take are constants of the node.
    Map<String, Object> bound = new LinkedHashMap<>();
    for (Node n : needed) {
      for (String in : n.inputs()) {
        if (inner.bound().containsKey(in)) {
          bound.put(in, inner.bound().get(in));
        }
      }
    }
    Map<String, String> outerOf = new LinkedHashMap<>();
    for (String in : innerInputs) {
      outerOf.put(in, in);
    }
    Set<String> renamedInner = new LinkedHashSet<>();
    inputRenames.forEach((outer, in) -> {
      Node.checkName("outer input name of node '" + name + "'", outer);
      if (!innerInputs.contains(in)) {
        throw new IllegalArgumentException("node '" + name + "' renames outer input '" + outer + "' to inner input '" + in
            + "', but the inner pipeline has no input '" + in + "'; its inputs are " + innerInputs);
      }
      if (!renamedInner.add(in)) {
        throw new IllegalArgumentException("node '" + name + "' renames inner input '" + in + "' twice");
      }
      outerOf.put(in, outer);
    });
    Map<String, String> seen = new LinkedHashMap<>();
    for (String in : innerInputs) {
      String other = seen.putIfAbsent(outerOf.get(in), in);
      if (other != null) {
        throw new IllegalArgumentException("node '" + name + "': inner inputs '" + other + "' and '" + in
            + "' would both be the outer input '" + outerOf.get(in) + "'; rename one of them");
      }
    }
    for (String m : mapOver) {
      if (!innerInputs.contains(m)) {
        throw new IllegalArgumentException("node '" + name + "' maps over '" + m + "', but the inner pipeline has no input '"
            + m + "'; its inputs are " + innerInputs);
      }
      if (hints.containsKey(m)) {
        throw new IllegalArgumentException("node '" + name + "' maps over '" + m + "', which the inner pipeline marks stateful");
      }
    }

    List<String> outerInputs = innerInputs.stream().map(outerOf::get).toList();
    boolean one = innerOutputs.size() == 1;
    Node.Builder b = Node.named(name).inputs(outerInputs.toArray(String[]::new)).config(config).onError(onError)
        .output(one ? outerOutputs.get(0) : name);
    hints.forEach((in, scope) -> b.stateful(outerOf.get(in), scope));
    if (one) {
      producer(needed, innerOutputs.get(0)).outputType()
          .map(t -> mapOver.isEmpty() ? t : ValueType.list(t)).ifPresent(b::returns);
    }
    return b.custom(true, new NestedPipeline(name, needed, innerOutputs, innerInputs, outerOutputs, mapOver,
        java.util.Collections.unmodifiableMap(bound)));
  }

  private static Node producer(List<Node> nodes, String output) {
    return nodes.stream().filter(n -> n.output().equals(output)).findFirst().orElseThrow();
  }
}
