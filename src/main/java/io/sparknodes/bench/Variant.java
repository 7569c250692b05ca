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
 * @param runs back-to-back runs per sample, whose mean time is the sample: more than one for
 *     runs so short that scheduling noise would swamp a single one (a body that restarts the watch
 *     must have one)
 * @param body one run
 */
record Variant(String name, String description, List<String> items, int runs, Body body) {
  Variant {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(items, "items");
    if (runs < 1) {
      throw new IllegalArgumentException("runs must be positive but was " + runs);
    }
    Objects.requireNonNull(body, "body");
  }

  /** A variant whose every run is a sample. */
  Variant(String name, String description, List<String> items, Body body) {
    this(name, description, items, 1, body);
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
