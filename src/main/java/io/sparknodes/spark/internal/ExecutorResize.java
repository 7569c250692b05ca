package io.sparknodes.spark.internal;

import io.sparknodes.config.SparkKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.SparkContext;

/**
 * Shrinks a running process-mode application to fewer executor JVMs, keeping the survivors (and
 * what they have compiled and built) warm: {@code SparkContext.killExecutors}, a developer API of
 * the coarse-grained backends (local-cluster and standalone included) that also lowers the
 * application's executor target, so the master does not replace them. The sweep uses it to measure
 * several max_concurrency values of one executor shape in one application (largest first).
 */
public final class ExecutorResize {
  private ExecutorResize() {}

  /**
   * Kills executors of {@code sc} until {@code n} are left (the newest ids go first), waits until
   * they are gone, and sets {@link SparkKeys#LAYOUT_EXECUTORS} on this thread, so that engines made
   * on it lay out their maps for {@code n} executors.
   *
   * @throws IllegalStateException when the backend cannot kill executors, or they are not gone
   *     within {@code timeout}
   */
  public static void shrinkTo(SparkContext sc, int n, Duration timeout) {
    if (n < 1) {
      throw new IllegalArgumentException("an application keeps at least one executor, not " + n);
    }
    List<String> ids = executorIds(sc);
    if (ids.size() < n) {
      throw new IllegalStateException("cannot shrink " + sc.master() + " to " + n + " executors: it has " + ids.size());
    }
    if (ids.size() > n) {
      List<String> victims = new ArrayList<>(ids.subList(n, ids.size()));
      boolean asked = sc.killExecutors(scala.jdk.javaapi.CollectionConverters.asScala(victims).toList());
      if (!asked) {
        throw new IllegalStateException("the scheduler of " + sc.master() + " refused to kill executors " + victims
            + " (dynamic allocation on, or a backend without executor control)");
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      while (executorIds(sc).size() > n) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("executors " + victims + " of " + sc.master() + " were still registered "
              + timeout.toSeconds() + " s after they were killed");
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while shrinking the application", e);
        }
      }
    }
    sc.setLocalProperty(SparkKeys.LAYOUT_EXECUTORS, Integer.toString(n));
  }

  /** The ids of the executors registered with {@code sc}, oldest (lowest id) first. */
  public static List<String> executorIds(SparkContext sc) {
    List<String> ids = new ArrayList<>(scala.jdk.javaapi.CollectionConverters.asJava(sc.getExecutorIds()));
    ids.sort(Comparator.comparingLong((String id) -> id.matches("\\d+") ? Long.parseLong(id) : Long.MAX_VALUE)
        .thenComparing(Comparator.naturalOrder()));
    return ids;
  }
}
