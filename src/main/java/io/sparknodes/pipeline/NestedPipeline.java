package io.sparknodes.pipeline;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.internal.Plan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The function of a node made from a pipeline ({@link Pipeline#asNode}): runs the inner pipeline
 * in-process, over the rows of the outer batch (or, with {@code mapOver}, over the elements of
 * each row's lists, all the batch's elements together). Stateful inputs of the inner pipeline are
 * inputs of the outer node, so the outer engine builds them (once per executor on Spark) and the
 * inner plan is handed the built instances. Inner batches are reported to the outer plan's
 * observer by path ("stats/clean").
 */
final class NestedPipeline implements Node.Composite {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final List<Node> nodes;
  private final List<String> innerOutputs;
  // Per outer argument (the node's inputs, in order): the inner input it feeds.
  private final List<String> innerInputs;
  private final List<String> outerOutputs;
  private final List<String> mapOver;
  private final boolean[] statefulArgs;
  private final ExecutionConfig defaults;
  // The inner pipeline's bound inputs that its nodes need: constants of this node.
  private final Map<String, Object> bound;
  private transient volatile Pipeline pipeline;
  // Bound stateful inputs, built once per instance of this function (once per task on Spark).
  private transient volatile Map<String, Object> builtBound;

  NestedPipeline(String name, List<Node> nodes, List<String> innerOutputs, List<String> innerInputs,
      List<String> outerOutputs, List<String> mapOver, Map<String, Object> bound) {
    this(name, nodes, innerOutputs, innerInputs, outerOutputs, mapOver, bound, null, null);
  }

  private NestedPipeline(String name, List<Node> nodes, List<String> innerOutputs, List<String> innerInputs,
      List<String> outerOutputs, List<String> mapOver, Map<String, Object> bound, boolean[] statefulArgs,
      ExecutionConfig defaults) {
    this.name = name;
    this.nodes = List.copyOf(nodes);
    this.innerOutputs = List.copyOf(innerOutputs);
    this.innerInputs = List.copyOf(innerInputs);
    this.outerOutputs = List.copyOf(outerOutputs);
    this.mapOver = List.copyOf(mapOver);
    this.bound = bound;
    this.statefulArgs = statefulArgs;
    this.defaults = defaults;
  }

  @Override
  public Node.Composite bind(boolean[] statefulArgs, ExecutionConfig engineDefaults) {
    return new NestedPipeline(name, nodes, innerOutputs, innerInputs, outerOutputs, mapOver, bound, statefulArgs.clone(),
        Objects.requireNonNull(engineDefaults, "engineDefaults"));
  }

  /** The inner pipeline, with only the outputs this node exposes. */
  Pipeline pipeline() {
    Pipeline p = pipeline;
    if (p == null) {
      p = Pipeline.of(nodes).select(innerOutputs.toArray(String[]::new));
      pipeline = p;
    }
    return p;
  }

  /** The inner input fed by each outer argument, in the node's input order. */
  List<String> innerInputs() {
    return innerInputs;
  }

  /** The exposed inner outputs, in order. */
  List<String> innerOutputs() {
    return innerOutputs;
  }

  /** The outer names of the exposed outputs, in the order of {@link #innerOutputs()}. */
  List<String> outerOutputs() {
    return outerOutputs;
  }

  /** The inner inputs mapped over (each outer item holds a list of them); empty for none. */
  List<String> mapOver() {
    return mapOver;
  }

  /**
   * What the cache knows of this node's code: the inner nodes (names, wiring, code fingerprints,
   * output types), the exposed outputs and the bound constants; empty if any part has none.
   */
  Optional<String> fingerprint() {
    List<Object> parts = new ArrayList<>(List.of(name, innerInputs, innerOutputs, outerOutputs, mapOver));
    for (Node n : nodes) {
      Optional<String> code = n.codeFingerprint();
      if (code.isEmpty()) {
        return Optional.empty();
      }
      parts.add(List.of(n.name(), n.inputs(), n.output(), code.get(), n.outputType().map(Object::toString).orElse("")));
    }
    Map<String, Object> constants = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : bound.entrySet()) {
      Optional<String> fp = e.getValue() instanceof Stateful<?> st ? st.fingerprint()
          : io.sparknodes.pipeline.internal.cache.Fingerprints.of(e.getValue());
      if (fp.isEmpty()) {
        return Optional.empty();
      }
      constants.put(e.getKey(), fp.get());
    }
    parts.add(constants);
    return io.sparknodes.pipeline.internal.cache.Fingerprints.of(parts);
  }

  /** The bound inputs as the inner plan takes them: stateful ones built once, as instances. */
  private Map<String, Object> boundInputs() throws Exception {
    Map<String, Object> b = builtBound;
    if (b == null) {
      b = new ConcurrentHashMap<>();
      for (Map.Entry<String, Object> e : bound.entrySet()) {
        Object v = e.getValue();
        if (v instanceof Stateful<?> st) {
          b.put(e.getKey(), Stateful.prebuilt(st.create()));
        } else if (v != null) {
          b.put(e.getKey(), v);
        }
      }
      builtBound = b;
    }
    Map<String, Object> out = new LinkedHashMap<>(b);
    bound.forEach((k, v) -> {
      if (v == null) {
        out.put(k, null);
      }
    });
    return out;
  }

  @Override
  public Object call(Object[] args) {
    throw new IllegalStateException("the nested pipeline of node '" + name + "' runs only inside a plan");
  }

  @Override
  public Object call(Object[] args, int rows, Plan.Observer observer, int step) throws Exception {
    if (statefulArgs == null) {
      throw new IllegalStateException("the nested pipeline of node '" + name + "' was not bound to a plan");
    }
    Object[][] values = mapOver.isEmpty() ? run(args, rows, observer, step) : runMapped(args, rows, observer, step);
    List<Object> out = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      out.add(result(values, r));
    }
    return out;
  }

  /** The node's value for row {@code r}: the one output, or the outputs by outer name. */
  private Object result(Object[][] values, int r) {
    if (values.length == 1) {
      return values[0][r];
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (int k = 0; k < values.length; k++) {
      m.put(outerOutputs.get(k), values[k][r]);
    }
    return Collections.unmodifiableMap(m);
  }

  /** One inner row per outer row: the outputs, per exposed output, per row. */
  private Object[][] run(Object[] args, int rows, Plan.Observer observer, int step) throws Exception {
    Map<String, Object> inputs = new LinkedHashMap<>();
    List<String> mapped = new ArrayList<>();
    for (int a = 0; a < args.length; a++) {
      if (statefulArgs[a]) {
        inputs.put(innerInputs.get(a), Stateful.prebuilt(args[a]));
      } else {
        inputs.put(innerInputs.get(a), args[a]);
        mapped.add(innerInputs.get(a));
      }
    }
    Object[][] values = new Object[innerOutputs.size()][rows];
    if (mapped.isEmpty()) {
      // Only stateful inputs: one inner run per outer row.
      for (int r = 0; r < rows; r++) {
        List<Object[]> out = runInner(inputs, List.of(), observer, step);
        for (int k = 0; k < values.length; k++) {
          values[k][r] = out.get(0)[k];
        }
      }
      return values;
    }
    List<Object[]> out = runInner(inputs, mapped, observer, step);
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < values.length; k++) {
        values[k][r] = out.get(r)[k];
      }
    }
    return values;
  }

  /** Every element of every outer row's lists is one inner row; outputs regrouped per outer row as lists. */
  private Object[][] runMapped(Object[] args, int rows, Plan.Observer observer, int step) throws Exception {
    int[] counts = new int[rows];
    int total = 0;
    for (int r = 0; r < rows; r++) {
      int count = -1;
      String first = null;
      for (int a = 0; a < args.length; a++) {
        String inner = innerInputs.get(a);
        if (!mapOver.contains(inner)) {
          continue;
        }
        Object v = ((List<?>) args[a]).get(r);
        if (!(v instanceof List<?> list)) {
          throw new IllegalArgumentException("node '" + name + "' maps over '" + inner + "', which must be a List for every item,"
              + " but row " + r + " of the batch holds " + (v == null ? "null" : "a " + v.getClass().getSimpleName()));
        }
        if (count >= 0 && list.size() != count) {
          throw new IllegalArgumentException("node '" + name + "' maps over lists of unequal lengths: row " + r + " of the batch has "
              + count + " items in '" + first + "' but " + list.size() + " in '" + inner + "'");
        }
        count = list.size();
        first = first == null ? inner : first;
      }
      counts[r] = count;
      total = Math.addExact(total, count);
    }
    Map<String, Object> inputs = new LinkedHashMap<>();
    List<String> mapped = new ArrayList<>();
    for (int a = 0; a < args.length; a++) {
      String inner = innerInputs.get(a);
      if (statefulArgs[a]) {
        inputs.put(inner, Stateful.prebuilt(args[a]));
        continue;
      }
      List<?> column = (List<?>) args[a];
      List<Object> flat = new ArrayList<>(total);
      for (int r = 0; r < rows; r++) {
        if (mapOver.contains(inner)) {
          flat.addAll((List<?>) column.get(r));
        } else {
          flat.addAll(Collections.nCopies(counts[r], column.get(r)));
        }
      }
      inputs.put(inner, flat);
      mapped.add(inner);
    }
    List<Object[]> out = total == 0 ? List.of() : runInner(inputs, mapped, observer, step);
    Object[][] values = new Object[innerOutputs.size()][rows];
    int at = 0;
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < values.length; k++) {
        List<Object> list = new ArrayList<>(counts[r]);
        for (int i = 0; i < counts[r]; i++) {
          list.add(out.get(at + i)[k]);
        }
        values[k][r] = Collections.unmodifiableList(list);
      }
      at += counts[r];
    }
    return values;
  }

  /** Runs the inner plan in this thread; the exposed outputs of each inner row, in order. */
  private List<Object[]> runInner(Map<String, Object> given, List<String> mapped, Plan.Observer outer, int step)
      throws Exception {
    Map<String, Object> inputs = given;
    if (!bound.isEmpty()) {
      inputs = boundInputs();
      inputs.putAll(given);
    }
    Plan plan = Plan.forLists(pipeline(), inputs, mapped, defaults);
    int n = plan.size();
    List<Object[]> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(plan.newRow(i));
    }
    List<Plan.Step> steps = plan.steps();
    Plan.Observer observer = new Plan.Observer() {
      @Override
      public void onBatch(int s, int size) {
        outer.onNestedBatch(step, name + "/" + steps.get(s).node().name(), size);
      }

      @Override
      public void onFailure(int s) {
        outer.onNestedFailure(step, name + "/" + steps.get(s).node().name());
      }

      @Override
      public void onNestedBatch(int s, String node, int size) {
        outer.onNestedBatch(step, name + "/" + node, size);
      }

      @Override
      public void onNestedFailure(int s, String node) {
        outer.onNestedFailure(step, name + "/" + node);
      }
    };
    // Every stateful input of the inner plan is an instance the outer plan built: nothing to build or close here.
    Plan.StatefulSource states = plan::buildLocal;
    List<Object[]> out = new ArrayList<>(n);
    int k = plan.outputs().size();
    plan.apply(rows.iterator(), states, observer).forEachRemaining(row -> {
      Object[] o = new Object[k];
      for (int j = 0; j < k; j++) {
        o[j] = plan.output(row, j);
      }
      out.add(o);
    });
    return out;
  }
}
