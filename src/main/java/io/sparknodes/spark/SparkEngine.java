package io.sparknodes.spark;

import io.sparknodes.pipeline.Engine;
import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.ExecutionReport;
import io.sparknodes.pipeline.MapListener;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.NodeCache;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.internal.Plan;
import io.sparknodes.spark.internal.SparkSettings;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
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
 *
 * <p>This class is the API; the work is done by package-private classes: {@link SessionStart}
 * (the session's settings, start-up and executors), {@link ListMap} (list maps) and {@link
 * DatasetMap} ({@code Dataset} maps), on what {@link EngineSession} holds.
 */
public final class SparkEngine implements Engine, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SparkEngine.class);

  private final EngineSession on;
  private final boolean owned;

  /**
   * An engine on a session its caller made (spark-submit, a notebook, a test fixture); the engine
   * never stops it. {@code defaults} must be honourable by that session (see the class doc).
   */
  public SparkEngine(SparkSession session, ExecutionConfig defaults) {
    this(session, defaults, false);
  }

  private SparkEngine(SparkSession session, ExecutionConfig defaults, boolean owned) {
    this(session, defaults, owned, MapListener.NONE, null);
  }

  private SparkEngine(SparkSession session, ExecutionConfig defaults, boolean owned, MapListener listener,
      NodeCache cache) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(defaults, "defaults");
    this.owned = owned;
    Objects.requireNonNull(listener, "listener");
    if (!owned) {
      SessionStart.awaitClusterExecutors(session.sparkContext());
    }
    ClusterLayout layout = ClusterLayout.of(session.sparkContext());
    SessionStart.watchApplicationEnd(session.sparkContext());
    this.on = new EngineSession(session, defaults, layout, listener, cache);
    on.checkHonourable("the engine", defaults);
  }

  /** The Spark setting in which {@code scripts/submit --profile} names the profile file. */
  public static final String PROFILE = io.sparknodes.config.SparkKeys.PROFILE;
  /** The Spark setting in which {@code scripts/submit --profile --use-case} names its configuration. */
  public static final String PROFILE_USE_CASE = io.sparknodes.config.SparkKeys.PROFILE_USE_CASE;

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
    return SessionStart.submittedProfile(session);
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
    return new SparkEngine(SessionStart.start(defaults, master), defaults, true);
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

  /** The Spark settings {@link #start} gives a session laid out for {@code defaults} ({@link SessionStart}). */
  static SparkConf sparkConf(ExecutionConfig defaults, Optional<String> master) {
    return SessionStart.sparkConf(defaults, master);
  }

  /**
   * This engine on the same session, telling {@code listener} of each list map while it runs
   * ({@link Progress}); the copy never stops the session.
   */
  public SparkEngine withListener(MapListener listener) {
    return new SparkEngine(on.session(), on.defaults(), false, listener, on.cache());
  }

  /**
   * This engine on the same session, looking each node's items up in {@code cache} first and
   * computing only the items it misses, which it then stores ({@link NodeCache}): a list map ships
   * only the items the driver does not find whole in the cache, and a {@code Dataset} map's
   * executors look its rows up themselves, with the session's Hadoop settings ({@code
   * spark.hadoop.*}: give the cache an {@code hdfs://} or {@code s3a://} location on a cluster, so
   * that every executor shares it). The copy never stops the session.
   */
  public SparkEngine withCache(NodeCache cache) {
    return new SparkEngine(on.session(), on.defaults(), false, on.listener(), java.util.Objects.requireNonNull(cache, "cache"));
  }

  @Override
  public Optional<NodeCache> cache() {
    return Optional.ofNullable(on.cache());
  }

  /** The session this engine runs on. */
  public SparkSession session() {
    return on.session();
  }

  /** The executors of the session: what it can honour. */
  public ClusterLayout layout() {
    return on.layout();
  }

  @Override
  public ExecutionConfig defaults() {
    return on.defaults();
  }

  @Override
  public MapResult map(Pipeline pipeline, Map<String, ?> inputs, List<String> mapOver) {
    return ListMap.map(on, pipeline, inputs, mapOver);
  }

  /**
   * The column a Dataset map adds when a node records its failures ({@link
   * io.sparknodes.pipeline.Node.OnError#RECORD}): null where the row succeeded, else its first
   * failure ({@code node}, {@code exception}, {@code message}). The report counts failures per
   * node; the failures themselves stay in the Dataset, so nothing is computed twice to find them.
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
    return DatasetMap.map(on, pipeline, data, constants);
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
      return acc.toReport(plan, master, partitions,
          ReportAccumulator.plannedLayout(plan, sourcePartitions, rows, stageRows, rule));
    }
  }

  /** Stops the session if this engine started it; a session made by someone else is left running. */
  @Override
  public void close() {
    if (owned) {
      LOG.debug("stopping the session this engine started ({})", on.session().sparkContext().master());
      on.session().stop();
    }
  }
}
