package io.sparknodes.tuning;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.Engine;
import io.sparknodes.spark.SparkEngine;
import java.util.Map;
import java.util.Optional;

/** Each group is a Spark application started by {@link SparkEngine#start}; each point an engine on it. */
final class SparkBackend implements Backend {
  private final Optional<String> master;

  SparkBackend(Optional<String> master) {
    this.master = master;
  }

  @Override
  public Session open(ExecutionConfig applicationConfig) {
    SparkEngine started = SparkEngine.start(applicationConfig, master);
    return new Session() {
      @Override
      public Engine engine(ExecutionConfig pointConfig) {
        return new SparkEngine(started.session(), pointConfig);
      }

      @Override
      public void setRuntime(Map<String, String> settings) {
        settings.forEach((k, v) -> started.session().conf().set(k, v));
      }

      @Override
      public void describe(String description) {
        started.session().sparkContext().setJobDescription(description);
      }

      @Override
      public String master() {
        return started.session().sparkContext().master();
      }

      @Override
      public String version() {
        return started.session().version();
      }

      @Override
      public void close() {
        started.close();
      }
    };
  }
}
