package io.sparknodes.bench;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One way of doing a benchmark's work over {@code items}; every run's output is checked against
 * them ({@link Work#check}).
 *
 * @param name short and unique within its benchmark, e.g. {@code "engine 10k"}
 * @param description what the variant does, in one line
 * @param items the items it maps, which its output must match
 * @param body one run
 */
record Variant(String name, String description, List<String> items, Body body) {
  Variant {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(body, "body");
  }

  /** One run of a variant; the runner's {@code watch} is running, and stops when the run returns. */
  @FunctionalInterface
  interface Body {
    Outcome run(Stopwatch watch) throws Exception;
  }

  /**
   * What one run produced.
   *
   * @param output one value per item, in item order
   * @param counts what the run counted, e.g. {@code instances built}
   */
  record Outcome(List<?> output, Map<String, Long> counts) {
    Outcome {
      Objects.requireNonNull(output, "output");
      counts = Map.copyOf(counts);
    }

    /** An outcome with nothing counted. */
    static Outcome of(List<?> output) {
      return new Outcome(output, Map.of());
    }
  }
}
