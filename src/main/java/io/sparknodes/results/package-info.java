/**
 * The records of a sweep ({@link io.sparknodes.results.Results}, each {@link
 * io.sparknodes.results.Trial} with its {@link io.sparknodes.results.Samples}, their environment
 * and grid) and the summaries of samples ({@link io.sparknodes.results.Statistics}), each checked
 * when built; their file forms live in {@code results.format} and what they say in {@code
 * results.analysis}. It imports nothing else of this project but the knob names of {@code
 * io.sparknodes.config}, and nothing of its sub-packages except {@code TunedProfile}, which picks
 * the tuned profile from the analysis.
 */
package io.sparknodes.results;
