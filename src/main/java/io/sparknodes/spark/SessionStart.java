package io.sparknodes.spark;

import static io.sparknodes.spark.SparkEngine.PROFILE;
import static io.sparknodes.spark.SparkEngine.PROFILE_USE_CASE;

import io.sparknodes.config.EffectiveConfig;
import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.spark.internal.SparkSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.sql.SparkSession;

/**
 * How a {@link SparkEngine} comes to its session: the Spark settings of a session laid out for a
 * config ({@link ClusterLayout}), starting it and waiting for its executors, the wait for a
 * cluster's executors on a session someone else made, the profile a job was submitted with, and
 * closing a local application's stateful instances when it ends.
 */
final class SessionStart {
  private SessionStart() {}

  private static final Set<String> WATCHED_APPS = ConcurrentHashMap.newKeySet();

  /** What {@link SparkEngine#submittedProfile} returns. */
  static ExecutionConfig submittedProfile(SparkSession session) {
    String file = session.conf().get(PROFILE, "");
    if (file.isBlank()) {
      throw new IllegalArgumentException("the session names no profile (" + PROFILE + "): submit the job with"
          + " scripts/submit --profile FILE, or --conf " + PROFILE + "=FILE");
    }
    return ExecutionConfig.fromProfile(java.nio.file.Path.of(file),
        session.conf().get(PROFILE_USE_CASE, io.sparknodes.config.Profile.OPTIMAL));
  }

  /**
   * Starts the session of {@link SparkEngine#start(ExecutionConfig, Optional)}: fails if one is
   * already running in this JVM, checks the environment of the layout, and in process mode waits
   * for every executor (the session is stopped if they do not come).
   */
  static SparkSession start(ExecutionConfig defaults, Optional<String> master) {
    SparkConf conf = sparkConf(defaults, master);
    Optional<SparkSession> active = SparkSession.getActiveSession().isDefined()
        ? Optional.of(SparkSession.getActiveSession().get())
        : SparkSession.getDefaultSession().isDefined() ? Optional.of(SparkSession.getDefaultSession().get()) : Optional.empty();
    if (active.isPresent() && !active.get().sparkContext().isStopped()) {
      throw new IllegalStateException("a SparkSession is already running in this JVM (master "
          + active.get().sparkContext().master() + "): pass it to new SparkEngine(session, config), or stop it first");
    }
    ClusterLayout layout = ClusterLayout.forConfig(defaults.resolve(), master, SparkSettings.workerMemoryMb(conf));
    layout.checkEnvironment(System.getenv());
    SparkSession session = SparkSession.builder().config(conf).getOrCreate();
    try {
      awaitExecutors(session.sparkContext(), layout, SparkSettings.executorStartTimeout(conf));
    } catch (RuntimeException e) {
      session.stop();
      throw e;
    }
    return session;
  }

  /**
   * The Spark settings for a session laid out for {@code defaults}: master, executors, loopback
   * binding for embedded masters, the stateful plugin, and every {@code spark.*} key of the config.
   */
  static SparkConf sparkConf(ExecutionConfig defaults, Optional<String> master) {
    EffectiveConfig effective = defaults.resolve();
    SparkConf conf = new SparkConf();
    conf.setAppName("sparknodes");
    effective.spark().forEach(conf::set);
    ClusterLayout layout = ClusterLayout.forConfig(effective, master, SparkSettings.workerMemoryMb(conf));
    layout.applyTo(conf);
    if (ClusterLayout.isLocal(layout.master())) {
      conf.setIfMissing(SparkSettings.DRIVER_HOST, SparkSettings.LOOPBACK);
      conf.setIfMissing(SparkSettings.DRIVER_BIND_ADDRESS, SparkSettings.LOOPBACK);
    }
    String plugins = conf.get(SparkSettings.PLUGINS, "");
    if (!plugins.contains(StatefulPlugin.class.getName())) {
      conf.set(SparkSettings.PLUGINS, plugins.isEmpty() ? StatefulPlugin.class.getName() : plugins + "," + StatefulPlugin.class.getName());
    }
    return conf;
  }

