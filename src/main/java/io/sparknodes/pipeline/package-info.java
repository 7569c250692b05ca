/**
 * Pipelines of plain Java functions: {@link io.sparknodes.pipeline.Node}s wired by name into a
 * {@link io.sparknodes.pipeline.Pipeline} that runs once or maps over many items on an {@link
 * io.sparknodes.pipeline.Engine}. This package owns the semantics (ordering, zip, batching,
 * stateful inputs, configuration precedence) and knows nothing of Spark; {@link
 * io.sparknodes.pipeline.LocalEngine} is the reference that every other engine must match.
 */
package io.sparknodes.pipeline;
