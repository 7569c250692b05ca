package io.sparknodes.tuning;

import io.sparknodes.pipeline.Engine;
import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.internal.MemoryWatch;
import io.sparknodes.pipeline.ExecutionReport;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.results.Status;
import io.sparknodes.workloads.Workload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the points of one group in one application: warm-up rounds, then measured rounds, each
 * round in a seeded shuffled order so that drift (JIT, caches, a neighbour's load) spreads over all
 * points instead of favouring one. The group's first run (application start, stateful build, first
 * job) is a cold run on top of the others, recorded apart. Warm-up runs at least the grid's {@code
 * warmup} rounds, and goes on while the rounds still get faster ({@link #warmup}), for at
 * most {@link #MAX_WARMUP_SECONDS} (a group stopped by that cap is flagged), so that the samples
 * measure the steady state, not the JIT's progress. Warm-up calibrates each point's loops,
 * as pyperf's {@code calibrate_loops} does: the smallest power of two of back-to-back maps that
 * makes one sample last at least the grid's {@code min_sample_seconds}, never lowered once raised;
 * a sample is then the mean time of one map over its loops. Every map is checked by the workload;
 * a point whose map throws or fails its check is recorded as FAILED and dropped, and the others go
 * on. Each map is a Spark job described by its point, phase, sample and loop.
 */
final class GroupRunner {
  private static final Logger LOG = LoggerFactory.getLogger(GroupRunner.class);

  /** Hears what the runner does. */
  interface Listener {
    void runStarting(Point point, String phase, int round);

    void pointFinished(PointResult result);
  }

  private final Backend backend;
  private final Workload workload;
  private final List<?> items;
  private final int warmup;
  private final int repeats;
  private final long seed;
  private WarmupBudget budget;
  private final double minSampleSeconds;
  private Map<String, Integer> fixedLoops = Map.of();
  private Map<String, Integer> startLoops = Map.of();
  /** The application the group continues in, already open and warm ({@link #warmToContinue}); null: it starts its own. */
  private Backend.Session continued;

  /** The most loops a sample may take. */
  static final int MAX_LOOPS = 4096;

  /** A runner whose backend starts the group's own application, laid out for its points. */
  GroupRunner(Backend backend, Workload workload, List<?> items, int warmup, int repeats, long seed) {
    this(backend, workload, items, warmup, repeats, seed, 0.0);
  }

  /**
   * A runner whose warm-up calibrates loops so that a sample lasts at least {@code
   * minSampleSeconds} (0: one map per sample).
   */
  GroupRunner(Backend backend, Workload workload, List<?> items, int warmup, int repeats, long seed,
      double minSampleSeconds) {
    this.minSampleSeconds = minSampleSeconds;
    this.backend = backend;
    this.workload = workload;
    this.items = items;
    this.warmup = warmup;
    this.repeats = repeats;
    this.seed = seed;
  }

  /**
   * Runs the points with these ids at these loops, without calibrating them (a group's later
   * application reuses its first one's loops, so that every sample of a point is alike).
   */
  GroupRunner fixLoops(Map<String, Integer> loops) {
    this.fixedLoops = Map.copyOf(loops);
    return this;
  }

  /**
   * Draws this group's warm-up from {@code budget}, shared with the other groups of its JVM (the
   * shared design): the JVM warms once, so a later group gets what the earlier ones left. Without
   * it, a group's warm-up has {@link #MAX_WARMUP_SECONDS} of its own.
   */
  GroupRunner shareWarmup(WarmupBudget budget) {
    this.budget = budget;
    return this;
  }

  /**
   * The seconds of warm-up a JVM may spend over its groups while their maps still get faster.
   * Measured on the seed grid's thread groups (2 cores, heap fixed): a cold JVM's sum of map times
   * over a group's points fell steeply for about 15 s and then drifted down by a further third until
   * about 40 s, with one C2 compiler thread busy throughout (JFR); once warm, a later group levelled
   * off in the rule's first rounds.
   */
  static final class WarmupBudget {
    private final double seconds;
    private double spent;

    WarmupBudget(double seconds) {
      this.seconds = seconds;
    }

    /** What is left of the budget. */
    double left() {
      return Math.max(0, seconds - spent);
    }

    void spend(double s) {
      spent += s;
    }

    /**
     * The cap of the next group's warm-up: what is left, but at least {@link #LATER_GROUP_SECONDS}.
     * A group that comes after the budget is spent still gets the rounds to show whether it is
     * steady, and is flagged only if it is not: with none left it ran only the grid's two rounds,
     * which the rule cannot judge, so every such group was flagged (the seed grid, seed 42: five of
     * the six later thread groups of its two thread JVMs), while a later group in a warm JVM levels
     * off within a few rounds. The least is {@link #LATER_GROUP_SECONDS}.
     */
    double cap() {
      return Math.max(left(), LATER_GROUP_SECONDS);
    }
  }

  /**
   * The least warm-up cap of a group in a shared JVM, see {@link WarmupBudget#cap}: a new
   * SparkContext in a warm JVM starts 1.2-1.7x slower and is back at the JVM's level after 7-15 s
   * (measured, one thread group's six points on 2 cores). With 10 s, later thread groups of the seed
   * grid were still getting faster at the cap and flagged (two of its four thread groups, seed 42);
   * with 15 s no later group of threads was, in two runs (seeds 42 and 7: 471 s and 446 s of wall
   * time, against 468 s and 470 s). A fresh thread JVM's first group can still be flagged: the JVM
   * itself may still get faster after its budget and that group's 15 s (seed 7, both JVMs).
   */
  static final double LATER_GROUP_SECONDS = 15;

  /** The warm-up budget of a JVM under the shared design (see {@link WarmupBudget}). */
  static final double SHARED_WARMUP_SECONDS = 45;

  /**
   * The phase of a point's memory probe: one untimed, checked map during which collections are
   * forced while its batches run ({@link MemoryWatch#PROBE}); only its retained heap is kept.
   */
  static final String PROBE = "memory probe";
  /** The phase of the application's first map. */
  static final String COLD = "cold";
  /** The phase of the warm-up rounds (and loop calibration). */
  static final String WARMUP = "warm-up";
  /** The phase of the measured samples. */
  static final String MEASURE = "measure";

  private static final class State {
    final Point point;
    final List<Double> warm = new ArrayList<>();
    final List<ExecutionReport> reports = new ArrayList<>();
    // Memory of the measured maps only: bytes allocated per item per sample, retained heap per JVM.
    final List<Double> allocated = new ArrayList<>();
    final Map<String, Long> retained = new LinkedHashMap<>();
    OptionalDouble cold = OptionalDouble.empty();
    int loops = 1;
    double warmupSeconds;
    /** Why the point failed; null while it has not. */
    String error;
    boolean failed;
    Instant started;

    State(Point point) {
      this.point = point;
    }
  }

  /** Runs {@code points} (one group) and reports each as it finishes. */
  void run(List<Point> points, Listener listener) {
    if (points.isEmpty()) {
      return;
    }
    Map<String, State> states = states(points);
    long t0 = System.nanoTime();
    Backend.Session session;
    try {
      session = continued != null ? continued : backend.open(points.get(0).applicationConfig());
    } catch (RuntimeException e) {
      for (State s : states.values()) {
        s.failed = true;
        s.error = "the group's application did not start: " + e.getMessage();
        s.started = Instant.now();
        listener.pointFinished(result(s, Optional.empty(), Optional.empty(), List.of()));
      }
      return;
    }
    try (session) {
      double startup = (System.nanoTime() - t0) / 1e9;
      Map<String, Object> constants = workload.constants();
      Map<String, Object> inputs = workload.inputs(items, constants);
      io.sparknodes.pipeline.Pipeline pipeline = workload.pipeline();
      String[] mapOver = workload.mappedInputs().toArray(String[]::new);
      LOG.debug("{}: application open in {} s, inputs ready {} s after", points.get(0).applicationKey(),
          String.format("%.2f", startup), String.format("%.2f", (System.nanoTime() - t0) / 1e9 - startup));
      // The cold run comes first and on top: application start, stateful build, first job (none in
      // an application the JVM's warm-up already ran this group in).
      if (continued == null) {
        List<State> coldOrder = new ArrayList<>(states.values());
        Collections.shuffle(coldOrder, new Random(seed * 1_000_003L - 1));
        State coldPoint = coldOrder.get(0);
        OptionalDouble cold = runOnce(coldPoint, session, pipeline, inputs, mapOver, COLD, 1, 1, listener);
        if (cold.isPresent()) {
          coldPoint.cold = OptionalDouble.of(startup + cold.getAsDouble());
        }
      }
      // Warm-up rounds: at least the grid's, then on while the JVMs still get faster (steady state).
      WarmupRun warmed = warmUp(states, session, pipeline, inputs, mapOver, listener,
          budget == null ? MAX_WARMUP_SECONDS : budget.cap(), points.get(0));
      Warmup warmupEnd = warmed.end();
      int warmupRoundsRun = warmed.rounds();
      for (int r = 0; r < repeats; r++) {
        List<State> order = new ArrayList<>(states.values());
        Collections.shuffle(order, new Random(seed * 1_000_003L + warmupRoundsRun + r));
        for (State s : order) {
          runOnce(s, session, pipeline, inputs, mapOver, MEASURE, r + 1, s.loops, listener)
              .ifPresent(s.warm::add);
        }
      }
      // One untimed, checked map per point as a memory probe: full collections forced while its
      // batches run, so that every point gets a retained-heap figure (see MemoryWatch.PROBE). Once
      // per point: in its group's first application (a later one reuses the first one's loops).
      for (State s : states.values()) {
        if (!fixedLoops.containsKey(s.point.id())) {
          runOnce(s, session, pipeline, inputs, mapOver, PROBE, 1, 1, listener);
        }
      }
      List<String> groupFlags = new ArrayList<>(groupFlags(states.values()));
      if (warmupEnd == Warmup.CAPPED) {
        groupFlags.add(WARMUP_CAPPED_FLAG);
      }
      for (State s : states.values()) {
        listener.pointFinished(result(s, Optional.of(session.master()), Optional.of(session.version()), groupFlags));
      }
    }
  }

  /** Each point's state, at its fixed loops, else those it starts from, else one. */
  private Map<String, State> states(List<Point> points) {
    Map<String, State> states = new LinkedHashMap<>();
    points.forEach(p -> {
      State s = new State(p);
      s.loops = fixedLoops.getOrDefault(p.id(), startLoops.getOrDefault(p.id(), 1));
      states.put(p.id(), s);
    });
    return states;
  }

  /** How a group's warm-up went: the rounds it ran and how it ended. */
  private record WarmupRun(int rounds, Warmup end) {}

  /**
   * Warm-up rounds over {@code states} until the rule ({@link #warmup}) ends them within {@code
   * capSeconds}, calibrating the loops of the points whose loops are not fixed; the time is drawn
   * from the budget, if any.
   */
  private WarmupRun warmUp(Map<String, State> states, Backend.Session session, io.sparknodes.pipeline.Pipeline pipeline,
      Map<String, Object> inputs, String[] mapOver, Listener listener, double capSeconds, Point first) {
    List<Double> warmupRounds = new ArrayList<>();
    int round = 0;
    long warmupStart = System.nanoTime();
    Warmup end;
    while ((end = warmup(warmup, warmupRounds, (System.nanoTime() - warmupStart) / 1e9, capSeconds))
        == Warmup.CONTINUE) {
      List<State> order = new ArrayList<>(states.values());
      Collections.shuffle(order, new Random(seed * 1_000_003L + round));
      double roundSeconds = 0;
      for (State s : order) {
        OptionalDouble perMap = runOnce(s, session, pipeline, inputs, mapOver, WARMUP, round + 1, s.loops, listener);
        if (perMap.isEmpty()) {
          continue;
        }
        roundSeconds += perMap.getAsDouble();
        s.warmupSeconds += perMap.getAsDouble() * s.loops;
        if (!fixedLoops.containsKey(s.point.id())) {
          s.loops = calibratedLoops(s.loops, perMap.getAsDouble(), minSampleSeconds);
        }
      }
      warmupRounds.add(roundSeconds);
      round++;
      LOG.debug("{}: warm-up round {}: {} s a map summed over the points, {} s into warm-up",
          first.applicationKey(), round, String.format("%.4f", roundSeconds),
          String.format("%.1f", (System.nanoTime() - warmupStart) / 1e9));
    }
    if (budget != null) {
      budget.spend((System.nanoTime() - warmupStart) / 1e9);
    }
    return new WarmupRun(round, end);
  }

  /**
   * Warms the JVM on {@code points} (one group) before any group of it is measured: the group's
   * application is started, its first map run, then warm-up rounds until the rule says steady or
   * {@code capSeconds} are spent (drawn from the budget, if any), and the application is stopped.
   * Nothing is measured or reported but the runs' starts (as warm-up), and the application writes no
   * Spark event log; a map that fails is left for
   * the group's own run to report. Returns the calibrated loops of the points, which the group's
   * own run starts from ({@link #startLoops}).
   */
  Map<String, Integer> warmJvm(List<Point> points, Listener listener, double capSeconds) {
    if (points.isEmpty()) {
      return Map.of();
    }
    // A warm-up application is no group's: it writes no Spark event log (--event-log keeps one a group).
    ExecutionConfig noEventLog = ExecutionConfig.builder().spark("spark.eventLog.enabled", "false").build();
    try (Backend.Session session = backend.open(noEventLog.overriding(points.get(0).applicationConfig()))) {
      return warmJvmIn(session, points, listener, capSeconds);
    } catch (RuntimeException e) {
      LOG.debug("{}: the JVM's warm-up application did not start: {}", points.get(0).applicationKey(), e.toString());
      return Map.of();
    }
  }

  /**
   * {@link #warmJvm} on the group this runner then measures, in that group's own application, which
   * is not stopped: {@link #run} continues in it, with no start and no cold run (its first map would
   * not be cold), and closes it when the group ends. The group measured first in a JVM warms last,
   * so that it need not warm again in a new SparkContext (7-15 s measured). When the application
   * does not start, {@link #run} starts its own and reports why.
   */
  GroupRunner warmToContinue(List<Point> points, Listener listener, double capSeconds) {
    if (points.isEmpty()) {
      return this;
    }
    Backend.Session session;
    try {
      session = backend.open(points.get(0).applicationConfig());
    } catch (RuntimeException e) {
      LOG.debug("{}: the group's application did not start for its warm-up: {}", points.get(0).applicationKey(),
          e.toString());
      return this;
    }
    startLoops(warmJvmIn(session, points, listener, capSeconds));
    continued = session;
    return this;
  }

  /** The warm-up of {@link #warmJvm} in {@code session}, which the caller closes. */
  private Map<String, Integer> warmJvmIn(Backend.Session session, List<Point> points, Listener listener,
      double capSeconds) {
    Map<String, State> states = states(points);
    try {
      Map<String, Object> inputs = workload.inputs(items, workload.constants());
      io.sparknodes.pipeline.Pipeline pipeline = workload.pipeline();
      String[] mapOver = workload.mappedInputs().toArray(String[]::new);
      for (State s : states.values()) {
        runOnce(s, session, pipeline, inputs, mapOver, WARMUP, 0, 1, listener);
      }
      WarmupRun run = warmUp(states, session, pipeline, inputs, mapOver, listener, capSeconds, points.get(0));
      LOG.debug("{}: the JVM's warm-up on this group ended {} after {} round(s)", points.get(0).applicationKey(),
          run.end(), run.rounds());
    } catch (RuntimeException e) {
      LOG.debug("{}: the JVM's warm-up on this group stopped: {}", points.get(0).applicationKey(), e.toString());
    }
    Map<String, Integer> loops = new LinkedHashMap<>();
    states.values().forEach(s -> loops.put(s.point.id(), s.loops));
    return loops;
  }

  /**
   * Starts the points with these ids at these loops, still calibrated (never lowered): the loops
   * a JVM's warm-up found ({@link #warmJvm}).
   */
  GroupRunner startLoops(Map<String, Integer> loops) {
    this.startLoops = Map.copyOf(loops);
    return this;
  }

  /** The most warm-up rounds a group's application runs while its maps still get faster. */
  static final int MAX_WARMUP_ROUNDS = 60;

  /**
   * The longest an application's warm-up goes on past the grid's {@code warmup} rounds while its
   * maps still get faster; a group stopped by it is flagged. Measured on the seed grid (2 cores,
   * loaded): about 15-25 s of warm-up for a group of threads, but 138 s for 8 executor JVMs
   * (each compiles Spark's executor code itself) that had still not levelled off after 12 rounds.
   */
  static final double MAX_WARMUP_SECONDS = 20;

  /**
   * The flag of a point whose application's warm-up stopped at its cap. One text whatever the
   * rounds run, so that a point's applications that each hit the cap show it once.
   */
  static final String WARMUP_CAPPED_FLAG = "warm-up stopped at its cap (" + MAX_WARMUP_ROUNDS + " rounds, or "
      + (int) MAX_WARMUP_SECONDS + " s a group; " + (int) SHARED_WARMUP_SECONDS + " s a JVM under the shared design, at least "
      + (int) LATER_GROUP_SECONDS + " s a group)"
      + " while the maps still got faster: the samples may hold a warm-up trend";

  /** How much faster than every earlier round one of the latest rounds must be for warm-up to go on. */
  static final double WARMING = 0.05;

  /** The latest rounds compared with the earlier ones: a pause of two rounds does not end warm-up. */
  static final int PATIENCE = 3;

  /**
   * Whether warm-up goes on after these rounds (each the sum over the group's points of the mean
   * seconds of one map), {@code elapsedSeconds} into it: at least {@code minRounds} (the grid's
   * {@code warmup}; 0 is none at all), then on while the fastest of the last {@link #PATIENCE} rounds
   * beats every earlier round by more than {@link #WARMING}, at most {@link #MAX_WARMUP_ROUNDS}
   * rounds or {@link #MAX_WARMUP_SECONDS}.
   *
   * <p>Measured on the seed grid's group (use_process=false, max_concurrency=2; 2 cores): the sum
   * over its 6 points of one map's time fell from about 0.8 s in the first round to 0.13-0.16 s in
   * the tenth to twelfth, in each of ten applications, with or without {@code
   * -XX:CompileThresholdScaling=0.1} and with a fixed heap: the JIT compilers' backlog of Spark's
   * per-job and per-task code competes with the maps for the 2 cores for about ten seconds. Two
   * warm-up rounds (the seed grid's {@code warmup}) measured that trend, not noise (CVs of 46-62%
   * within one application, against 2-17% after this warm-up); in four of ten applications the
   * rounds paused for one or two rounds in the middle of it, hence the patience of three.
   */
  static Warmup warmup(int minRounds, List<Double> roundSeconds, double elapsedSeconds) {
    return warmup(minRounds, roundSeconds, elapsedSeconds, MAX_WARMUP_SECONDS);
  }

  /** {@link #warmup(int, List, double)} with a cap of {@code capSeconds} instead of {@link #MAX_WARMUP_SECONDS}. */
  static Warmup warmup(int minRounds, List<Double> roundSeconds, double elapsedSeconds, double capSeconds) {
    int n = roundSeconds.size();
    if (n < minRounds) {
      return Warmup.CONTINUE;
    }
    if (minRounds == 0 || !improving(roundSeconds)) {
      return Warmup.STEADY;
    }
    return n >= MAX_WARMUP_ROUNDS || elapsedSeconds >= capSeconds ? Warmup.CAPPED : Warmup.CONTINUE;
  }

  /** What the warm-up rule says after a round. */
  enum Warmup {
    /** Another round: fewer than the grid's rounds, or the maps still get faster. */
    CONTINUE,
    /** The maps have levelled off (or the grid asked for no warm-up): measure. */
    STEADY,
    /** Still getting faster at {@link #MAX_WARMUP_ROUNDS} or {@link #MAX_WARMUP_SECONDS}: measure, and flag it. */
    CAPPED
  }

  /** Whether the rounds still get faster: the fastest of the last {@link #PATIENCE} beats every earlier one by {@link #WARMING}. */
  static boolean improving(List<Double> roundSeconds) {
    int n = roundSeconds.size();
    if (n <= PATIENCE) {
      return true;
    }
    double latest = roundSeconds.subList(n - PATIENCE, n).stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double earlier = roundSeconds.subList(0, n - PATIENCE).stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    return latest < (1 - WARMING) * earlier;
  }

  /**
   * The loops of the next samples: the smallest power of two times {@code loops} whose maps of
   * {@code perMap} seconds last at least {@code minSampleSeconds}, at most {@link #MAX_LOOPS}, and
   * never fewer than {@code loops}.
   */
  static int calibratedLoops(int loops, double perMap, double minSampleSeconds) {
    int next = loops;
    while (next < MAX_LOOPS && next * perMap < minSampleSeconds) {
      next *= 2;
    }
    return Math.min(next, MAX_LOOPS);
  }

  /** The description of one map's Spark job: its point, phase, sample and loop. */
  static String jobDescription(Point point, String phase, int round, int loop, int loops) {
    return "sparknodes sweep: " + point.id() + " | " + phase + " " + round + " | loop " + loop + "/" + loops;
  }

  /**
   * One sample of a point: {@code loops} checked maps back to back; the mean seconds of one map
   * (checks not timed), or empty when one failed (the point is then marked failed).
   */
  private OptionalDouble runOnce(State s, Backend.Session session, io.sparknodes.pipeline.Pipeline pipeline,
      Map<String, Object> inputs, String[] mapOver, String phase, int round, int loops, Listener listener) {
    if (s.failed) {
      return OptionalDouble.empty();
    }
    if (s.started == null) {
      s.started = Instant.now();
    }
    listener.runStarting(s.point, phase, round);
    session.setRuntime(s.point.runtimeSettings());
    boolean probe = phase.equals(PROBE);
    Engine engine = session.engine(probe
        ? ExecutionConfig.builder().spark(MemoryWatch.PROBE, "true").build().overriding(s.point.config())
        : s.point.config());
    double total = 0;
    for (int loop = 1; loop <= loops; loop++) {
      session.describe(jobDescription(s.point, phase, round, loop, loops));
      long start = System.nanoTime();
      MapResult result;
      try {
        result = pipeline.withEngine(engine).map(inputs, mapOver);
      } catch (RuntimeException e) {
        s.failed = true;
        s.error = probe ? "the memory probe's map failed: " + e : e.toString();
        return OptionalDouble.empty();
      }
      total += (System.nanoTime() - start) / 1e9;
      Optional<String> problem = workload.check(items, result);
      if (problem.isPresent()) {
        s.failed = true;
        s.error = (probe ? "the output of the memory probe's map" : "the output") + " failed the workload's check: "
            + problem.get();
        return OptionalDouble.empty();
      }
      boolean measured = phase.equals(MEASURE);
      if (measured || probe) {
        // The heap after a collection can show in any loop: keep the largest, per JVM.
        result.report().retainedHeapBytes().forEach((jvm, bytes) -> s.retained.merge(jvm, bytes, Math::max));
      }
      if (loop == 1 && !probe) {
        s.reports.add(result.report());
        if (measured) {
          result.report().allocatedBytesPerItem().ifPresent(s.allocated::add);
        }
      }
    }
    return OptionalDouble.of(total / loops);
  }

  private PointResult result(State s, Optional<String> master, Optional<String> version, List<String> groupFlags) {
    Optional<Observation> obs = observe(s.reports, s.allocated, s.retained);
    List<String> flags = new ArrayList<>();
    if (!s.failed && obs.isPresent()) {
      flags.addAll(Flags.of(s.point, obs.get()));
      flags.addAll(groupFlags);
    }
    Instant now = Instant.now();
    return new PointResult(s.point.id(), s.point.index(), s.point.params(), s.failed ? Status.FAILED : Status.OK,
        Optional.ofNullable(s.error), s.cold, s.warm, s.loops,
        s.warmupSeconds > 0 ? OptionalDouble.of(s.warmupSeconds) : OptionalDouble.empty(),
        obs.map(Observation::observed), obs.flatMap(Observation::memory), flags, master, version,
        s.started == null ? now : s.started, now);
  }

  private static Optional<Observation> observe(List<ExecutionReport> reports, List<Double> allocatedPerItem,
      Map<String, Long> retained) {
    if (reports.isEmpty()) {
      return Optional.empty();
    }
    int partitions = 0;
    long tasks = 0;
    long batches = 0;
    int min = Integer.MAX_VALUE;
    int max = 0;
    long partitionRows = Long.MAX_VALUE;
    int inputPartitions = 0;
    Set<String> executors = new HashSet<>();
    Set<String> jvms = new HashSet<>();
    boolean inDriver = false;
    int built = 0;
    long driverPid = ProcessHandle.current().pid();
    for (ExecutionReport r : reports) {
      partitions = Math.max(partitions, r.partitions());
      tasks += r.tasks();
      ExecutionReport.BatchStats first = r.batches().values().iterator().next();
      batches += first.count();
      min = Math.min(min, first.min());
      max = Math.max(max, first.max());
      partitionRows = Math.min(partitionRows, r.layout().maxRowsPerPartition());
      inputPartitions = Math.max(inputPartitions, r.layout().partitions());
      for (ExecutionReport.ExecutorRef e : r.executors()) {
        executors.add(e.id());
        jvms.add(e.host() + ":" + e.pid());
        inDriver |= e.pid() == driverPid;
      }
      built += r.instancesBuilt().values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
    }
    double[] perItem = allocatedPerItem.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    OptionalDouble allocated = perItem.length == 0 ? OptionalDouble.empty()
        : OptionalDouble.of(perItem.length % 2 == 1 ? perItem[perItem.length / 2]
            : (perItem[perItem.length / 2 - 1] + perItem[perItem.length / 2]) / 2);
    long heap = retained.values().stream().mapToLong(Long::longValue).max().orElse(0);
    return Optional.of(new Observation(partitions, tasks, batches, min == Integer.MAX_VALUE ? 0 : min, max,
        partitionRows, inputPartitions, executors.size(), jvms.size(), inDriver, built, allocated,
        heap > 0 ? OptionalLong.of(heap) : OptionalLong.empty(), retained.size()));
  }

  /** Stateful instances must be built once per executor over the whole application. */
  private static List<String> groupFlags(Iterable<State> states) {
    Map<String, Integer> builtPerInput = new LinkedHashMap<>();
    Set<String> executors = new HashSet<>();
    for (State s : states) {
      for (ExecutionReport r : s.reports) {
        r.executors().forEach(e -> executors.add(e.id()));
        r.instancesBuilt().forEach((input, perExec) ->
            builtPerInput.merge(input, perExec.values().stream().mapToInt(Integer::intValue).sum(), Integer::sum));
      }
    }
    List<String> flags = new ArrayList<>();
    builtPerInput.forEach((input, built) -> {
      if (built > executors.size()) {
        flags.add("stateful input '" + input + "' was built " + built + " times for " + executors.size()
            + " executor(s) in this application: expected once per executor");
      }
    });
    return flags;
  }
}
