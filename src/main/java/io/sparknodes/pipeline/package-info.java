/**
 * Pipelines of plain Java functions: {@link io.sparknodes.pipeline.Node}s wired by name into a
 * {@link io.sparknodes.pipeline.Pipeline} that runs once or maps over many items on an {@link
 * io.sparknodes.pipeline.Engine}. This package owns the semantics (ordering, zip, batching,
 * stateful inputs, configuration precedence) and the user's API, and knows nothing of Spark; {@link
 * io.sparknodes.pipeline.LocalEngine} is the reference that every other engine must match.
 *
 * <p>The compiled form every engine runs (the plan, its rows and batching) lives in {@code
 * io.sparknodes.pipeline.internal}, which is not API. The knobs and their configurations ({@link
 * io.sparknodes.config.ExecutionConfig}, which parses and validates their values once) come from
 * {@code io.sparknodes.config}, the floor below this one and the only other package of ours it imports.
 */
package io.sparknodes.pipeline;
