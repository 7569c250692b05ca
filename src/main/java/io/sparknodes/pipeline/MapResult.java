package io.sparknodes.pipeline;

import io.sparknodes.pipeline.internal.Plan;
import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;

/** The outputs of a {@code map}, one per item in input order, and the engine's execution report. */
public final class MapResult {
  private final List<String> outputs;
  // Item i's output k is at flat[i * width + k]: one array, not one per item.
  private final Object[] flat;
  private final int width;
  private final int size;
  private final ExecutionReport report;
  private final List<Failure> failures;

  private MapResult(List<String> outputs, Object[] flat, int size, ExecutionReport report) {
    this(outputs, flat, size, report, List.of());
  }

  private MapResult(List<String> outputs, Object[] flat, int size, ExecutionReport report, List<Failure> failures) {
    this.outputs = List.copyOf(outputs);
    this.flat = flat;
    this.width = this.outputs.size();
    this.size = size;
    this.report = Objects.requireNonNull(report, "report");
    this.failures = List.copyOf(failures);
  }

  /**
   * One item that failed in a node whose policy is {@link Node.OnError#RECORD}: its output there
   * (and whatever was computed from it) is null.
   *
   * @param index the item's index in the input
   * @param node the node that failed on it
   * @param exception the class name of what was thrown
   * @param message its message (may be empty)
   */
  public record Failure(long index, String node, String exception, String message) {
    public Failure {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(exception, "exception");
      Objects.requireNonNull(message, "message");
    }

    /** The failure of item {@code index} in {@code node}, from what it threw. */
    public static Failure of(long index, String node, Throwable error) {
      String message = error.getMessage() == null ? "" : error.getMessage();
      return new Failure(index, node, error.getClass().getName(),
          message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message);
    }

    /** Messages are cut at this many characters. */
    public static final int MAX_MESSAGE = 1000;
  }

  /** This result with the failures recorded by its map, sorted by item and then as given. */
  public MapResult withFailures(List<Failure> recorded) {
    List<Failure> sorted = new java.util.ArrayList<>(recorded);
    sorted.sort(java.util.Comparator.comparingLong(Failure::index));
    return new MapResult(outputs, flat, size, report, sorted);
  }

  /**
   * Every item a node failed on under {@link Node.OnError#RECORD}, by item index; empty when none
   * failed. The counts per node are in {@link ExecutionReport#failures()}.
   */
  public List<Failure> failures() {
    return failures;
  }

  /**
   * A result from its values laid end to end: item i's output k at {@code values[i * outputs.size()
   * + k]}. The array is kept, not copied. The one factory an {@link Engine} needs (the Spark engine
   * uses it); user code gets results from {@link Pipeline#map}.
   *
   * @throws IllegalArgumentException if there is no output, or the length is not a multiple of the
   *     number of outputs
   */
  public static MapResult flat(List<String> outputs, Object[] values, ExecutionReport report) {
    int width = outputs.size();
    if (width == 0) {
      throw new IllegalArgumentException("a result needs at least one output");
    }
    if (values.length % width != 0) {
      throw new IllegalArgumentException(values.length + " values do not make whole items of " + width + " outputs");
    }
    return new MapResult(outputs, values, values.length / width, report);
  }

  /** Collects the wanted outputs of plan rows. */
  static MapResult of(Plan plan, List<Object[]> rows, ExecutionReport report) {
    int k = plan.outputs().size();
    Object[] flat = new Object[rows.size() * k];
    for (int i = 0; i < rows.size(); i++) {
      Object[] row = rows.get(i);
      for (int j = 0; j < k; j++) {
        flat[i * k + j] = plan.output(row, j);
      }
    }
    return new MapResult(plan.outputs(), flat, rows.size(), report);
  }

  /** The number of items. */
  public int size() {
    return size;
  }

  /** The output names. */
  public List<String> outputs() {
    return outputs;
  }

  /** Output {@code name} of every item, in input order. */
  @SuppressWarnings("unchecked")
  public <T> List<T> column(String name) {
    int k = outputs.indexOf(name);
    if (k < 0) {
      throw new IllegalArgumentException("no output '" + name + "'; the outputs are " + outputs);
    }
    return (List<T>) new Column(k);
  }

  /** A read-only view of one output of every item. */
  private final class Column extends AbstractList<Object> implements RandomAccess {
    private final int k;

    Column(int k) {
      this.k = k;
    }

    @Override
    public Object get(int i) {
      Objects.checkIndex(i, size);
      return flat[i * width + k];
    }

    @Override
    public int size() {
      return size;
    }
  }

  /** The outputs of item {@code i}, by name. */
  public Map<String, Object> row(int i) {
    Objects.checkIndex(i, size);
    Map<String, Object> m = new LinkedHashMap<>();
    for (int k = 0; k < width; k++) {
      m.put(outputs.get(k), flat[i * width + k]);
    }
    return m;
  }

  /** Every item's outputs, by name, in input order. */
  public List<Map<String, Object>> rows() {
    List<Map<String, Object>> rows = new java.util.ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      rows.add(row(i));
    }
    return rows;
  }

  /** What the engine did. */
  public ExecutionReport report() {
    return report;
  }
}
