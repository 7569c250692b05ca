package io.sparknodes.bench;

import io.sparknodes.results.Environment;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A run of benchmarks: where it ran, how, and what each benchmark measured.
 *
 * @param environment the JVM, Spark and machine (its master names the benchmarks' masters)
 * @param options the warm-up, repeats, scale and seed
 * @param started when the run started
 * @param benchmarks in the order they ran
 * @param wallSeconds the whole run's wall time
 */
public record BenchReport(Environment environment, BenchOptions options, Instant started, List<BenchResult> benchmarks,
    double wallSeconds) {
  public BenchReport {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(started, "started");
    benchmarks = List.copyOf(benchmarks);
  }
}
