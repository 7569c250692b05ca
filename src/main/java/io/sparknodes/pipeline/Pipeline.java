package io.sparknodes.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Nodes wired by name: a node's inputs are pipeline inputs or other nodes' outputs. Built once,
 * validated at build time (duplicate outputs, cycles), then run once with {@link #run} or over many
 * items with {@link #map}, on its engine ({@link LocalEngine} unless {@link #withEngine} says
 * otherwise). {@link #select} keeps only some outputs, and only the nodes they need run.
 *
 * <pre>{@code
 * Pipeline p = Pipeline.of(
 *     Node.named("clean").inputs("text", "model").row((String t, TextModel m) -> m.normalize(t)),
 *     Node.named("length").inputs("clean").row((String c) -> c.length()));
 * MapResult r = p.map(Map.of("text", List.of(" A ", "b"), "model", Stateful.of(TextModel::new)), "text");
 * List<Integer> lengths = r.column("length"); // [1, 1]
 * }</pre>
 */
public final class Pipeline {
  private final List<Node> nodes;
  private final Map<String, Node> producers;
  private final Set<String> inputs;
  private final List<String> outputs;
  private final Engine engine;
  private final Map<String, Object> bound;

  private Pipeline(List<Node> nodes, Map<String, Node> producers, Set<String> inputs, List<String> outputs, Engine engine,
      Map<String, Object> bound) {
    this.nodes = nodes;
    this.producers = producers;
    this.inputs = inputs;
    this.outputs = outputs;
    this.engine = engine;
    this.bound = bound;
  }

  /** A pipeline of {@code nodes}, on a {@link LocalEngine}. */
  public static Pipeline of(Node... nodes) {
    return of(Arrays.asList(nodes));
  }

  /**
   * A pipeline of {@code nodes}, on a {@link LocalEngine}.
   *
   * @throws IllegalArgumentException if two nodes share a name or an output, if a node marks
   *     another node's output stateful, or if the nodes form a cycle (the message names them)
   */
  public static Pipeline of(List<Node> nodes) {
    Objects.requireNonNull(nodes, "nodes");
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a pipeline needs at least one node");
    }
    nodes = withPicks(nodes);
    Map<String, Node> producers = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    for (Node n : nodes) {
      Objects.requireNonNull(n, "node");
      if (!names.add(n.name())) {
        throw new IllegalArgumentException("two nodes are named '" + n.name() + "'");
      }
      Node other = producers.putIfAbsent(n.output(), n);
      if (other != null) {
        throw new IllegalArgumentException("duplicate output '" + n.output() + "': produced by node '"
            + other.name() + "' and by node '" + n.name() + "'");
      }
    }
    for (Node n : nodes) {
      for (String s : n.statefulHints().keySet()) {
        if (producers.containsKey(s)) {
          throw new IllegalArgumentException("node '" + n.name() + "' marks '" + s + "' stateful, but '" + s
              + "' is the output of node '" + producers.get(s).name() + "'; only pipeline inputs can be stateful");
        }
      }
    }
    List<Node> order = order(nodes, producers);
    Set<String> inputs = new LinkedHashSet<>();
    for (Node n : order) {
      for (String in : n.inputs()) {
        if (!producers.containsKey(in)) {
          inputs.add(in);
        }
      }
    }
    List<String> outputs = order.stream().map(Node::output).toList();
    return new Pipeline(List.copyOf(order), Collections.unmodifiableMap(producers),
        Collections.unmodifiableSet(inputs), outputs, new LocalEngine(), Map.of());
  }

  /**
   * {@code nodes} with, after each nested pipeline that exposes several outputs, one node per
   * output that picks it out of the nested node's map (unless the caller listed it already).
   */
  private static List<Node> withPicks(List<Node> nodes) {
    List<Node> out = new ArrayList<>(nodes.size());
    Set<String> given = new HashSet<>();
    for (Node n : nodes) {
      Objects.requireNonNull(n, "node");
      given.add(n.name());
    }
    for (Node n : nodes) {
      out.add(n);
      if (n.invoker() instanceof NestedPipeline np && np.outerOutputs().size() > 1) {
        for (String o : np.outerOutputs()) {
          String pickName = n.name() + "." + o;
          if (!given.contains(pickName)) {
            out.add(Node.named(pickName).inputs(n.output()).output(o).custom(false, new Pick(o)));
          }
        }
      }
    }
    return out;
  }

  /** Picks one output out of a nested node's map of outputs. */
  static final class Pick implements Node.Invoker {
    private static final long serialVersionUID = 1L;
    private final String output;

    Pick(String output) {
      this.output = output;
    }

    String output() {
      return output;
    }

    @Override
    public Object call(Object[] args) {
      return ((Map<?, ?>) args[0]).get(output);
    }
  }

  /** Kahn's algorithm, stable in declared order; a leftover means a cycle, which is named. */
  private static List<Node> order(List<Node> nodes, Map<String, Node> producers) {
    Map<Node, Integer> pending = new HashMap<>();
    Map<Node, List<Node>> dependents = new HashMap<>();
    for (Node n : nodes) {
      int deps = 0;
      for (String in : new LinkedHashSet<>(n.inputs())) {
        Node p = producers.get(in);
        if (p != null) {
          deps++;
          dependents.computeIfAbsent(p, k -> new ArrayList<>()).add(n);
        }
      }
      pending.put(n, deps);
    }
    List<Node> order = new ArrayList<>();
    Deque<Node> ready = new ArrayDeque<>();
    for (Node n : nodes) {
      if (pending.get(n) == 0) {
        ready.add(n);
      }
    }
    while (!ready.isEmpty()) {
      Node n = ready.poll();
      order.add(n);
      List<Node> next = new ArrayList<>();
      for (Node d : dependents.getOrDefault(n, List.of())) {
        if (pending.merge(d, -1, Integer::sum) == 0) {
          next.add(d);
        }
      }
      next.sort((a, b) -> Integer.compare(nodes.indexOf(a), nodes.indexOf(b)));
      ready.addAll(next);
    }
    if (order.size() < nodes.size()) {
      throw new IllegalArgumentException("cycle: " + findCycle(nodes, producers, new HashSet<>(order)));
    }
    return order;
  }

  private static String findCycle(List<Node> nodes, Map<String, Node> producers, Set<Node> acyclic) {
    for (Node start : nodes) {
      if (acyclic.contains(start)) {
        continue;
      }
      // Walk producers backwards from start; any walk among cyclic nodes must revisit one.
      List<Node> path = new ArrayList<>();
      Node cur = start;
      while (!path.contains(cur)) {
        path.add(cur);
        Node next = null;
        for (String in : cur.inputs()) {
          Node p = producers.get(in);
          if (p != null && !acyclic.contains(p)) {
            next = p;
            break;
          }
        }
        if (next == null) {
          break;
        }
        cur = next;
      }
      int from = path.indexOf(cur);
      if (from >= 0) {
        List<Node> cycle = new ArrayList<>(path.subList(from, path.size()));
        Collections.reverse(cycle);
        cycle.add(cycle.get(0));
        return String.join(" -> ", cycle.stream().map(Node::name).toList());
      }
    }
    return "among " + nodes.stream().filter(n -> !acyclic.contains(n)).map(Node::name).toList();
  }

  /**
   * Starts a node that runs this pipeline inside another (see {@link NestedNodeBuilder}): {@code
   * pipeline.asNode("stats").inputs(Map.of("body", "text")).build()}.
   */
  public NestedNodeBuilder asNode(String name) {
    return new NestedNodeBuilder(this, name);
  }

  /** This pipeline run on {@code engine}. */
  public Pipeline withEngine(Engine engine) {
    return new Pipeline(nodes, producers, inputs, outputs, Objects.requireNonNull(engine, "engine"), bound);
  }

  /**
   * This pipeline producing only {@code outputs}; only the nodes they need will run.
   *
   * @throws IllegalArgumentException naming an output that no node produces
   */
  public Pipeline select(String... outputs) {
    if (outputs.length == 0) {
      throw new IllegalArgumentException("select needs at least one output");
    }
    for (String o : outputs) {
      if (!producers.containsKey(o)) {
        throw new IllegalArgumentException("unknown output '" + o + "'; the outputs are " + producers.keySet());
      }
    }
    return new Pipeline(nodes, producers, inputs, List.copyOf(new LinkedHashSet<>(Arrays.asList(outputs))), engine, bound);
  }

  /**
   * This pipeline carrying {@code values} for some of its inputs (stateful ones too), as if given
   * to every {@link #run} and {@link #map}; a value given there wins. Binds on top of what is bound.
   * Inside another pipeline ({@link #asNode}), bound inputs are constants of the node.
   *
   * @throws IllegalArgumentException naming a value that is not an input of this pipeline
   */
  public Pipeline bind(Map<String, ?> values) {
    Objects.requireNonNull(values, "values");
    Map<String, Object> b = new LinkedHashMap<>(bound);
    values.forEach((name, v) -> {
      if (!inputs.contains(name)) {
        throw new IllegalArgumentException("cannot bind '" + name + "': it is not an input; the pipeline's inputs are "
            + new java.util.TreeSet<>(inputs));
      }
      b.put(name, v);
    });
    return new Pipeline(nodes, producers, inputs, outputs, engine, Collections.unmodifiableMap(b));
  }

  /**
   * This pipeline without the bound values of {@code names}; a run or map then needs them given.
   *
   * @throws IllegalArgumentException naming a name that is not an input of this pipeline
   */
  public Pipeline unbind(String... names) {
    Map<String, Object> b = new LinkedHashMap<>(bound);
    for (String name : names) {
      if (!inputs.contains(name)) {
        throw new IllegalArgumentException("cannot unbind '" + name + "': it is not an input; the pipeline's inputs are "
            + new java.util.TreeSet<>(inputs));
      }
      b.remove(name);
    }
    return new Pipeline(nodes, producers, inputs, outputs, engine, Collections.unmodifiableMap(b));
  }

  /** The bound inputs and their values, in the order they were bound. */
  public Map<String, Object> bound() {
    return bound;
  }

  /** {@code given} over the bound values: what an engine is handed. */
  private Map<String, ?> withBound(Map<String, ?> given) {
    if (bound.isEmpty()) {
      return given;
    }
    Objects.requireNonNull(given, "inputs");
    Map<String, Object> all = new LinkedHashMap<>(bound);
    all.putAll(given);
    return all;
  }

  /** This pipeline with every dual node as its row function, for a run. */
  private Pipeline forRun() {
    if (nodes.stream().noneMatch(Node::isDual)) {
      return this;
    }
    List<Node> rowNodes = nodes.stream().map(Node::forRun).toList();
    Map<String, Node> rowProducers = new LinkedHashMap<>();
    rowNodes.forEach(n -> rowProducers.put(n.output(), n));
    return new Pipeline(rowNodes, Collections.unmodifiableMap(rowProducers), inputs, outputs, engine, bound);
  }

  /** The nodes, in execution order. */
  public List<Node> nodes() {
    return nodes;
  }

  /** The names the nodes need that no node produces: what the caller must give. */
  public Set<String> inputs() {
    return inputs;
  }

  /** The outputs this pipeline returns: all, or those selected. */
  public List<String> outputs() {
    return outputs;
  }

  /** The engine this pipeline runs on. */
  public Engine engine() {
    return engine;
  }

  /** The nodes needed for {@code wanted}, in execution order. */
  public List<Node> nodesFor(List<String> wanted) {
    Set<Node> needed = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(wanted);
    while (!todo.isEmpty()) {
      Node p = producers.get(todo.poll());
      if (p != null && needed.add(p)) {
        todo.addAll(p.inputs());
      }
    }
    return nodes.stream().filter(needed::contains).toList();
  }

  /**
   * Runs the pipeline once.
   *
   * @return the outputs, by name
   * @throws IllegalArgumentException for a missing or unknown input, before anything runs
   * @throws NodeExecutionException if a node's function throws
   */
  public Map<String, Object> run(Map<String, ?> inputs) {
    Pipeline p = forRun();
    return p.engine.map(p, withBound(inputs), List.of()).row(0);
  }

  /**
   * Runs the pipeline once per item of the lists named in {@code mapOver}, zipped (they must have
   * equal lengths); every other input is passed to every item as it is.
   *
   * @return the outputs of every item, in input order
   */
  public MapResult map(Map<String, ?> inputs, String... mapOver) {
    if (mapOver.length == 0) {
      throw new IllegalArgumentException("map needs at least one mapped input; use run for a single execution");
    }
    return engine.map(this, withBound(inputs), List.of(mapOver));
  }

  /**
   * Runs the pipeline once per item of the lists named in {@code mapOver}, combined as {@code
   * mode} says: {@link MapMode#ZIP} as {@link #map(Map, String...)}, {@link MapMode#PRODUCT} once
   * per combination, in row-major order of the lists as named (the first varies slowest). A
   * product is computed on access from the lists, on every engine as if its columns were zipped
   * lists (the Spark engine slices it on the driver like any list).
   *
   * @return the outputs of every item, in that order
   */
  public MapResult map(Map<String, ?> inputs, MapMode mode, String... mapOver) {
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(mode, "mode");
    if (mapOver.length == 0) {
      throw new IllegalArgumentException("map needs at least one mapped input; use run for a single execution");
    }
    return switch (mode) {
      case ZIP -> engine.map(this, withBound(inputs), List.of(mapOver));
      case PRODUCT -> engine.map(this, Product.expand(withBound(inputs), List.of(mapOver)), List.of(mapOver));
    };
  }

  /**
   * The graph as a Mermaid flowchart: inputs (stateful ones marked), nodes with the settings they
   * override, outputs, and nested pipelines as subgraphs. Renders in Markdown viewers.
   */
  public String toMermaid() {
    return Graph.of(this, Set.of()).toMermaid();
  }

  /**
   * {@link #toMermaid()}, where the inputs that {@code inputs} gives as {@link Stateful} values, or
   * as values of a {@link StatefulResource} class, are marked stateful too.
   */
  public String toMermaid(Map<String, ?> inputs) {
    return Graph.of(this, statefulIn(inputs)).toMermaid();
  }

  /** The graph in Graphviz DOT, with the content of {@link #toMermaid()}. */
  public String toDot() {
    return Graph.of(this, Set.of()).toDot();
  }

  /** {@link #toDot()}, with stateful inputs marked as in {@link #toMermaid(Map)}. */
  public String toDot(Map<String, ?> inputs) {
    return Graph.of(this, statefulIn(inputs)).toDot();
  }

  private static Set<String> statefulIn(Map<String, ?> inputs) {
    Set<String> names = new LinkedHashSet<>();
    inputs.forEach((name, v) -> {
      if (v instanceof Stateful<?> || (v != null && v.getClass().isAnnotationPresent(StatefulResource.class))) {
        names.add(name);
      }
    });
    return names;
  }

  @Override
  public String toString() {
    return "Pipeline" + nodes.stream().map(Node::name).toList() + " -> " + outputs;
  }
}
