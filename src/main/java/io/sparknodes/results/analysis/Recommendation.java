package io.sparknodes.results.analysis;

import io.sparknodes.config.Knobs;
import io.sparknodes.results.Summary;
import io.sparknodes.results.Trial;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A measured point recommended for one use case, with why, and how to run it: as Java code and
 * as {@code spark-submit} arguments.
 *
 * @param trial the recommended point; its summary is present
 * @param reasons why this point, in words drawn from the data
 * @param caveats what limits the recommendation
 * @param defaultConcurrency the executor cores used in {@link #sparkSubmitArgs()} when the grid did
 *     not vary {@code max_concurrency}: the cores of the machine measured
 */
public record Recommendation(
    UseCase useCase, Trial trial, List<String> reasons, List<String> caveats, int defaultConcurrency) {

  /** The use cases a sweep recommends a point for, in the order a report lists them. */
  public enum UseCase {
    /** A point tied with the best whose settings sit in the middle of the tested ranges. */
    GENERAL("General purpose"),
    /** Among the points tied with the best, the smallest batches, then the fewest cores. */
    MEMORY_CONSTRAINED("Memory constrained"),
    /** The lowest geometric-mean warm time: the best point. */
    MAXIMUM_THROUGHPUT("Maximum throughput"),
    /** Among the points tied with the best, the most concurrency. */
    IO_BOUND("I/O-bound workloads");

    private final String title;

    UseCase(String title) {
      this.title = title;
    }

    /** A heading for the use case. */
    public String title() {
      return title;
    }
  }

  public Recommendation {
    Objects.requireNonNull(useCase, "useCase");
    Objects.requireNonNull(trial, "trial");
    if (trial.summary().isEmpty()) {
      throw new IllegalArgumentException("recommended trial " + trial.id() + " has no warm samples");
    }
    reasons = List.copyOf(reasons);
    caveats = List.copyOf(caveats);
    if (defaultConcurrency <= 0) {
      throw new IllegalArgumentException("defaultConcurrency must be positive but was " + defaultConcurrency);
    }
  }

  /** The warm-time summary of the recommended point. */
  public Summary summary() {
    return trial.summary().orElseThrow();
  }

  /** The recommended settings: the point's params in axis order. */
  public Map<String, Object> params() {
    return trial.params();
  }

  /**
   * Java that builds an engine with these settings; settings the grid did not vary are left to
   * their defaults.
   *
   * <pre>{@code
   * SparkEngine engine = new SparkEngine(spark, ExecutionConfig.builder()
   *     .batchSize(512)
   *     .maxConcurrency(2)
   *     .useProcess(false)
   *     .build());
   * }</pre>
   */
  public String javaSnippet() {
    StringBuilder b = new StringBuilder("SparkEngine engine = new SparkEngine(spark, ExecutionConfig.builder()");
    Map<String, Object> p = trial.params();
    if (p.containsKey(Knobs.BATCH_SIZE)) {
      b.append(Knobs.AUTO.equals(p.get(Knobs.BATCH_SIZE)) ? "\n    .autoBatchSize()"
          : "\n    .batchSize(" + p.get(Knobs.BATCH_SIZE) + ")");
    }
    if (p.containsKey(Knobs.MAX_CONCURRENCY)) {
      b.append("\n    .maxConcurrency(").append(p.get(Knobs.MAX_CONCURRENCY)).append(')');
    }
    if (p.containsKey(Knobs.USE_PROCESS)) {
      b.append("\n    .useProcess(").append(p.get(Knobs.USE_PROCESS)).append(')');
    }
    p.forEach((k, v) -> {
      if (k.startsWith(Knobs.SPARK_PREFIX)) {
        b.append("\n    .spark(").append(javaString(k)).append(", ").append(javaString(Trial.valueText(v))).append(')');
      }
    });
    return b.append("\n    .build());").toString();
  }

  /**
   * The {@code spark-submit} arguments of these settings, one per line: the local master ({@code
   * local[N]} for threads of one JVM, {@code local-cluster[N,1,1024]} for N executor JVMs), the
   * executor layout that gives the same cores on a real cluster, and every {@code spark.*} setting.
   * {@code batch_size} is not a Spark setting: it goes in the engine's config.
   */
  public List<String> sparkSubmitArgs() {
    Map<String, Object> p = trial.params();
    int cores = p.get(Knobs.MAX_CONCURRENCY) instanceof Integer n ? n : defaultConcurrency;
    boolean process = Boolean.TRUE.equals(p.get(Knobs.USE_PROCESS));
    List<String> lines = new ArrayList<>();
    if (process) {
      lines.add("--master local-cluster[" + cores + ",1,1024]");
      lines.add("--conf spark.executor.cores=1");
      lines.add("--conf spark.executor.instances=" + cores);
    } else {
      lines.add("--master local[" + cores + "]");
      lines.add("--conf spark.executor.cores=" + cores);
    }
    p.forEach((k, v) -> {
      if (k.startsWith(Knobs.SPARK_PREFIX)) {
        lines.add("--conf " + k + "=" + Trial.valueText(v));
      }
    });
    return List.copyOf(lines);
  }

  private static String javaString(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
