/**
 * The benchmarks: what stateful inputs and batch functions are worth, how close the Spark engine
 * comes to hand-written Spark and to a plain loop, and how its cost grows with items and cores.
 * Each benchmark runs its variants interleaved in one session it starts and closes, checks every
 * output, and reports each variant's spread and each ratio's interval (JSON and Markdown).
 */
package io.sparknodes.bench;
