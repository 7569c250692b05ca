/**
 * Not API: the runtime the engines share, public only because the {@code spark} package runs it
 * too; it may change in any release, and user code should not import it. It owns the compiled form
 * of a pipeline ({@link io.sparknodes.pipeline.internal.Plan}, built by {@code PlanBuilder}: rows as
 * {@code Object[]} slots, its {@code Step}s, {@code StatefulSource} and {@code Observer}, and {@code
 * Step.batchWithin}, the one rule of the largest batch a node can get from a partition, which every
 * engine's report uses), the batching loop ({@code PlanRunner}, which calls node functions through
 * {@link io.sparknodes.pipeline.internal.NodeAccess}), the sizer of {@code batch_size=auto} ({@link
 * io.sparknodes.pipeline.internal.BatchSizer}, its settings and its fit) and the memory figures
 * ({@link io.sparknodes.pipeline.internal.MemoryWatch}).
 */
package io.sparknodes.pipeline.internal;
