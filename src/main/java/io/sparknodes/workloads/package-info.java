/**
 * What a sweep measures: the {@link io.sparknodes.workloads.Workload} SPI (a pipeline, its inputs
 * for n items, the mapped input, and a check of the output) and the built-in workloads. A user's
 * own workload is a class implementing the SPI, named on the command line.
 */
package io.sparknodes.workloads;
