package io.sparknodes.pipeline.internal;

import io.sparknodes.config.AutoBatching;
import io.sparknodes.config.EffectiveConfig;
import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.Stateful;
import io.sparknodes.pipeline.StatefulResource;
import java.io.IOException;
import java.io.Serializable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

  /** One node of the plan, with its resolved argument sources and config. */
  public static final class Step implements Serializable {
    private static final long serialVersionUID = 1L;
    final Node node;
    final EffectiveConfig config;
    // Source ordinals, not enums: a task deserializes its plan, and every class in it costs.
    final int[] sources;
    final int[] indexes;
    final int out;
    // The bounds of batch_size=auto, or null for a fixed batch_size.
    final BatchSizerSettings auto;
    // A memory probe (MemoryWatch.PROBE): collections forced while its batches run.
    final boolean probe;

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
    public java.util.Optional<BatchSizerSettings> autoBatching() {
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
    default BatchSizer batchSizer(int step, BatchSizerSettings settings) {
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

    /** {@code rows} rows of step {@code step} were served by the node cache, not computed. */
    default void onCacheHits(int step, int rows) {}

    /** {@code rows} rows of step {@code step} missed the node cache: computed, and stored. */
    default void onCacheMisses(int step, int rows) {}
  }

  final List<Step> steps;
  private final List<String> rowInputs;
  private final List<String> outputs;
  private final int[] outputSlots;
  final Object[] constants;
  final List<String> statefulNames;
  // Object[], not Stateful[]: one array class fewer for every task to deserialize.
  private final Object[] stateful;
  private final int width;
  private final int size;
  private final transient List<List<?>> columns;
  private final transient Object[] statefulValues;
  // The node cache of this map (PlanCache), or null: set by an engine with a cache, shipped with the plan.
  PlanCache cache;

  Plan(List<Step> steps, List<String> rowInputs, List<String> outputs, int[] outputSlots,
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
    return PlanBuilder.forLists(pipeline, inputs, mapOver, engineDefaults);
  }

  /**
   * A plan whose per-row inputs come from elsewhere (the columns of a table), in the order of
   * {@code rowInputs}; every other input comes from {@code constants}.
   */
  public static Plan forRows(Pipeline pipeline, Map<String, ?> constants, List<String> rowInputs,
      ExecutionConfig engineDefaults) {
    return PlanBuilder.forRows(pipeline, constants, rowInputs, engineDefaults);
  }

  /**
   * Makes this plan's runs look up and store each step's items in {@code cache} (null: none);
   * {@code conf} carries a cluster file system's settings (null: Hadoop's defaults). Call it on the
   * driver, before the plan is shipped: the keys' fixed parts are computed here, once.
   */
  public void useCache(io.sparknodes.pipeline.NodeCache cache, org.apache.hadoop.conf.Configuration conf) {
    this.cache = cache == null ? null : PlanCache.of(this, cache, conf);
  }

  /** This plan's node cache, or empty. */
  public java.util.Optional<PlanCache> cache() {
    return java.util.Optional.ofNullable(cache);
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

  /** The slot of wanted output {@code k}. */
  int outputSlot(int k) {
    return outputSlots[k];
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
      it = new PlanRunner(this, s, it, states, observer);
    }
    return it;
  }

  /**
   * Runs every step over items {@code first .. first + n - 1} held in columns, with no object per
   * row: per-row input {@code c} of item {@code first + i} is {@code columns[c][at + i]}, and its
   * wanted output {@code j} is written to {@code out[outAt + i * k + j]} ({@code k} wanted
   * outputs). The batches, their order, the observer's events and the failures are those of
   * {@link #apply} over the same items' rows.
   */
  public void applyColumns(Object[][] columns, int at, long first, int n, Object[] out, int outAt,
      StatefulSource states, Observer observer) {
    if (cache == null) {
      ColumnRun.run(this, columns, at, first, n, out, outAt, states, observer);
      return;
    }
    // The node cache looks items up at a step's batch boundary over rows (PlanRunner.hasNext), so a
    // cached plan takes the row path: its cost is paid only when a cache is used.
    List<Object[]> rows = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(rowOf(first + i, columns, at + i));
    }
    int k = outputs().size();
    for (Iterator<Object[]> done = apply(rows.iterator(), states, observer); done.hasNext(); ) {
      Object[] row = done.next();
      int i = (int) ((Long) row[0] - first);
      for (int j = 0; j < k; j++) {
        out[outAt + i * k + j] = output(row, j);
      }
    }
  }

  /** Runs step {@code step} alone over {@code rows}, lazily (engines that run a node per stage use this). */
  public Iterator<Object[]> applyStep(int step, Iterator<Object[]> rows, StatefulSource states, Observer observer) {
    Objects.checkIndex(step, steps.size());
    return new PlanRunner(this, step, rows, states, observer);
  }

  /** The list given for mapped input {@code name}, or a message naming it when it is missing or not a list. */
  public static List<?> mappedList(Map<String, ?> inputs, String name) {
    if (!inputs.containsKey(name)) {
      throw new IllegalArgumentException("mapped input '" + name + "' is not among the inputs given " + sorted(inputs.keySet()));
    }
    Object v = inputs.get(name);
    if (!(v instanceof List<?> list)) {
      throw new IllegalArgumentException("mapped input '" + name + "' must be a List but was "
          + (v == null ? "null" : "a " + v.getClass().getSimpleName()));
    }
    return list;
  }

  /** Whether any step runs as a memory probe ({@link MemoryWatch#PROBE}). */
  public boolean probes() {
    return steps.stream().anyMatch(s -> s.probe);
  }

  public static String quoted(List<String> names) {
    return names.stream().map(n -> "'" + n + "'").reduce((a, b) -> a + ", " + b).orElse("");
  }

  public static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }
}
