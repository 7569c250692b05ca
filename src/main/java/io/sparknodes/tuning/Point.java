package io.sparknodes.tuning;

import io.sparknodes.config.EffectiveConfig;
import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.config.Knobs;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One point of a grid: a value per axis, and the engine config they make.
 *
 * @param index its position in the grid's declared order
 * @param params axis name to value, in axis order
 * @param config the engine config of the point (axes over the grid's fixed settings)
 */
public record Point(int index, Map<String, Object> params, ExecutionConfig config) {
  public Point {
    params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** A stable id: {@code axis=value} pairs in axis order, e.g. {@code use_process=false,batch_size=128}. */
  public String id() {
    return io.sparknodes.results.Trial.idOf(params);
  }

  /** The effective config: the point's settings over the built-in defaults. */
  public EffectiveConfig effective() {
    return config.resolve();
  }

  /** What needs its own application: everything but batch_size and runtime spark.sql.* settings. */
  public Map<String, Object> applicationKey() {
    Map<String, Object> key = new LinkedHashMap<>();
    EffectiveConfig e = effective();
    key.put(Knobs.USE_PROCESS, e.useProcess());
    key.put(Knobs.MAX_CONCURRENCY, e.maxConcurrency());
    e.spark().forEach((k, v) -> {
      if (!isRuntime(k)) {
        key.put(k, v);
      }
    });
    return key;
  }

  /** The config that starts the point's application (its group's). */
  public ExecutionConfig applicationConfig() {
    EffectiveConfig e = effective();
    ExecutionConfig.Builder b = ExecutionConfig.builder().useProcess(e.useProcess()).maxConcurrency(e.maxConcurrency());
    e.spark().forEach((k, v) -> {
      if (!isRuntime(k)) {
        b.spark(k, v);
      }
    });
    return b.build();
  }

  /** The runtime settings of the point, set on the running session before each run. */
  public Map<String, String> runtimeSettings() {
    Map<String, String> m = new LinkedHashMap<>();
    effective().spark().forEach((k, v) -> {
      if (isRuntime(k)) {
        m.put(k, v);
      }
    });
    return m;
  }

  static boolean isRuntime(String sparkKey) {
    return io.sparknodes.config.Knobs.isRuntimeSparkSetting(sparkKey);
  }

  @Override
  public String toString() {
    return id();
  }
}
