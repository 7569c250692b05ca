package io.sparknodes.workloads;

import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Pipeline;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workload a sweep can measure: a pipeline mapped over one input. Implementations need a public
 * no-argument constructor to be named by class on the command line ({@code --workload
 * com.example.MyWorkload}).
 *
 * <pre>{@code
 * public final class MyWorkload implements Workload {
 *   public String name() { return "my-workload"; }
 *   public Pipeline pipeline() { return Pipeline.of(Node.named("out").inputs("item").row((String s) -> s.length())); }
 *   public String mappedInput() { return "item"; }
 *   public List<?> items(int n) { return IntStream.range(0, n).mapToObj(i -> "item " + i).toList(); }
 *   public Map<String, Object> constants() { return Map.of(); }
 *   public Optional<String> check(List<?> items, MapResult result) { ... }
 * }
 * }</pre>
 */
public interface Workload {
  /** The workload's name, as a grid file names it. */
  String name();

  /** One sentence on what it does and what bounds it (CPU, I/O, start-up). */
  default String description() {
    return name();
  }

  /** The pipeline to run. */
  Pipeline pipeline();

  /** The input mapped over. */
  String mappedInput();

  /**
   * All the inputs mapped over, zipped: by default just {@link #mappedInput()}. A workload that maps
   * more lists adds them in {@link #inputs} (they must have as many items as the mapped input).
   */
  default List<String> mappedInputs() {
    return List.of(mappedInput());
  }

  /** {@code n} generated items for the mapped input. */
  List<?> items(int n);

  /**
   * The inputs other than the mapped one (constants and stateful inputs). Called once per Spark
   * application, so a {@code Stateful} value built here is reused across its runs.
   */
  Map<String, Object> constants();

  /** The output to check and to count. */
  default String output() {
    List<String> outputs = pipeline().outputs();
    return outputs.get(outputs.size() - 1);
  }

  /**
   * Checks one run's result against its items: the count and the content.
   *
   * @return a description of what is wrong, or empty when the result is right
   */
  Optional<String> check(List<?> items, MapResult result);

  /** Checks the count, then {@code expected} on every item (or a sample, for costly checks). */
  static Optional<String> checkEach(List<?> items, List<?> outputs, java.util.function.Function<Object, Object> expected,
      int step) {
    if (outputs.size() != items.size()) {
      return countMismatch(items.size(), outputs.size());
    }
    for (int i = 0; i < items.size(); i += Math.max(1, step)) {
      Object want = expected.apply(items.get(i));
      if (!java.util.Objects.equals(want, outputs.get(i))) {
        return Optional.of("item " + i + ": expected " + want + " but got " + outputs.get(i));
      }
    }
    return Optional.empty();
  }

  /** Checks the count, then every output against the expected one at its index. */
  static Optional<String> checkAll(List<?> expected, List<?> outputs) {
    if (outputs.size() != expected.size()) {
      return countMismatch(expected.size(), outputs.size());
    }
    for (int i = 0; i < expected.size(); i++) {
      if (!java.util.Objects.equals(expected.get(i), outputs.get(i))) {
        return Optional.of("item " + i + ": expected " + expected.get(i) + " but got " + outputs.get(i));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> countMismatch(int expected, int got) {
    return Optional.of("expected " + expected + " outputs but got " + got);
  }

  /** Convenience: the inputs for a run over {@code items}. */
  default Map<String, Object> inputs(List<?> items, Map<String, Object> constants) {
    Map<String, Object> m = new java.util.LinkedHashMap<>(constants);
    m.put(mappedInput(), items);
    return m;
  }
}
