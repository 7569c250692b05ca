package io.sparknodes.bench;

/** Writes a run of benchmarks in one {@link BenchFormat}. */
@FunctionalInterface
public interface BenchWriter {
  /** The text of {@code report} in this format; independent of the default locale. */
  String render(BenchReport report);
}
