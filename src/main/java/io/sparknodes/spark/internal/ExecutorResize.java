package io.sparknodes.spark.internal;

import io.sparknodes.config.SparkKeys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shrinks a running process-mode application to fewer executor JVMs, keeping the survivors (and
 * what they have compiled and built) warm: {@code SparkContext.killExecutors}, a developer API of
 * the coarse-grained backends (local-cluster and standalone included) that also lowers the
 * application's executor target, so the master does not replace them. The sweep uses it to measure
 * several max_concurrency values of one executor shape in one application (largest first).
 */
public final class ExecutorResize {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorResize.class);
  private ExecutorResize() {}

  /**
   * The executors this class killed, by application: Spark keeps a killed executor in its list until
   * its RPC connection is seen closed, which took about 5 s here after the executor JVM had exited
   * (measured: the kill acknowledged in 0.03 s, the Master's report of the exit 0.5 s after, the id
   * gone from {@code getExecutorIds} 5.2 s after), while the scheduler offers it no task from the
   * moment of the kill (it is pending removal). So the ids killed count as gone at once.
   */
  private static final Map<String, Set<String>> KILLED = new ConcurrentHashMap<>();

  /**
   * Kills executors of {@code sc} until {@code n} are left (the newest ids go first) and sets
   * {@link SparkKeys#LAYOUT_EXECUTORS} on this thread, so that engines made on it lay out their maps
   * for {@code n} executors. It does not wait for Spark to drop the killed ones from its list (see
   * {@link #KILLED}): the scheduler gives them no task once they are killed.
   *
   * @throws IllegalStateException when the backend cannot kill executors
   */
  public static void shrinkTo(SparkContext sc, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("an application keeps at least one executor, not " + n);
    }
    List<String> ids = executorIds(sc);
    if (ids.size() < n) {
      throw new IllegalStateException("cannot shrink " + sc.master() + " to " + n + " executors: it has " + ids.size());
    }
    if (ids.size() > n) {
      List<String> victims = new ArrayList<>(ids.subList(n, ids.size()));
      long t0 = System.nanoTime();
      boolean asked = sc.killExecutors(scala.jdk.javaapi.CollectionConverters.asScala(victims).toList());
      if (!asked) {
        throw new IllegalStateException("the scheduler of " + sc.master() + " refused to kill executors " + victims
            + " (dynamic allocation on, or a backend without executor control)");
      }
      KILLED.computeIfAbsent(sc.applicationId(), k -> ConcurrentHashMap.newKeySet()).addAll(victims);
      LOG.debug("kill of {} acknowledged in {} s", victims, String.format("%.2f", (System.nanoTime() - t0) / 1e9));
    }
    sc.setLocalProperty(SparkKeys.LAYOUT_EXECUTORS, Integer.toString(n));
  }

  /** The ids of the executors registered with {@code sc} and not killed by {@link #shrinkTo}, oldest (lowest id) first. */
  public static List<String> executorIds(SparkContext sc) {
    List<String> ids = new ArrayList<>(scala.jdk.javaapi.CollectionConverters.asJava(sc.getExecutorIds()));
    // Ids Spark no longer lists need no tracking: what is kept is only the kills still pending.
    KILLED.computeIfPresent(sc.applicationId(), (app, killed) -> {
      killed.retainAll(ids);
      return killed.isEmpty() ? null : killed;
    });
    ids.removeAll(KILLED.getOrDefault(sc.applicationId(), Set.of()));
    ids.sort(Comparator.comparingLong((String id) -> id.matches("\\d+") ? Long.parseLong(id) : Long.MAX_VALUE)
        .thenComparing(Comparator.naturalOrder()));
    return ids;
  }
}
