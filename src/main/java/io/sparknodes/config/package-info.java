/**
 * The engine's knobs and every setting of ours, the lowest floor: the knob names ({@link
 * io.sparknodes.config.Knobs}), a node's or engine's {@link io.sparknodes.config.ExecutionConfig} and
 * its resolved {@link io.sparknodes.config.EffectiveConfig}, the "auto or a count" values ({@link
 * io.sparknodes.config.AutoOrCount}: {@link io.sparknodes.config.BatchSize}, {@link
 * io.sparknodes.config.Partitions}), the built-in {@link io.sparknodes.config.Defaults}, the bounds of
 * {@code batch_size=auto} ({@link io.sparknodes.config.AutoBatching}), every {@code spark.sparknodes.*}
 * key ({@link io.sparknodes.config.SparkKeys}) and the {@code profile.json} format ({@link
 * io.sparknodes.config.ProfileFormat}, read into a {@link io.sparknodes.config.Profile}). It imports
 * nothing of this project, so that every other package (pipeline, spark, results, report, tuning,
 * bench, cli) may use it; a knob's value is parsed and validated once, here, and travels typed after.
 *
 * <p>Where each knob is parsed and where it takes effect:
 *
 * <table>
 *   <caption>Knobs</caption>
 *   <tr><th>knob</th><th>parsed (once)</th><th>takes effect</th></tr>
 *   <tr><td>{@code batch_size} (a count)</td>
 *       <td>{@code ExecutionConfig.fromMap} / {@code Builder.batchSize} through {@code BatchSize.parse} /
 *           {@code BatchSize.of}; resolved by {@code ExecutionConfig.resolve}</td>
 *       <td>{@code pipeline.internal.PlanRunner}, the batching loop ({@code PlanRunner.hasNext}: at most
 *           {@code EffectiveConfig.batchSize()} rows a call)</td></tr>
 *   <tr><td>{@code batch_size=auto}</td>
 *       <td>as above ({@code BatchSize.AUTO}); its bounds, the {@code spark.sparknodes.autoBatch.*} keys,
 *           by {@code AutoBatching.maxBatchSize} (in {@code resolve}) and {@code pipeline.internal.AutoBatchSizing.of}
 *           (when the plan is built)</td>
 *       <td>{@code pipeline.internal.BatchSizer.next}, one sizer per node and executor, made in the same
 *           batching loop from {@code Plan.Step}</td></tr>
 *   <tr><td>{@code max_concurrency}</td>
 *       <td>{@code ExecutionConfig.fromMap} / {@code Builder.maxConcurrency}
 *           ({@code ExecutionConfig.checkMaxConcurrency})</td>
 *       <td>the application's executors: {@code spark.ClusterLayout.forConfig} and {@code applyTo}, from
 *           {@code spark.SparkEngine.start}; a node's own value caps its stage's partitions
 *           ({@code spark.ListMap})</td></tr>
 *   <tr><td>{@code use_process}</td>
 *       <td>{@code ExecutionConfig.fromMap} / {@code Builder.useProcess}</td>
 *       <td>{@code spark.ClusterLayout.forConfig} and {@code applyTo} (one-core executor JVMs on
 *           {@code local-cluster} or a cluster), from {@code spark.SessionStart}</td></tr>
 *   <tr><td>{@code partitions}</td>
 *       <td>{@code ExecutionConfig.fromMap} / {@code Builder.partitions} through {@code Partitions.parse}
 *           / {@code Partitions.of}</td>
 *       <td>{@code spark.ListLayout.of}, for each map of a list by {@code spark.ListMap} (the
 *           engine's value; a node's is not used)</td></tr>
 *   <tr><td>{@code spark.*}</td>
 *       <td>{@code ExecutionConfig.fromMap} / {@code Builder.spark} (kept as text: Spark parses its own
 *           settings)</td>
 *       <td>the session's {@code SparkConf} ({@code SparkEngine.start}); runtime {@code spark.sql.*} ones
 *           on the running session ({@link io.sparknodes.config.Knobs#isRuntimeSparkSetting}); ours as
 *           {@link io.sparknodes.config.SparkKeys} lists</td></tr>
 * </table>
 *
 * <p>A grid file's axes and fixed settings, a {@code profile.json} and the sweep's points file for a
 * group's JVM all reach a config through {@code ExecutionConfig.fromMap}; the points file carries each
 * point's config with the keys files use ({@code ExecutionConfig.toMap}), read back by that same parser.
 */
package io.sparknodes.config;