  private static void awaitExecutors(SparkContext sc, ClusterLayout layout, Duration timeout) {
    if (ClusterLayout.isLocal(layout.master()) && !layout.isLocalCluster()) {
      return;
    }
    if (!awaitRegistered(sc, layout.executors(), timeout)) {
      throw new IllegalStateException(ClusterLayout.registeredExecutors(sc) + " of " + layout.executors()
          + " executors registered on " + layout.master() + " within " + timeout.toSeconds() + " s. "
          + whereExecutorsFail(sc, layout.isLocalCluster()));
    }
  }

  /**
   * On a cluster master whose settings ask for executors ({@link ClusterLayout#expectedExecutors};
   * the layout is read from those settings, not from the executors registered so far): waits
   * (bounded by {@value SparkSettings#EXECUTOR_START_TIMEOUT}) until one has registered, and fails
   * when none has, as a cluster that cannot give the executors asked for would make every job wait
   * forever.
   */
  static void awaitClusterExecutors(SparkContext sc) {
    if (ClusterLayout.isLocal(sc.master())) {
      return;
    }
    java.util.OptionalInt expected = ClusterLayout.expectedExecutors(sc.getConf());
    if (expected.isEmpty()) {
      return;
    }
    Duration timeout = SparkSettings.executorStartTimeout(sc.getConf());
    if (!awaitRegistered(sc, 1, timeout)) {
      throw new IllegalStateException("no executor registered on " + sc.master() + " within " + timeout.toSeconds()
          + " s (" + expected.getAsInt() + " asked for). " + whereExecutorsFail(sc, false));
    }
  }

  /** Waits until {@code n} executors have registered; false at the timeout. */
  private static boolean awaitRegistered(SparkContext sc, int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (ClusterLayout.registeredExecutors(sc) < n) {
      if (sc.isStopped()) {
        throw new IllegalStateException("the application on " + sc.master() + " stopped while waiting for its"
            + " executors: the master is unreachable or refused it (see the driver's log)");
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for executors", e);
      }
    }
    return true;
  }

  private static String whereExecutorsFail(SparkContext sc, boolean localCluster) {
    if (localCluster) {
      String home = Optional.ofNullable(System.getenv("SPARK_HOME")).orElse("(not set)");
      return "Executors are launched from SPARK_HOME=" + home + ", which needs jars/ and conf/, with SPARK_SCALA_VERSION="
          + SparkSettings.SCALA_BINARY_VERSION + " for the launcher; their logs are under SPARK_HOME/work.";
    }
    SparkConf conf = sc.getConf();
    return "The cluster may have no worker free to give an executor " + SparkSettings.EXECUTOR_CORES + "="
        + conf.get(SparkSettings.EXECUTOR_CORES, "(default)") + " and " + SparkSettings.EXECUTOR_MEMORY + "="
        + conf.get(SparkSettings.EXECUTOR_MEMORY, "(default)") + ", or the master is unreachable: see the master's web"
        + " UI and the workers' logs.";
  }

  /** In {@code local[N]}, closes the application's stateful instances (they live in this JVM) when it ends. */
  static void watchApplicationEnd(SparkContext sc) {
    // The instances of a local-mode application live in this JVM: close them when it ends.
    if (ClusterLayout.isLocal(sc.master()) && !sc.master().startsWith("local-cluster") && WATCHED_APPS.add(sc.applicationId())) {
      String appId = sc.applicationId();
      sc.addSparkListener(new SparkListener() {
        @Override
        public void onApplicationEnd(SparkListenerApplicationEnd end) {
          ExecutorRegistry.closeApp(appId);
          WATCHED_APPS.remove(appId);
        }
      });
    }
  }
}
