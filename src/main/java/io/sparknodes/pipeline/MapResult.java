package io.sparknodes.pipeline;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The outputs of a {@code map}, one per item in input order, and the engine's execution report. */
public final class MapResult {
  private final List<String> outputs;
  private final List<Object[]> values;
  private final ExecutionReport report;

  /**
   * @param outputs the output names
   * @param values per item, its outputs in the order of {@code outputs}
   * @param report what the engine did
   */
  public MapResult(List<String> outputs, List<Object[]> values, ExecutionReport report) {
    this.outputs = List.copyOf(outputs);
    this.values = Objects.requireNonNull(values, "values");
    this.report = Objects.requireNonNull(report, "report");
  }

  /** Collects the wanted outputs of plan rows. */
  public static MapResult of(Plan plan, List<Object[]> rows, ExecutionReport report) {
    List<Object[]> values = new ArrayList<>(rows.size());
    int k = plan.outputs().size();
    for (Object[] row : rows) {
      Object[] v = new Object[k];
      for (int i = 0; i < k; i++) {
        v[i] = plan.output(row, i);
      }
      values.add(v);
    }
    return new MapResult(plan.outputs(), values, report);
  }

  /** The number of items. */
  public int size() {
    return values.size();
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
    return (List<T>) new AbstractList<Object>() {
      @Override
      public Object get(int i) {
        return values.get(i)[k];
      }

      @Override
      public int size() {
        return values.size();
      }
    };
  }

  /** The outputs of item {@code i}, by name. */
  public Map<String, Object> row(int i) {
    Object[] v = values.get(i);
    Map<String, Object> m = new LinkedHashMap<>();
    for (int k = 0; k < outputs.size(); k++) {
      m.put(outputs.get(k), v[k]);
    }
    return m;
  }

  /** Every item's outputs, by name, in input order. */
  public List<Map<String, Object>> rows() {
    List<Map<String, Object>> rows = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      rows.add(row(i));
    }
    return rows;
  }

  /** What the engine did. */
  public ExecutionReport report() {
    return report;
  }
}
