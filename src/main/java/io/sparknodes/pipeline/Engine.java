package io.sparknodes.pipeline;

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
}
