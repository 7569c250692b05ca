package io.sparknodes.spark;

import io.sparknodes.config.EffectiveConfig;
import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.Engine;
import io.sparknodes.pipeline.ExecutionReport;
import io.sparknodes.pipeline.MapListener;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.NodeExecutionException;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.StatefulBuildException;
import io.sparknodes.pipeline.ValueType;
import io.sparknodes.pipeline.internal.Plan;
import io.sparknodes.spark.internal.SparkSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pipelines on Spark, with the results of {@link io.sparknodes.pipeline.LocalEngine}. Each
 * node runs as a batch function over each partition: a list map is one job whose result function
 * runs the whole plan on each partition of the parallelized list ({@code SparkContext.runJob}, not
 * {@code mapPartitions} and {@code collect}, whose Scala lambdas Spark's closure cleaner parses from
 * class files on every job; see {@link ListMap}; a map whose nodes run in different numbers of
 * partitions runs one such job per run of nodes alike, each over a chain of {@link PartitionsRDD}s,
 * one a node, for the same reason), a {@code Dataset} map goes through {@code
 * mapPartitions}; stateful inputs are built lazily on the executors, once per executor and
 * application (or once per task slot).
 *
 * <ul>
 *   <li>{@code batch_size}: rows per call of a node's function, nothing else. A list input is cut
 *       into partitions sized for the executor slots ({@link ListLayout}; the {@code partitions}
 *       setting overrides the rule), a {@code Dataset} keeps its partitions, and within a partition
 *       each node cuts its own batches of its own batch_size. A batch can be no larger than a
 *       partition: the report's {@link ExecutionReport#layout()} says what each node could get.
 *   <li>Data: in {@code local[N]} a list's items and outputs stay on this JVM's heap; with executor
 *       JVMs they travel as bytes we serialize, whatever {@code spark.serializer} is ({@link
 *       ListMap}). A job that returns fewer items than it was given is an error.
 *   <li>{@code max_concurrency} and {@code use_process} choose the executors ({@link
 *       ClusterLayout}) when the engine makes its session ({@link #start}). On a session made by
 *       someone else ({@link #SparkEngine(SparkSession, ExecutionConfig)}) they cannot change the
 *       executors: a {@code use_process} that differs from the session, or a {@code
 *       max_concurrency} above the session's cores, is an error before anything runs; a {@code
 *       max_concurrency} below them caps that node: over a list it runs in that many partitions,
 *       so no more than that many of its tasks run at once, and the nodes before and after it keep
 *       theirs (one job per run of nodes alike; between jobs the rows wait on the heap, or come back
 *       to the driver as bytes we write); over a {@code Dataset} too, with a shuffle at each change
 *       of partitions ({@link DatasetSegment}; the rows' order is not kept), or, when every node has
 *       the same cap, a coalesce of the Dataset.
 * </ul>
 *
 * <pre>{@code
 * try (SparkEngine engine = SparkEngine.start(ExecutionConfig.builder().maxConcurrency(2).batchSize(512).build())) {
 *   MapResult r = pipeline.withEngine(engine).map(Map.of("text", texts, "model", Stateful.of(TextModel::new)), "text");
 *   System.out.println(r.report().executors());
 * }
 * }</pre>
 */
public final class SparkEngine implements Engine, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SparkEngine.class);
  private static final Set<String> WATCHED_APPS = ConcurrentHashMap.newKeySet();

  private final SparkSession session;
  private final boolean owned;
  private final ExecutionConfig defaults;
  private final ClusterLayout layout;
  private final MapListener listener;

  /**
   * An engine on a session its caller made (spark-submit, a notebook, a test fixture); the engine
   * never stops it. {@code defaults} must be honourable by that session (see the class doc).
   */
  public SparkEngine(SparkSession session, ExecutionConfig defaults) {
    this(session, defaults, false);
  }

  private SparkEngine(SparkSession session, ExecutionConfig defaults, boolean owned) {
    this(session, defaults, owned, MapListener.NONE);
  }

  private SparkEngine(SparkSession session, ExecutionConfig defaults, boolean owned, MapListener listener) {
    this.session = Objects.requireNonNull(session, "session");
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    this.owned = owned;
    this.listener = Objects.requireNonNull(listener, "listener");
    if (!owned) {
      awaitClusterExecutors(session.sparkContext());
    }
    this.layout = ClusterLayout.of(session.sparkContext());
    watchApplicationEnd(session.sparkContext());
    checkHonourable("the engine", defaults);
  }

  /** The Spark setting in which {@code scripts/submit --profile} names the profile file. */
  public static final String PROFILE = "spark.sparknodes.profile";
  /** The Spark setting in which {@code scripts/submit --profile --use-case} names its configuration. */
  public static final String PROFILE_USE_CASE = "spark.sparknodes.profile.useCase";

  /**
   * The settings of the profile a job was submitted with ({@code scripts/submit --profile FILE
   * [--use-case NAME]}): the configuration {@value #PROFILE_USE_CASE} names (optimal when unset) of
   * the file {@value #PROFILE} names, which is the one the session's layout was made for.
   *
   * <pre>{@code
   * SparkEngine engine = new SparkEngine(spark, SparkEngine.submittedProfile(spark));
   * }</pre>
   *
   * @throws IllegalArgumentException when the session names no profile, or it is missing or bad
   */
  public static ExecutionConfig submittedProfile(SparkSession session) {
    String file = session.conf().get(PROFILE, "");
    if (file.isBlank()) {
      throw new IllegalArgumentException("the session names no profile (" + PROFILE + "): submit the job with"
          + " scripts/submit --profile FILE, or --conf " + PROFILE + "=FILE");
    }
    return ExecutionConfig.fromProfile(java.nio.file.Path.of(file),
        session.conf().get(PROFILE_USE_CASE, io.sparknodes.config.Profile.OPTIMAL));
  }

  /** Starts an embedded local session laid out for {@code defaults}; {@link #close} stops it. */
  public static SparkEngine start(ExecutionConfig defaults) {
    return start(defaults, Optional.empty());
  }

  /**
   * Starts a session laid out for {@code defaults}, on {@code master} if given (spark://, yarn,
   * k8s://) or embedded; {@link #close} stops it. In process mode, waits (bounded by {@value
   * SparkSettings#EXECUTOR_START_TIMEOUT}) for every executor to register.
   *
   * @throws IllegalStateException if a session is already running in this JVM, if local-cluster
   *     is misconfigured (naming SPARK_HOME), or if executors do not register in time
   */
  public static SparkEngine start(ExecutionConfig defaults, Optional<String> master) {
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
    return new SparkEngine(session, defaults, true);
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
  private static void awaitClusterExecutors(SparkContext sc) {
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

  private static void watchApplicationEnd(SparkContext sc) {
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

  /**
   * This engine on the same session, telling {@code listener} of each list map while it runs
   * ({@link Progress}); the copy never stops the session.
   */
  public SparkEngine withListener(MapListener listener) {
    return new SparkEngine(session, defaults, false, listener);
  }

  /** The session this engine runs on. */
  public SparkSession session() {
    return session;
  }

  /** The executors of the session: what it can honour. */
  public ClusterLayout layout() {
    return layout;
  }

  @Override
  public ExecutionConfig defaults() {
    return defaults;
  }

  private void checkHonourable(String who, ExecutionConfig config) {
    if (config.useProcess().isPresent() && config.useProcess().get() != layout.processes()) {
      throw new IllegalArgumentException(who + " asks use_process=" + config.useProcess().get() + " but the session on "
          + layout.master() + " runs " + (layout.processes() ? "separate executor JVMs" : "threads of one JVM")
          + "; start a session for it (SparkEngine.start) or drop the setting");
    }
    if (config.maxConcurrency().isPresent() && config.maxConcurrency().get() > layout.cores()) {
      throw new IllegalArgumentException(who + " asks max_concurrency=" + config.maxConcurrency().get()
          + " but the session on " + layout.master() + " has " + layout.cores() + " cores");
    }
  }

  /** The concurrency cap a step asks for (its own, else the engine's), if below the session's cores. */
  private Optional<Integer> cap(Plan.Step step) {
    Optional<Integer> asked = step.node().config().maxConcurrency().or(() -> defaults.maxConcurrency());
    return asked.filter(k -> k < layout.cores());
  }

  private void check(Plan plan) {
    for (Plan.Step step : plan.steps()) {
      checkHonourable("node '" + step.node().name() + "'", step.node().config());
    }
    plan.checkShippable();
  }

  @Override
  public MapResult map(Pipeline pipeline, Map<String, ?> inputs, List<String> mapOver) {
    Plan plan = Plan.forLists(pipeline, inputs, mapOver, defaults);
    check(plan);
    int n = plan.size();
    int k = plan.outputs().size();
    SparkContext sc = session.sparkContext();
    // batch_size is rows per call: the partitions are sized for the executor slots (ListLayout),
    // and each partition is cut into each node's batches where it runs.
    Object[][] columns = ListMap.columns(plan, inputs);
    boolean inJvm = runsInThisJvm(sc.master());
    // Only shipped data is bounded in bytes (a task carries its data to another JVM).
    double bytesPerItem = inJvm ? 0 : ListMap.bytesPerItem(plan, columns, n);
    ListLayout.Bounds bounds = ListLayout.Bounds.of(sc.getConf());
    ListLayout cut = ListLayout.of(n, layout.cores(), bytesPerItem, defaults.resolve().partitions(), bounds);
    // Each node runs in the cut's partitions, or in fewer when its max_concurrency caps it below
    // them: nodes that run in as many partitions as the one before them share its job.
    int[] stagePartitions = new int[plan.steps().size()];
    StringBuilder recut = new StringBuilder();
    for (int s = 0; s < stagePartitions.length; s++) {
      stagePartitions[s] = cap(plan.steps().get(s)).filter(c -> c < cut.partitions()).orElse(cut.partitions());
      if (stagePartitions[s] < cut.partitions()) {
        recut.append(recut.length() == 0 ? "; for max_concurrency, node '" : ", node '")
            .append(plan.steps().get(s).node().name()).append("' runs in ").append(stagePartitions[s])
            .append(" partition").append(stagePartitions[s] == 1 ? "" : "s");
      }
    }
    ListLayout first = stagePartitions.length == 0 || stagePartitions[0] == cut.partitions() ? cut
        : new ListLayout(n, stagePartitions[0], cut.rule());
    boolean segmented = Arrays.stream(stagePartitions).anyMatch(p -> p != first.partitions());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    ReportAccumulator acc = new ReportAccumulator(plan.steps().size());
    sc.register(acc, "sparknodes.map");
    acc.listened(listener != MapListener.NONE);
    Progress.Sink sink = Progress.open(acc.id(), plan, listener);
    listener.onMapStart(n);
    try (ListMap.Shared shared = ListMap.share(inJvm ? columns : new Object[0][], k, first);
        ListMap.Shipments shipments = new ListMap.Shipments(jsc, bounds.maxBytesPerPartition())) {
      List<Object> elements = new ArrayList<>(first.partitions());
      for (int p = 0; p < first.partitions(); p++) {
        elements.add(inJvm ? (Object) p : ListMap.slice(columns, first, p));
      }
      Broadcast<?>[] sent = shipments.send(elements);
      JavaRDD<Object> source = jsc.parallelize(elements, first.partitions());
      long[] stageRows = new long[plan.steps().size()];
      List<Object> parts;
      if (!segmented) {
        Arrays.fill(stageRows, first.maxRows());
        parts = runPartitions(source, new ListMap.Whole(plan, acc, shared.id, sent));
      } else {
        parts = runSegments(jsc, plan, acc, shared, shipments, source, sent, inJvm, stagePartitions, stageRows);
      }
      Object[] out = inJvm ? shared.out : new Object[Math.multiplyExact(n, k)];
      long back = inJvm ? parts.stream().mapToLong(r -> (Long) r).sum() : ListMap.place(parts, out, k);
      if (back != n) {
        throw new IllegalStateException("the Spark job returned " + back + " of " + n + " items without an error (master "
            + sc.master() + ", serializer " + sc.getConf().get("spark.serializer", "java") + "): no result is returned");
      }
      ExecutionReport.Layout planned = plannedLayout(plan, first.partitions(), first.maxRows(), stageRows,
          cut.rule() + recut);
      ExecutionReport report = acc.toReport(plan, sc.master(),
          stagePartitions.length == 0 ? cut.partitions() : stagePartitions[stagePartitions.length - 1], planned);
      Progress.close(acc.id());
      sink.end(report);
      return MapResult.flat(plan.outputs(), out, report).withFailures(acc.failures(plan));
    } finally {
      Progress.close(acc.id());
    }
  }

  /**
   * Runs a list map whose nodes run in different numbers of partitions ({@code stagePartitions}, by
   * step) as one job per run of steps alike, so that a node's max_concurrency caps that node alone.
   * Between two jobs the rows, holding only the slots the later nodes read and the wanted outputs
   * ({@link ListMap.Stage}), wait on this JVM's heap ({@code local[N]}) or come back to the driver as
   * bytes we write, and are
   * cut again into the next job's partitions (a large one sent as a broadcast, {@link
   * ListMap.Shipments}, so that a capped node's few tasks stay small). A shuffle would move them too, but through {@code
   * spark.serializer}, which a list map never does ({@link ListMap}). Fills {@code stageRows}: the
   * most rows a partition of each step holds. Returns the last job's results, one per partition.
   *
   * <p>Measured on local[2] (10,000 strings; node a, then node b capped at 1; 3 ABBA blocks of JVMs,
   * the median of 40 maps each, against the coalescing it replaced, which ran a in one task too):
   * with a costing about 0.35 s of CPU a map, this took 0.63x the time (95% CI 0.58-0.68); with
   * both nodes trivial, a boundary's extra job cost about 15 ms a map (1.8x, CI 0.92-3.6).
   */
  private static List<Object> runSegments(JavaSparkContext jsc, Plan plan, ReportAccumulator acc,
      ListMap.Shared shared, ListMap.Shipments shipments, JavaRDD<Object> source,
      Broadcast<?>[] sent, boolean inJvm, int[] stagePartitions, long[] stageRows) {
    int steps = plan.steps().size();
    JavaRDD<Object> elements = source;
    ListLayout segment = shared.layout;
    ListMap.Rows rowsOf = new ListMap.Rows(plan, shared.id, ListMap.INPUT, segment, sent);
    int from = 0;
    for (int boundary = 0; ; boundary++) {
      int to = from + 1;
      while (to < steps && stagePartitions[to] == segment.partitions()) {
        to++;
      }
      long most = segment.maxRows();
      JavaRDD<Object[]> rdd = JavaRDD.fromRDD(PartitionsRDD.of(elements.rdd(), rowsOf, "sparknodes rows"), ROWS);
      for (int s = from; s < to; s++) {
        stageRows[s] = most;
        rdd = JavaRDD.fromRDD(PartitionsRDD.of(rdd.rdd(), new PartitionFunctions.Step(plan, s, acc, s == from),
            "sparknodes node " + plan.steps().get(s).node().name()), ROWS);
      }
      if (to == steps) {
        return runPartitions(rdd, new ListMap.Outputs(plan, acc, shared.id, inJvm));
      }
      if (inJvm) {
        shared.staged(boundary); // made here, before its job's tasks fill it
      }
      List<Object> staged = runPartitions(rdd, new ListMap.Stage(plan, shared.id, boundary, inJvm, to));
      shipments.release();
      if (boundary > 0) {
        shared.unstage(boundary - 1);
      }
      ListLayout next = new ListLayout(segment.items(), stagePartitions[to], "");
      List<Object> restaged = ListMap.restage(staged, next, inJvm);
      Broadcast<?>[] resent = shipments.send(restaged);
      elements = jsc.parallelize(restaged, next.partitions());
      rowsOf = new ListMap.Rows(plan, shared.id, boundary, next, resent);
      segment = next;
      from = to;
    }
  }

  private static final scala.reflect.ClassTag<Object[]> ROWS = scala.reflect.ClassTag$.MODULE$.apply(Object[].class);

  /** True when tasks run in this JVM: {@code local[N]}, whose only executor is the driver. */
  static boolean runsInThisJvm(String master) {
    return ClusterLayout.isLocal(master) && !master.startsWith("local-cluster");
  }

  /** What a map was planned to do: its partitions, and each node's batch_size capped by the rows a partition holds. */
  private static ExecutionReport.Layout plannedLayout(Plan plan, int partitions, long maxRows, long[] stageRows, String rule) {
    Map<String, Integer> batches = new LinkedHashMap<>();
    for (int s = 0; s < plan.steps().size(); s++) {
      Plan.Step step = plan.steps().get(s);
      batches.put(step.node().name(), step.batchWithin(stageRows[s]));
    }
    return new ExecutionReport.Layout(partitions, maxRows, batches, rule);
  }

  /** Runs {@code job} on every partition of {@code rdd} as the job's result function: one result per partition. */
  private static <T> List<Object> runPartitions(JavaRDD<T> rdd, ListMap.PartitionJob<T> job) {
    try {
      Object[] results = (Object[]) rdd.context().runJob(rdd.rdd(), job, scala.reflect.ClassTag$.MODULE$.AnyRef());
      return java.util.Arrays.asList(results);
    } catch (Exception e) { // SparkException is checked, and thrown without being declared
      throw unwrap(e);
    }
  }

  /** The node or stateful error behind a failed job (the job's failure added as suppressed). */
  static RuntimeException unwrap(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NodeExecutionException || t instanceof StatefulBuildException) {
        t.addSuppressed(e);
        return (RuntimeException) t;
      }
    }
    return e instanceof RuntimeException re ? re : new IllegalStateException("the Spark job failed: " + e.getMessage(), e);
  }

  /**
   * The column a Dataset map adds when a node records its failures ({@link Node.OnError#RECORD}):
   * null where the row succeeded, else its first failure ({@code node}, {@code exception}, {@code
   * message}). The report counts failures per node; the failures themselves stay in the Dataset,
   * so nothing is computed twice to find them.
   */
  public static final String FAILURE_COLUMN = "failure";

  /** The type of {@link #FAILURE_COLUMN}. */
  public static final StructType FAILURE_TYPE = new StructType()
      .add("node", DataTypes.StringType, false)
      .add("exception", DataTypes.StringType, false)
      .add("message", DataTypes.StringType, false);

  /**
   * Maps {@code pipeline} over the rows of {@code data}, lazily: input names are column names,
   * inputs that are not columns come from {@code constants}, and the wanted outputs come back as
   * new columns of the types the nodes declare ({@link io.sparknodes.pipeline.Node.Builder#returns}).
   * The report fills in as actions run the returned Dataset. The rows keep their order unless
   * nodes run in different numbers of partitions (a node's max_concurrency below the Dataset's
   * partitions, others not): each change of partitions is a shuffle.
   */
  public DatasetResult map(Pipeline pipeline, Dataset<Row> data, Map<String, ?> constants) {
    StructType schema = data.schema();
    List<String> columns = new ArrayList<>();
    for (String in : pipeline.inputs()) {
      if (!constants.containsKey(in) && List.of(schema.fieldNames()).contains(in)) {
        columns.add(in);
      }
    }
    Plan plan = Plan.forRows(pipeline, constants, columns, defaults);
    check(plan);
    StructType out = schema;
    for (Plan.Step step : plan.steps()) {
      if (!plan.outputs().contains(step.node().output())) {
        continue;
      }
      if (List.of(schema.fieldNames()).contains(step.node().output())) {
        throw new IllegalArgumentException("output '" + step.node().output() + "' of node '" + step.node().name()
            + "' is already a column of the Dataset");
      }
      ValueType type = step.node().outputType().orElseThrow(() -> new IllegalArgumentException("node '"
          + step.node().name() + "' must declare its output type to be mapped over a Dataset, e.g. .returns(String.class)"));
      out = out.add(new StructField(step.node().output(), toSpark(type), true, org.apache.spark.sql.types.Metadata.empty()));
    }
    // Outputs are emitted in plan.outputs() order; order the new fields the same way.
    StructType result = schema;
    for (String o : plan.outputs()) {
      result = result.add(out.apply(o));
    }
    boolean failureColumn = plan.steps().stream().anyMatch(st -> st.node().onError() == Node.OnError.RECORD);
    if (failureColumn) {
      if (List.of(schema.fieldNames()).contains(FAILURE_COLUMN)) {
        throw new IllegalArgumentException("the Dataset already has a column '" + FAILURE_COLUMN + "', where the failures"
            + " of nodes with OnError.RECORD go: rename it");
      }
      result = result.add(new StructField(FAILURE_COLUMN, FAILURE_TYPE, true, org.apache.spark.sql.types.Metadata.empty()));
    }
    int[] indexes = columns.stream().mapToInt(schema::fieldIndex).toArray();
    DataType[] types = columns.stream().map(c -> schema.apply(c).dataType()).toArray(DataType[]::new);
    ReportAccumulator acc = new ReportAccumulator(plan.steps().size());
    session.sparkContext().register(acc, "sparknodes.map");
    int source = data.rdd().getNumPartitions();
    ValueType[] outputTypes = plan.outputs().stream().map(o -> plan.steps().stream()
        .filter(st -> st.node().output().equals(o)).findFirst().orElseThrow().node().outputType().orElseThrow())
        .toArray(ValueType[]::new);
    // Each node runs in the Dataset's partitions, or in fewer when its max_concurrency caps it below them.
    int[] stagePartitions = plan.steps().stream()
        .mapToInt(st -> cap(st).filter(c -> c < source).orElse(source)).toArray();
    boolean segmented = Arrays.stream(stagePartitions).distinct().count() > 1;
    if (!segmented) {
      Dataset<Row> input = data;
      int partitions = stagePartitions.length == 0 ? source : stagePartitions[0];
      if (partitions < source) {
        input = input.coalesce(partitions);
      }
      Dataset<Row> mapped = input.mapPartitions(new DatasetSegment.Whole(plan, acc, indexes, types, outputTypes,
          failureColumn), Encoders.row(result));
      return new DatasetResult(mapped, plan, acc, session.sparkContext().master(), source, partitions,
          partitions < source ? ", coalesced to " + partitions + " for max_concurrency" : "");
    }
    // Nodes in different numbers of partitions: one run of nodes alike between two shuffles, so that
    // a node's max_concurrency caps that node alone (the rows' order is not kept across a shuffle).
    JavaRDD<Object> rdd = data.javaRDD().map(r -> (Object) r);
    if (stagePartitions[0] < source) {
      rdd = rdd.coalesce(stagePartitions[0]);
    }
    StringBuilder rule = new StringBuilder();
    int from = 0;
    while (true) {
      int to = from + 1;
      while (to < stagePartitions.length && stagePartitions[to] == stagePartitions[from]) {
        to++;
      }
      rule.append(from == 0 ? "; nodes " : ", then ").append(plan.steps().subList(from, to).stream()
          .map(st -> "'" + st.node().name() + "'").collect(java.util.stream.Collectors.joining(", ")))
          .append(" in ").append(stagePartitions[from]);
      rdd = rdd.mapPartitions(new DatasetSegment(plan, acc, indexes, types, outputTypes, failureColumn, from, to));
      if (to == stagePartitions.length) {
        break;
      }
      rdd = rdd.repartition(stagePartitions[to]);
      from = to;
    }
    rule.append(" partitions, a shuffle between (rows not kept in order), for max_concurrency");
    Dataset<Row> mapped = session.createDataFrame(rdd.map(o -> (Row) o), result);
    return new DatasetResult(mapped, plan, acc, session.sparkContext().master(), source,
        stagePartitions[stagePartitions.length - 1], rule.toString());
  }

  /** A lazily mapped Dataset and the report of what its actions did so far. */
  public static final class DatasetResult {
    private final Dataset<Row> dataset;
    private final Plan plan;
    private final ReportAccumulator acc;
    private final String master;
    private final int sourcePartitions;
    private final int partitions;
    private final String recut;

    DatasetResult(Dataset<Row> dataset, Plan plan, ReportAccumulator acc, String master, int sourcePartitions,
        int partitions, String recut) {
      this.dataset = dataset;
      this.plan = plan;
      this.acc = acc;
      this.master = master;
      this.sourcePartitions = sourcePartitions;
      this.partitions = partitions;
      this.recut = recut;
    }

    /** The mapped Dataset: the input's columns, then the outputs. Nothing has run yet. */
    public Dataset<Row> dataset() {
      return dataset;
    }

    /** What the actions run on {@link #dataset()} so far did. */
    public ExecutionReport report() {
      long rows = acc.maxTaskRows();
      long[] stageRows = new long[plan.steps().size()];
      // Rows of a Dataset's partitions are known once they have been read: batches can be capped by
      // them only as far as this report can tell (per run of nodes, where they ran in different tasks).
      for (int s = 0; s < stageRows.length; s++) {
        long held = acc.maxStepRows(s) > 0 ? acc.maxStepRows(s) : rows;
        stageRows[s] = held == 0 ? Long.MAX_VALUE : held;
      }
      String rule = "the Dataset's " + sourcePartitions + " partitions" + recut;
      return acc.toReport(plan, master, partitions, plannedLayout(plan, sourcePartitions, rows, stageRows, rule));
    }
  }

  static DataType toSpark(ValueType type) {
    if (type instanceof ValueType.ListOf l) {
      return DataTypes.createArrayType(toSpark(l.element()), true);
    }
    if (type instanceof ValueType.MapOf m) {
      return DataTypes.createMapType(toSpark(m.key()), toSpark(m.value()), true);
    }
    Class<?> c = ((ValueType.Scalar) type).type();
    Map<Class<?>, DataType> scalars = new LinkedHashMap<>();
    scalars.put(String.class, DataTypes.StringType);
    scalars.put(Integer.class, DataTypes.IntegerType);
    scalars.put(Long.class, DataTypes.LongType);
    scalars.put(Double.class, DataTypes.DoubleType);
    scalars.put(Float.class, DataTypes.FloatType);
    scalars.put(Boolean.class, DataTypes.BooleanType);
    scalars.put(Short.class, DataTypes.ShortType);
    scalars.put(Byte.class, DataTypes.ByteType);
    return scalars.get(c);
  }

  /** Stops the session if this engine started it; a session made by someone else is left running. */
  @Override
  public void close() {
    if (owned) {
      LOG.debug("stopping the session this engine started ({})", session.sparkContext().master());
      session.stop();
    }
  }

  /**
   * Starts an embedded session with the optimal settings of a sweep's {@code profile.json} ({@link
   * ExecutionConfig#fromProfile(java.nio.file.Path)}); {@link #close} stops it.
   *
   * @throws IllegalArgumentException naming the file and the key, for a missing or bad profile
   */
  public static SparkEngine start(java.nio.file.Path profile) {
    return start(ExecutionConfig.fromProfile(profile));
  }
}
