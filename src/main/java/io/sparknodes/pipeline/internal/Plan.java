package io.sparknodes.pipeline.internal;

import io.sparknodes.config.EffectiveConfig;
import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.BatchSizer;
import io.sparknodes.pipeline.MemoryWatch;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.NodeExecutionException;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.Stateful;
import io.sparknodes.pipeline.StatefulBuildException;
import io.sparknodes.pipeline.StatefulResource;
import java.io.IOException;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;

/**
 * A pipeline compiled for one execution: the nodes needed for the wanted outputs, in order; where
 * each of their inputs comes from (a per-row value, a constant, a stateful instance); and each
 * node's effective config. Everything is validated when the plan is built, before anything runs.
 *
 * <p>Rows are {@code Object[]}: slot 0 holds the item's index, then the per-row inputs, then the
 * nodes' outputs. {@link #apply} runs the nodes over an iterator of rows lazily, cutting it into
 * each node's batches; every engine runs rows through it, so batching semantics are the same on
 * all of them. A plan is serializable: the per-row data it was built from stays on the driver.
 */
public final class Plan implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Where a node's argument comes from. */
  public enum Source { ROW, CONSTANT, STATEFUL }

  private static final Source[] SOURCES = Source.values();
  private static final NodeAccess.Access NODES = NodeAccess.get();

  /** One node of the plan, with its resolved argument sources and config. */
  public static final class Step implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Node node;
    private final EffectiveConfig config;
    // Source ordinals, not enums: a task deserializes its plan, and every class in it costs.
    private final int[] sources;
    private final int[] indexes;
    private final int out;
    // The bounds of batch_size=auto, or null for a fixed batch_size.
    private final BatchSizer.Settings auto;
    // A memory probe (MemoryWatch.PROBE): collections forced while its batches run.
    private final boolean probe;

    Step(Node node, EffectiveConfig config, int[] sources, int[] indexes, int out) {
      this.node = node;
      this.config = config;
      this.sources = sources;
      this.indexes = indexes;
      this.out = out;
      this.auto = config.autoBatchSize() ? AutoBatchSizing.of(node.name(), config) : null;
      this.probe = "true".equalsIgnoreCase(config.spark().get(MemoryWatch.PROBE));
    }

    /** The bounds its sizer chooses within, when its batch_size is {@code auto}. */
    public java.util.Optional<BatchSizer.Settings> autoBatching() {
      return java.util.Optional.ofNullable(auto);
    }

    /** The node. */
    public Node node() {
      return node;
    }

    /** Its effective config: node, then engine defaults, then built-in defaults. */
    public EffectiveConfig config() {
      return config;
    }

    /**
     * The largest batch this step can be handed from a partition of {@code rows} rows: its
     * batch_size (with {@code auto}, the largest its sizer may choose), capped by the rows, at least
     * 1. Every engine's report plans batches with it.
     */
    public int batchWithin(long rows) {
      return (int) Math.max(1, Math.min(config.batchSize(), rows));
    }
  }

  /** Gives the stateful instances of one task; asked lazily, on first use. */
  @FunctionalInterface
  public interface StatefulSource {
    Object get(int stateful) throws Exception;

    /**
     * The sizer of step {@code step} (batch_size {@code auto}) that outlives this run: an engine
     * keeps one per node and executor for the whole map. {@code null}, the default, gives each run
     * of {@link #apply} a sizer of its own.
     */
    default BatchSizer batchSizer(int step, BatchSizer.Settings settings) {
      return null;
    }
  }

  /** Sees every batch handed to a node function, and every failure recorded. */
  public interface Observer {
    void onBatch(int step, int size);

    default void onFailure(int step) {}

    /**
     * Step {@code step}'s function has done a batch of {@code size} rows, during which its thread
     * allocated {@code allocatedBytes} ({@link MemoryWatch#threadAllocatedBytes()}).
     */
    default void onBatchDone(int step, int size, long allocatedBytes) {}

    /** Item {@code item} failed in step {@code step} and was recorded (not raised); calls {@link #onFailure(int)}. */
    default void onFailure(int step, long item, Throwable error) {
      onFailure(step);
    }

    /** A batch of a node inside the nested pipeline that step {@code step} runs; {@code node} is its path ("stats/clean"). */
    default void onNestedBatch(int step, String node, int size) {}

    /** A failure recorded inside the nested pipeline that step {@code step} runs. */
    default void onNestedFailure(int step, String node) {}

    /** Step {@code step}'s sizer (batch_size {@code auto}) has been fed a batch's timing. */
    default void onAutoBatch(int step, BatchSizer sizer) {}
  }

  private final List<Step> steps;
  private final List<String> rowInputs;
  private final List<String> outputs;
  private final int[] outputSlots;
  private final Object[] constants;
  private final List<String> statefulNames;
  // Object[], not Stateful[]: one array class fewer for every task to deserialize.
  private final Object[] stateful;
  private final int width;
  private final int size;
  private final transient List<List<?>> columns;
  private final transient Object[] statefulValues;

  private Plan(List<Step> steps, List<String> rowInputs, List<String> outputs, int[] outputSlots,
      Object[] constants, List<String> statefulNames, Object[] stateful, Object[] statefulValues,
      int width, int size, List<List<?>> columns) {
    this.steps = steps;
    this.rowInputs = rowInputs;
    this.outputs = outputs;
    this.outputSlots = outputSlots;
    this.constants = constants;
    this.statefulNames = statefulNames;
    this.stateful = stateful;
    this.statefulValues = statefulValues;
    this.width = width;
    this.size = size;
    this.columns = columns;
  }

  /**
   * A plan that maps {@code pipeline} over the lists named in {@code mapOver} (zipped: they must
   * have equal lengths), with every other input constant. No mapped input: one item, as in {@code
   * run}.
   *
   * @throws IllegalArgumentException for a missing or unknown input, a mapped input that is not a
   *     list or is marked stateful, or mapped lists of unequal lengths
   */
  public static Plan forLists(Pipeline pipeline, Map<String, ?> inputs, List<String> mapOver,
      ExecutionConfig engineDefaults) {
    Objects.requireNonNull(inputs, "inputs");
    List<List<?>> columns = new ArrayList<>();
    int n = mapOver.isEmpty() ? 1 : -1;
    String first = null;
    for (String name : new LinkedHashSet<>(mapOver)) {
      if (!inputs.containsKey(name)) {
        throw new IllegalArgumentException("mapped input '" + name + "' is not among the inputs given " + sorted(inputs.keySet()));
      }
      Object v = inputs.get(name);
      if (!(v instanceof List<?> list)) {
        throw new IllegalArgumentException("mapped input '" + name + "' must be a List but was "
            + (v == null ? "null" : "a " + v.getClass().getSimpleName()));
      }
      if (n >= 0 && list.size() != n) {
        throw new IllegalArgumentException("mapped inputs have unequal lengths: '" + first + "' has " + n
            + " items but '" + name + "' has " + list.size());
      }
      n = list.size();
      first = first == null ? name : first;
      columns.add(list);
    }
    return build(pipeline, inputs, List.copyOf(new LinkedHashSet<>(mapOver)), columns, n, engineDefaults);
  }

  /**
   * A plan whose per-row inputs come from elsewhere (the columns of a table), in the order of
   * {@code rowInputs}; every other input comes from {@code constants}.
   */
  public static Plan forRows(Pipeline pipeline, Map<String, ?> constants, List<String> rowInputs,
      ExecutionConfig engineDefaults) {
    for (String name : rowInputs) {
      if (constants.containsKey(name)) {
        throw new IllegalArgumentException("input '" + name + "' is given both as a column and as a constant");
      }
    }
    return build(pipeline, constants, List.copyOf(rowInputs), null, -1, engineDefaults);
  }

  private static Plan build(Pipeline pipeline, Map<String, ?> inputs, List<String> rowInputs,
      List<List<?>> columns, int size, ExecutionConfig engineDefaults) {
    Objects.requireNonNull(engineDefaults, "engineDefaults");
    Set<String> pipelineInputs = pipeline.inputs();
    for (String given : inputs.keySet()) {
      if (!pipelineInputs.contains(given) && !rowInputs.contains(given)) {
        throw new IllegalArgumentException("unknown input '" + given + "'; the pipeline's inputs are " + sorted(pipelineInputs));
      }
    }
    List<Node> needed = pipeline.nodesFor(pipeline.outputs());
    Map<String, List<String>> consumers = new LinkedHashMap<>();
    Map<String, Stateful.Scope> hints = new LinkedHashMap<>();
    Set<String> produced = new LinkedHashSet<>();
    for (Node node : needed) {
      produced.add(node.output());
    }
    for (Node node : needed) {
      for (String in : node.inputs()) {
        if (!produced.contains(in)) {
          consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(node.name());
        }
      }
      node.statefulHints().forEach((in, scope) -> hints.merge(in, scope,
          (a, b) -> a == Stateful.Scope.SLOT || b == Stateful.Scope.SLOT ? Stateful.Scope.SLOT : a));
    }

    Map<String, Integer> rowSlot = new LinkedHashMap<>();
    for (String r : rowInputs) {
      rowSlot.put(r, rowSlot.size() + 1);
    }
    Map<String, Integer> constSlot = new LinkedHashMap<>();
    List<Object> constants = new ArrayList<>();
    Map<String, Integer> statefulSlot = new LinkedHashMap<>();
    List<String> statefulNames = new ArrayList<>();
    List<Stateful<?>> recipes = new ArrayList<>();
    List<Object> statefulValues = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : consumers.entrySet()) {
      String name = e.getKey();
      if (rowSlot.containsKey(name)) {
        if (hints.containsKey(name)) {
          throw new IllegalArgumentException("input '" + name + "' is mapped over, so it cannot be stateful (node "
              + quoted(e.getValue()) + " marks it stateful)");
        }
        continue;
      }
      if (!inputs.containsKey(name)) {
        missing.add("'" + name + "' (needed by node " + quoted(e.getValue()) + ")");
        continue;
      }
      Object value = inputs.get(name);
      Stateful<?> recipe = null;
      Object direct = null;
      if (value instanceof Stateful<?> s) {
        recipe = hints.containsKey(name) ? s.withScope(hints.get(name)) : s;
      } else if (value != null && (hints.containsKey(name) || value.getClass().isAnnotationPresent(StatefulResource.class))) {
        direct = value;
      }
      if (recipe != null || direct != null) {
        statefulSlot.put(name, recipes.size());
        statefulNames.add(name);
        recipes.add(recipe);
        statefulValues.add(direct);
      } else {
        constSlot.put(name, constants.size());
        constants.add(value);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("missing input" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
    }

    int width = 1 + rowInputs.size();
    Map<String, Integer> outSlot = new LinkedHashMap<>();
    List<Step> steps = new ArrayList<>();
    for (Node node : needed) {
      int k = node.inputs().size();
      int[] sources = new int[k];
      int[] indexes = new int[k];
      for (int i = 0; i < k; i++) {
        String in = node.inputs().get(i);
        if (outSlot.containsKey(in)) {
          sources[i] = Source.ROW.ordinal();
          indexes[i] = outSlot.get(in);
        } else if (rowSlot.containsKey(in)) {
          sources[i] = Source.ROW.ordinal();
          indexes[i] = rowSlot.get(in);
        } else if (statefulSlot.containsKey(in)) {
          sources[i] = Source.STATEFUL.ordinal();
          indexes[i] = statefulSlot.get(in);
        } else {
          sources[i] = Source.CONSTANT.ordinal();
          indexes[i] = constSlot.get(in);
        }
      }
      outSlot.put(node.output(), width);
      steps.add(new Step(NODES.bind(node, sources, engineDefaults), node.config().resolve(engineDefaults), sources, indexes, width));
      width++;
    }
    List<String> outputs = pipeline.outputs();
    int[] outputSlots = outputs.stream().mapToInt(outSlot::get).toArray();
    return new Plan(List.copyOf(steps), rowInputs, outputs, outputSlots, constants.toArray(),
        List.copyOf(statefulNames), recipes.toArray(), statefulValues.toArray(),
        width, size, columns);
  }

  /** The nodes to run, in order. */
  public List<Step> steps() {
    return steps;
  }

  /** The wanted outputs, in order. */
  public List<String> outputs() {
    return outputs;
  }

  /** The per-row inputs (mapped inputs or columns), in row-slot order. */
  public List<String> rowInputs() {
    return rowInputs;
  }

  /** The number of items, for a plan built from lists. */
  public int size() {
    if (size < 0) {
      throw new IllegalStateException("a plan over columns has no size of its own");
    }
    return size;
  }

  /** The names of the stateful inputs, by stateful index. */
  public List<String> statefulNames() {
    return statefulNames;
  }

  private Stateful.Scope scopeOfValue(int i) {
    StatefulResource marker = statefulValues[i].getClass().getAnnotation(StatefulResource.class);
    Stateful.Scope hinted = null;
    for (Step s : steps) {
      Stateful.Scope h = s.node.statefulHints().get(statefulNames.get(i));
      hinted = h == null ? hinted : (hinted == Stateful.Scope.SLOT ? hinted : h);
    }
    return hinted != null ? hinted : marker != null ? marker.scope() : Stateful.Scope.EXECUTOR;
  }

  /**
   * The recipe of stateful input {@code i}, as shipped to executors: a value marked stateful is
   * serialized here.
   *
   * @throws IllegalArgumentException naming the input if its value cannot be serialized
   */
  public Stateful<?> recipe(int i) {
    if (stateful[i] == null) {
      try {
        stateful[i] = Stateful.shipped(statefulValues[i], scopeOfValue(i));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("stateful input '" + statefulNames.get(i) + "': " + e.getMessage(), e);
      }
    }
    return (Stateful<?>) stateful[i];
  }

  /**
   * Builds the instance of stateful input {@code i} in this JVM: the factory's product, or the
   * value itself for a value marked stateful (nothing to ship in-process).
   */
  public Object buildLocal(int i) throws Exception {
    return statefulValues != null && statefulValues[i] != null ? statefulValues[i] : recipe(i).create();
  }

  /** True when stateful input {@code i} is built by a factory, not passed in as a value. */
  public boolean isBuiltByFactory(int i) {
    return statefulValues == null || statefulValues[i] == null;
  }

  /**
   * Checks that everything an engine ships (functions and constants) can be serialized.
   *
   * @throws IllegalArgumentException naming the node or input that cannot be shipped, and saying
   *     how to mark an input stateful
   */
  public void checkShippable() {
    for (int i = 0; i < stateful.length; i++) {
      recipe(i);
    }
    for (Step s : steps) {
      try {
        Stateful.serialize(s.node);
      } catch (IOException e) {
        throw new IllegalArgumentException("the function of node '" + s.node.name() + "' cannot be shipped to executors: "
            + e + ". Make it capture only serializable values; pass expensive objects as stateful inputs instead", e);
      }
    }
    for (Step s : steps) {
      for (int a = 0; a < s.sources.length; a++) {
        if (SOURCES[s.sources[a]] != Source.CONSTANT) {
          continue;
        }
        String input = s.node.inputs().get(a);
        Object value = constants[s.indexes[a]];
        try {
          if (value != null) {
            Stateful.serialize(value);
          }
        } catch (IOException e) {
          String type = value.getClass().getSimpleName();
          throw new IllegalArgumentException("input '" + input + "' (a " + value.getClass().getName()
              + ") cannot be shipped to executors: " + e + ". If it is an expensive object, mark it stateful so that"
              + " each executor builds its own: pass Stateful.of(() -> new " + type + "(...)) as its value, or"
              + " call .stateful(\"" + input + "\") on node '" + s.node.name() + "' (with a serializable value),"
              + " or annotate " + type + " with @StatefulResource", e);
        }
      }
    }
  }

  /** Row {@code i} of a plan built from lists: its index and its mapped values. */
  public Object[] newRow(int i) {
    if (columns == null) {
      throw new IllegalStateException("this plan has no lists (it was built for columns, or shipped)");
    }
    Object[] row = new Object[width];
    row[0] = (long) i;
    for (int c = 0; c < columns.size(); c++) {
      row[c + 1] = columns.get(c).get(i);
    }
    return row;
  }

  /** A row of {@code width()} slots holding {@code index} and the per-row inputs {@code values}. */
  public Object[] newRow(long index, Object... values) {
    if (values.length != rowInputs.size()) {
      throw new IllegalArgumentException("expected " + rowInputs.size() + " values but got " + values.length);
    }
    Object[] row = new Object[width];
    row[0] = index;
    System.arraycopy(values, 0, row, 1, values.length);
    return row;
  }

  /**
   * A row of {@code width()} slots for item {@code index}, whose per-row inputs are element {@code
   * at} of {@code columns} (one array per per-row input, in row-slot order).
   */
  public Object[] rowOf(long index, Object[][] columns, int at) {
    if (columns.length != rowInputs.size()) {
      throw new IllegalArgumentException("expected " + rowInputs.size() + " columns but got " + columns.length);
    }
    Object[] row = new Object[width];
    row[0] = index;
    for (int c = 0; c < columns.length; c++) {
      row[c + 1] = columns[c][at];
    }
    return row;
  }

  /**
   * Which slots of a row steps {@code from} onwards still read, with its index and the wanted
   * outputs: what a row must keep when it leaves its JVM between two jobs of one map.
   */
  public boolean[] slotsReadFrom(int from) {
    boolean[] keep = slotsReadBySteps(from);
    keep[0] = true;
    for (int slot : outputSlots) {
      keep[slot] = true;
    }
    return keep;
  }

  /** Which slots of a row steps {@code from} onwards read as arguments. */
  public boolean[] slotsReadBySteps(int from) {
    boolean[] read = new boolean[width];
    for (int s = from; s < steps.size(); s++) {
      Step step = steps.get(s);
      for (int a = 0; a < step.sources.length; a++) {
        if (SOURCES[step.sources[a]] == Source.ROW) {
          read[step.indexes[a]] = true;
        }
      }
    }
    return read;
  }

  /** Whether {@code slot} holds a wanted output. */
  public boolean isOutputSlot(int slot) {
    for (int o : outputSlots) {
      if (o == slot) {
        return true;
      }
    }
    return false;
  }

  /** The name of the value a row holds in {@code slot}: a per-row input or a node's output. */
  public String slotName(int slot) {
    if (slot >= 1 && slot <= rowInputs.size()) {
      return rowInputs.get(slot - 1);
    }
    for (Step step : steps) {
      if (step.out == slot) {
        return step.node.output();
      }
    }
    return slot == 0 ? "the item's index" : "slot " + slot;
  }

  /** The slots of a row. */
  public int width() {
    return width;
  }

  /** The value of wanted output {@code k} in {@code row}. */
  public Object output(Object[] row, int k) {
    return row[outputSlots[k]];
  }

  /** The wanted outputs of {@code row}, by name. */
  public Map<String, Object> outputsOf(Object[] row) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int k = 0; k < outputs.size(); k++) {
      m.put(outputs.get(k), row[outputSlots[k]]);
    }
    return m;
  }

  /**
   * Runs every step over {@code rows}, lazily: each step cuts the stream into batches of its
   * batch_size and fills its output slot. The rows that come out are the rows that went in.
   */
  public Iterator<Object[]> apply(Iterator<Object[]> rows, StatefulSource states, Observer observer) {
    Iterator<Object[]> it = rows;
    for (int s = 0; s < steps.size(); s++) {
      it = new Batched(this, s, it, states, observer);
    }
    return it;
  }

  /** Runs step {@code step} alone over {@code rows}, lazily (engines that run a node per stage use this). */
  public Iterator<Object[]> applyStep(int step, Iterator<Object[]> rows, StatefulSource states, Observer observer) {
    Objects.checkIndex(step, steps.size());
    return new Batched(this, step, rows, states, observer);
  }

  private static final class Batched implements Iterator<Object[]> {
    private final Plan plan;
    private final int stepIndex;
    private final Step step;
    private final Iterator<Object[]> in;
    private final StatefulSource states;
    private final Observer observer;
    private List<Object[]> batch = List.of();
    private int pos;
    private BatchSizer sizer;

    Batched(Plan plan, int stepIndex, Iterator<Object[]> in, StatefulSource states, Observer observer) {
      this.plan = plan;
      this.stepIndex = stepIndex;
      this.step = plan.steps.get(stepIndex);
      this.in = in;
      this.states = states;
      this.observer = observer;
    }

    @Override
    public boolean hasNext() {
      if (pos < batch.size()) {
        return true;
      }
      if (!in.hasNext()) {
        return false;
      }
      if (step.auto != null && sizer == null) {
        BatchSizer kept = states.batchSizer(stepIndex, step.auto);
        sizer = kept != null ? kept : new BatchSizer(step.auto);
      }
      int max = sizer != null ? sizer.next() : step.config.batchSize();
      List<Object[]> next = new ArrayList<>(Math.min(max, 4096));
      while (next.size() < max && in.hasNext()) {
        next.add(in.next());
      }
      plan.process(stepIndex, next, states, observer, sizer);
      batch = next;
      pos = 0;
      return true;
    }

    @Override
    public Object[] next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return batch.get(pos++);
    }
  }

  /** Whether any step runs as a memory probe ({@link MemoryWatch#PROBE}). */
  public boolean probes() {
    return steps.stream().anyMatch(s -> s.probe);
  }

  private void process(int stepIndex, List<Object[]> batch, StatefulSource states, Observer observer, BatchSizer sizer) {
    Step step = steps.get(stepIndex);
    observer.onBatch(stepIndex, batch.size());
    Object[] resolved = resolveStateful(step, states);
    long allocated = MemoryWatch.threadAllocatedBytes();
    long started = System.nanoTime();
    boolean done = false;
    if (step.probe) {
      MemoryWatch.probeEnter();
    }
    try {
      work(stepIndex, step, batch, resolved, observer);
      done = true;
    } finally {
      if (step.probe) {
        MemoryWatch.probeExit();
      }
      long elapsed = System.nanoTime() - started;
      long bytes = MemoryWatch.threadAllocatedBytes() - allocated;
      observer.onBatchDone(stepIndex, batch.size(), bytes);
      if (done && sizer != null) {
        if (MemoryWatch.countsAllocations()) {
          sizer.record(batch.size(), elapsed, Math.max(0, bytes));
        } else {
          sizer.record(batch.size(), elapsed);
        }
        observer.onAutoBatch(stepIndex, sizer);
      }
    }
  }

  private void work(int stepIndex, Step step, List<Object[]> batch, Object[] resolved, Observer observer) {
    if (step.node.isBatch()) {
      processBatch(stepIndex, step, batch, resolved, observer);
    } else {
      for (Object[] row : batch) {
        Object[] args = new Object[step.sources.length];
        for (int a = 0; a < args.length; a++) {
          args[a] = switch (SOURCES[step.sources[a]]) {
            case ROW -> row[step.indexes[a]];
            case CONSTANT -> constants[step.indexes[a]];
            case STATEFUL -> resolved[a];
          };
        }
        try {
          row[step.out] = step.node.call(args);
        } catch (Exception | LinkageError e) {
          fail(stepIndex, step, (Long) row[0], 1, e, observer);
          row[step.out] = null;
        }
      }
    }
  }

  private void processBatch(int stepIndex, Step step, List<Object[]> batch, Object[] resolved, Observer observer) {
    Object[] args = new Object[step.sources.length];
    int n = batch.size();
    for (int a = 0; a < args.length; a++) {
      int idx = step.indexes[a];
      args[a] = switch (SOURCES[step.sources[a]]) {
        case ROW -> new Column(batch, idx);
        case CONSTANT -> Collections.nCopies(n, constants[idx]);
        case STATEFUL -> resolved[a];
      };
    }
    List<?> result;
    try {
      Object r = NODES.call(step.node, args, n, observer, stepIndex);
      if (!(r instanceof List<?> list)) {
        throw new IllegalStateException("batch function of node '" + step.node.name() + "' returned "
            + (r == null ? "null" : "a " + r.getClass().getSimpleName()) + " instead of a List");
      }
      if (list.size() != n) {
        throw new IllegalStateException("batch function of node '" + step.node.name() + "' returned "
            + list.size() + " results for a batch of " + n + " rows");
      }
      result = list;
    } catch (Exception | LinkageError e) {
      if (step.node.onError() == Node.OnError.RECORD && n > 1) {
        // Isolate the failing items: run the batch again one row at a time.
        for (Object[] row : batch) {
          processBatch(stepIndex, step, List.<Object[]>of(row), resolved, observer);
        }
        return;
      }
      fail(stepIndex, step, (Long) batch.get(0)[0], n, e, observer);
      for (Object[] row : batch) {
        row[step.out] = null;
      }
      return;
    }
    for (int i = 0; i < n; i++) {
      batch.get(i)[step.out] = result.get(i);
    }
  }

  private Object[] resolveStateful(Step step, StatefulSource states) {
    Object[] resolved = new Object[step.sources.length];
    for (int a = 0; a < resolved.length; a++) {
      if (SOURCES[step.sources[a]] == Source.STATEFUL) {
        int i = step.indexes[a];
        try {
          resolved[a] = states.get(i);
        } catch (StatefulBuildException e) {
          throw e;
        } catch (Exception | LinkageError e) {
          throw new StatefulBuildException(statefulNames.get(i), e);
        }
      }
    }
    return resolved;
  }

  private void fail(int stepIndex, Step step, long item, int n, Throwable e, Observer observer) {
    if (e instanceof StatefulBuildException sbe) {
      throw sbe;
    }
    if (step.node.onError() == Node.OnError.RECORD) {
      observer.onFailure(stepIndex, item, e);
      return;
    }
    String where = n == 1 ? "item " + item : "the batch of items " + item + ".." + (item + n - 1);
    throw new NodeExecutionException(step.node.name(), item,
        "node '" + step.node.name() + "' failed on " + where + ": " + e, e);
  }

  /** A read-only view of one slot of a batch's rows. */
  private static final class Column extends AbstractList<Object> implements RandomAccess {
    private final List<Object[]> rows;
    private final int slot;

    Column(List<Object[]> rows, int slot) {
      this.rows = rows;
      this.slot = slot;
    }

    @Override
    public Object get(int index) {
      return rows.get(index)[slot];
    }

    @Override
    public int size() {
      return rows.size();
    }
  }

  public static String quoted(List<String> names) {
    return names.stream().map(n -> "'" + n + "'").reduce((a, b) -> a + ", " + b).orElse("");
  }

  public static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }
}
