/**
 * What a sweep's results say, drawn from them alone: {@link
 * io.sparknodes.results.analysis.Analysis} is the one entry point, a facade over the variance
 * model, the ranking and tied set, the effects and their verdicts, the recommendations and the
 * diagnostics, and its answers are the records of {@link
 * io.sparknodes.results.analysis.AnalysisRecords} and {@link
 * io.sparknodes.results.analysis.Recommendation}. It owns every number a report shows, imports
 * only {@code io.sparknodes.results} and the knob names, and no verdict is computed anywhere else.
 */
package io.sparknodes.results.analysis;
