/**
 * The records of a sweep ({@link io.sparknodes.results.Results}, {@link
 * io.sparknodes.results.Trial}, their environment and grid), their JSON and CSV forms, and the
 * statistics and {@link io.sparknodes.results.Analysis} drawn from them alone. It owns every
 * number a report shows and imports nothing else of this project but {@code io.sparknodes.config}:
 * the knob names, and the {@code profile.json} format it writes the tuned profile through.
 */
package io.sparknodes.results;
