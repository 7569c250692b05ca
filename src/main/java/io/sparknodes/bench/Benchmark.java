package io.sparknodes.bench;

import java.util.function.Consumer;

/** One benchmark: starts its own session(s), runs its variants in interleaved rounds, closes them. */
interface Benchmark {
  /** The name on the command line. */
  String name();

  /** Runs the benchmark; {@code log} hears one line per round. */
  BenchResult run(BenchOptions options, Consumer<String> log) throws Exception;
}
