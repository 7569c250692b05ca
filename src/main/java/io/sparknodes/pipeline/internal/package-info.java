/**
 * Not API: the machinery the engines share, public only because the {@code spark} package runs it
 * too. It owns the compiled form of a pipeline ({@link io.sparknodes.pipeline.internal.Plan}: rows
 * as {@code Object[]} slots, each node's batching, its {@code Step}s, {@code StatefulSource} and
 * {@code Observer}), and the one rule of the largest batch a node can get from a partition ({@code
 * Step.batchWithin}), which every engine's report uses; it may change in any release, and user
 * code should not import it.
 */
package io.sparknodes.pipeline.internal;
