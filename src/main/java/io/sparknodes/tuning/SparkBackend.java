package io.sparknodes.tuning;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.Engine;
import io.sparknodes.spark.SparkEngine;
import io.sparknodes.spark.internal.ExecutorResize;
import java.util.Map;
import java.util.Optional;

/**
 * Each group is a Spark application started by {@link SparkEngine#start}; each point an engine on
 * it. A {@linkplain #shrinking shrinking} backend instead keeps one application for groups of
 * executor JVMs that differ only in how many there are, largest first: a later group's "start" kills
 * executors down to its max_concurrency ({@link ExecutorResize}), and the survivors stay warm.
 */
final class SparkBackend implements Backend, AutoCloseable {
  private final Optional<String> master;
  private final boolean shrinking;
  private SparkEngine started;

  SparkBackend(Optional<String> master) {
    this(master, false);
  }

  private SparkBackend(Optional<String> master, boolean shrinking) {
    this.master = master;
    this.shrinking = shrinking;
  }

  /** A backend whose groups share one application, each later one on fewer of its executors. */
  static SparkBackend shrinking(Optional<String> master) {
    return new SparkBackend(master, true);
  }

  @Override
  public Session open(ExecutionConfig applicationConfig) {
    if (!shrinking) {
      return session(SparkEngine.start(applicationConfig, master), true);
    }
    if (started == null) {
      started = SparkEngine.start(applicationConfig, master);
    } else {
      int n = applicationConfig.maxConcurrency().orElseThrow(
          () -> new IllegalArgumentException("a shrinking application's group needs max_concurrency"));
      ExecutorResize.shrinkTo(started.session().sparkContext(), n);
    }
    return session(started, false);
  }

  /** Ends the shared application of a shrinking backend (a no-op otherwise). */
  @Override
  public void close() {
    if (started != null) {
      started.close();
      started = null;
    }
  }

  private static Session session(SparkEngine started, boolean stopsOnClose) {
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
        if (stopsOnClose) {
          started.close();
        }
      }
    };
  }
}
