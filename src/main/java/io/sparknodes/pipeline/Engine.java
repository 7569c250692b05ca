package io.sparknodes.pipeline;

import io.sparknodes.config.ExecutionConfig;
import java.util.List;
import java.util.Map;

/**
 * Runs pipelines. Every engine gives the results of {@link LocalEngine}, the reference; they
 * differ in where and how the work runs, which {@link #defaults()} and each node's config decide.
 */
public interface Engine {
  /** The engine's default config, which node configs override. */
  ExecutionConfig defaults();

  /**
   * Maps {@code pipeline} over the lists named in {@code mapOver}, zipped, with the other inputs
   * constant; results in input order. With no mapped input, runs the pipeline once.
   */
  MapResult map(Pipeline pipeline, Map<String, ?> inputs, List<String> mapOver);

  /** The node cache this engine looks items up in and stores them into, if any ({@code withCache}). */
  default java.util.Optional<NodeCache> cache() {
    return java.util.Optional.empty();
  }

  /**
   * This engine, telling {@code listener} of each map: {@link LocalEngine} and {@code SparkEngine}
   * tell each batch as it is done. This default, for an engine that cannot, tells the start before
   * the map runs, and each node's batches, as one event a node in the pipeline's order, and the end
   * once it has returned.
   */
  default Engine withListener(MapListener listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    Engine inner = this;
    return new Engine() {
      @Override
      public ExecutionConfig defaults() {
        return inner.defaults();
      }

      @Override
      public MapResult map(Pipeline pipeline, Map<String, ?> inputs, List<String> mapOver) {
        Object first = mapOver.isEmpty() ? null : inputs.get(mapOver.get(0));
        listener.onMapStart(mapOver.isEmpty() ? 1 : first instanceof List<?> l ? l.size() : 0);
        MapResult r = inner.map(pipeline, inputs, mapOver);
        // In the pipeline's order: the report's map has none of its own.
        for (Node node : pipeline.nodes()) {
          ExecutionReport.BatchStats b = r.report().batches().get(node.name());
          if (b != null && b.rows() > 0) {
            listener.onBatchDone(node.name(), b.rows());
          }
        }
        listener.onMapEnd(r.report());
        return r;
      }
    };
  }
}
