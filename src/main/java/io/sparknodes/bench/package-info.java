/**
 * The benchmarks: what stateful inputs and batch functions are worth, how close the Spark engine
 * comes to hand-written Spark and to a plain loop, and how its cost grows with items and cores.
 * Each benchmark runs its variants interleaved in one session it starts and closes, checks every
 * output, and reports each variant's spread and each ratio's interval.
 *
 * <p>A run's outputs are the {@link io.sparknodes.bench.BenchFormat}s (bench.json, written and read
 * through Jackson's data binding of records, and bench.md), each behind one {@link
 * io.sparknodes.bench.BenchWriter}; parameters use the knob names of {@code io.sparknodes.config}.
 */
package io.sparknodes.bench;
