/**
 * The records of a sweep ({@link io.sparknodes.results.Results}, {@link
 * io.sparknodes.results.Trial}, their environment and grid), their JSON and CSV forms, and the
 * statistics and {@link io.sparknodes.results.analysis.Analysis} drawn from them alone. It owns every
 * number a report shows and imports nothing else of this project but the knob names of {@code
 * io.sparknodes.knobs}.
 */
package io.sparknodes.results;
