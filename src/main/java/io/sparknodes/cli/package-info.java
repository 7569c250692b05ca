/**
 * The command line: {@code grid} runs a sweep and writes its results and report, {@code bench} runs
 * the benchmarks and writes each of their formats, {@code report} re-renders a report from a results
 * file, and {@code GroupMain} is the main class of a sweep's child JVM. It is the edge: it parses
 * options, makes sessions and JVMs, maps errors to exit codes (0 done, 1 run failed, 2 usage), and is
 * the only place that exits.
 */
package io.sparknodes.cli;
