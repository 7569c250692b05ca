package io.sparknodes.results;

import io.sparknodes.config.Knobs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where one Spark application of a sweep spent its wall time, by the sweep's clock: from its JVM's
 * launch to that JVM's exit, cut where the JVM reported the first run of each phase. The parts add
 * up to the application's wall time; what the sweep does between applications is not in any.
 *
 * @param group the group the application ran, as {@code axis=value} pairs of the settings that need
 *     an application of their own, e.g. {@code use_process=true,max_concurrency=2}
 * @param application the group's application index (0 first; racing ones follow the balanced ones)
 * @param racing whether it was a racing application
 * @param launchedAt when its JVM was launched
 * @param startSeconds from the launch to the first run: the JVM's start, its input read, Spark's start
 * @param coldSeconds the cold run: the application's first map
 * @param warmupSeconds the warm-up rounds, loop calibration and their output checks
 * @param measureSeconds the measured samples and their output checks
 * @param probeSeconds the memory probes (one untimed map per point, collections forced)
 * @param endSeconds from the last run's end to the JVM's exit: results sent, Spark stopped, the JVM
 *     (and any executor JVMs) gone, or killed; under the shared design, to the next group's start
 *     (its SparkContext stopped), or for the JVM's last group to the JVM's exit
 * @param jvm the JVM the application ran in, when it shared that JVM with other groups' applications
 *     (shared design, e.g. {@code use_process=false#0}); empty when it had a JVM of its own, as
 *     every application before the shared design. Its first application's {@code startSeconds} holds
 *     the JVM's start, a later one's its SparkContext's start only.
 */
public record ApplicationTime(String group, int application, boolean racing, Instant launchedAt, double startSeconds,
    double coldSeconds, double warmupSeconds, double measureSeconds, double probeSeconds, double endSeconds,
    String jvm) {
  /** An application in a JVM of its own (the isolated design). */
  public ApplicationTime(String group, int application, boolean racing, Instant launchedAt, double startSeconds,
      double coldSeconds, double warmupSeconds, double measureSeconds, double probeSeconds, double endSeconds) {
    this(group, application, racing, launchedAt, startSeconds, coldSeconds, warmupSeconds, measureSeconds,
        probeSeconds, endSeconds, "");
  }

  public ApplicationTime {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(jvm, "jvm");
    Objects.requireNonNull(launchedAt, "launchedAt");
    if (application < 0) {
      throw new IllegalArgumentException("application must not be negative but was " + application);
    }
    Samples.checkSeconds("startSeconds", startSeconds);
    Samples.checkSeconds("coldSeconds", coldSeconds);
    Samples.checkSeconds("warmupSeconds", warmupSeconds);
    Samples.checkSeconds("measureSeconds", measureSeconds);
    Samples.checkSeconds("probeSeconds", probeSeconds);
    Samples.checkSeconds("endSeconds", endSeconds);
  }

  /**
   * The group of the point with these params, as {@link #group()} names it: {@link
   * Trial#idOf(Map)} of its values of the axes that need an application of their own (all but
   * batch_size, partitions and spark.sql.* settings).
   */
  public static String groupOf(Map<String, ?> params) {
    Map<String, Object> g = new LinkedHashMap<>();
    params.forEach((k, v) -> {
      if (Knobs.needsApplication(k)) {
        g.put(k, v);
      }
    });
    return Trial.idOf(g);
  }

  /**
   * The key of the JVM the application ran in: {@link #jvm()}, or for an application with a JVM of
   * its own, its group and index ({@link #jvmOf(String, int)}).
   */
  public String jvmKey() {
    return jvm.isEmpty() ? jvmOf(group, application) : jvm;
  }

  /** The key of the JVM of application {@code application} of {@code group} when it had a JVM of its own. */
  public static String jvmOf(String group, int application) {
    return group + "@" + application;
  }

  /** Whether the application shared its JVM with other groups' applications (shared design). */
  public boolean sharedJvm() {
    return !jvm.isEmpty();
  }

  /** The application's wall time: the sum of its parts. */
  public double wallSeconds() {
    return startSeconds + coldSeconds + warmupSeconds + measureSeconds + probeSeconds + endSeconds;
  }

  /** When its JVM exited (or was killed), by the same clock. */
  public Instant endedAt() {
    return launchedAt.plusNanos((long) (wallSeconds() * 1e9));
  }
}
