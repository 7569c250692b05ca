package io.sparknodes.tuning;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.config.Knobs;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.internal.Plan;
import io.sparknodes.results.ApplicationTime;
import io.sparknodes.results.Environment;
import io.sparknodes.results.GridInfo;
import io.sparknodes.results.Results;
import io.sparknodes.results.StopReason;
import io.sparknodes.results.Trial;
import io.sparknodes.results.TunedProfile;
import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.format.ResultsJson;
import io.sparknodes.workloads.Workload;
import io.sparknodes.workloads.Workloads;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a grid: one Spark application per group (use_process, max_concurrency, and any setting that
 * needs a new application), each in its own child JVM, which also gives process mode its
 * SPARK_HOME and keeps groups from sharing JIT or executor state. Every finished point is appended
 * to {@code results.json} at once, atomically, so a sweep that dies can be resumed without redoing
 * a finished point. A run that exceeds the grid's time limit is recorded as a timeout: its child JVM
 * (and its executors) is killed and the group's other points go on in a new one.
 *
 * <p>This class is the order of things: balanced passes over the groups (A B C ... C B A), then
 * racing. Its parts: {@link OutputFolder} (the files), {@link ChildLauncher} (a group's command
 * line), {@link ChildSession} (one group's JVM, its events and deadlines), {@link ChildProtocol}
 * (what the sweep and the JVM say to each other), {@link TrialRecorder} (merging trials into the
 * results and writing them). Defaults are {@link SweepDefaults}'.
 */
public final class Sweep {
  private static final Logger LOG = LoggerFactory.getLogger(Sweep.class);

  /**
   * How to run a sweep; made by {@link #builder(Path)}.
   *
   * <pre>{@code
   * Sweep.Options options = Sweep.Options.builder(Path.of("results/run-1"))
   *     .childMainClass("io.sparknodes.cli.GroupMain")
   *     .items(List.of("a text", "another"))
   *     .build();
   * }</pre>
   */
  public static final class Options {
    private final Path outDir;
    private final boolean resume;
    private final Optional<List<String>> items;
    private final Optional<io.sparknodes.results.InputInfo> input;
    private final Optional<String> master;
    private final String childMainClass;
    private final List<String> childJvmOptions;
    private final Map<String, String> sparkProperties;
    private final Duration startAllowance;
    private final List<Path> jars;

    private Options(Builder b) {
      this.outDir = b.outDir;
      this.resume = b.resume;
      this.items = b.items;
      if (b.inputFile != null && b.items.isEmpty()) {
        throw new IllegalArgumentException("an input file names the items read from it: give them too (items)");
      }
      // Digested once: the items do not change.
      this.input = b.items.map(i -> io.sparknodes.results.InputInfo.of(Objects.requireNonNullElse(b.inputFile, ""),
          Objects.requireNonNullElse(b.inputColumn, ""), i));
      this.master = b.master;
      this.childMainClass = Objects.requireNonNull(b.childMainClass, "childMainClass");
      this.childJvmOptions = b.childJvmOptions;
      this.sparkProperties = b.sparkProperties;
      this.startAllowance = b.startAllowance;
      this.jars = b.jars;
    }

    /** Options of a sweep that writes into {@code outDir} (results.json, grid.json and the logs). */
    public static Builder builder(Path outDir) {
      return new Builder(outDir);
    }

    /** Where results.json, grid.json and the logs go. */
    public Path outDir() {
      return outDir;
    }

    /** Whether to finish the sweep recorded in {@link #outDir()} instead of starting one. */
    public boolean resume() {
      return resume;
    }

    /** A user's data for the workload's mapped input, or empty for the workload's own items. */
    public Optional<List<String>> items() {
      return items;
    }

    /**
     * What the sweep records of {@link #items()}: where they came from and their digest, so that a
     * resumed sweep checks it goes on over the same data; empty for the workload's own items.
     */
    public Optional<io.sparknodes.results.InputInfo> input() {
      return input;
    }

    /** An external master (spark://, yarn, k8s://), or empty for embedded local Spark. */
    public Optional<String> master() {
      return master;
    }

    /** The main class of a group's JVM (the CLI's {@code GroupMain}). */
    public String childMainClass() {
      return childMainClass;
    }

    /** The options of the child JVMs, e.g. {@code -Xmx4g}. */
    public List<String> childJvmOptions() {
      return childJvmOptions;
    }

    /** The {@code spark.*} settings every group's application starts with, sorted by key. */
    public Map<String, String> sparkProperties() {
      return sparkProperties;
    }

    /** How long a group's application may take to start. */
    public Duration startAllowance() {
      return startAllowance;
    }

    /** A user's jars (absolute, normalized). */
    public List<Path> jars() {
      return jars;
    }

    /** Builds {@link Options}; each setting has a default (see {@link SweepDefaults}) but the main class. */
    public static final class Builder {
      private final Path outDir;
      private boolean resume;
      private Optional<List<String>> items = Optional.empty();
      private String inputFile;
      private String inputColumn;
      private Optional<String> master = Optional.empty();
      private String childMainClass;
      private List<String> childJvmOptions = SweepDefaults.CHILD_JVM_OPTIONS;
      private Map<String, String> sparkProperties = Map.of();
      private Duration startAllowance = SweepDefaults.START_ALLOWANCE;
      private List<Path> jars = List.of();

      private Builder(Path outDir) {
        this.outDir = Objects.requireNonNull(outDir, "outDir");
      }

      /** Finish the sweep recorded in the output folder instead of starting one (default: false). */
      public Builder resume(boolean resume) {
        this.resume = resume;
        return this;
      }

      /**
       * A user's data for the workload's mapped input (the CLI reads it from {@code --input}): it
       * sets the grid's item count.
       */
      public Builder items(List<String> items) {
        if (items.isEmpty()) {
          throw new IllegalArgumentException("items must not be empty");
        }
        this.items = Optional.of(List.copyOf(items));
        return this;
      }

      /**
       * Where {@link #items} came from: column {@code column} of {@code file} (the CLI's {@code
       * --input} and {@code --column}), recorded in results.json with the items' digest.
       */
      public Builder input(String file, String column) {
        if (Objects.requireNonNull(file, "file").isBlank() || Objects.requireNonNull(column, "column").isBlank()) {
          throw new IllegalArgumentException("an input's file and column must not be blank");
        }
        this.inputFile = file;
        this.inputColumn = column;
        return this;
      }

      /** An external master (spark://, yarn, k8s://); default: embedded local Spark. */
      public Builder master(String master) {
        this.master = Optional.of(master);
        return this;
      }

      /** The main class of a group's JVM, which calls {@link Sweep#runGroupChild}; required. */
      public Builder childMainClass(String childMainClass) {
        this.childMainClass = Objects.requireNonNull(childMainClass, "childMainClass");
        return this;
      }

      /** The options of the child JVMs (default: {@link SweepDefaults#CHILD_JVM_OPTIONS}). */
      public Builder childJvmOptions(List<String> childJvmOptions) {
        this.childJvmOptions = List.copyOf(childJvmOptions);
        return this;
      }

      /**
       * {@code spark.*} settings every group's application starts with, passed to the child JVMs as
       * system properties (under spark-submit: the ones it was given).
       *
       * @throws IllegalArgumentException for a key that is not {@code spark.} and a name
       */
      public Builder sparkProperties(Map<String, String> sparkProperties) {
        for (String key : sparkProperties.keySet()) {
          if (!Knobs.isSparkSetting(key)) {
            throw new IllegalArgumentException("Spark property '" + key + "' must start with spark. and name a setting");
          }
        }
        this.sparkProperties = Collections.unmodifiableMap(new TreeMap<>(sparkProperties));
        return this;
      }

      /** How long a group's application may take to start (default: {@link SweepDefaults#START_ALLOWANCE}). */
      public Builder startAllowance(Duration startAllowance) {
        this.startAllowance = Objects.requireNonNull(startAllowance, "startAllowance");
        return this;
      }

      /**
       * A user's jars (their workload and its dependencies), added to the class path of every
       * group's JVM, and so to its process-mode executors' (local-cluster executors get the group
       * JVM's class path); on an external master they also go in {@code spark.jars}.
       */
      public Builder jars(List<Path> jars) {
        this.jars = jars.stream().map(j -> j.toAbsolutePath().normalize()).toList();
        return this;
      }

      public Options build() {
        return new Options(this);
      }
    }
  }

  /** Hears the sweep's progress. */
  public interface Progress {
    void started(int total, int done);

    void running(String pointId, String phase, int round);

    void finished(Trial trial, int done, int total);
  }

  private Grid grid;
  private final Options options;
  private final Progress progress;
  private OutputFolder folder;
  private TrialRecorder recorder;
  private ChildLauncher launcher;
  private Optional<Path> itemsFile = Optional.empty();

  private Sweep(Grid grid, Options options, Progress progress) {
    this.grid = grid;
    this.options = options;
    this.progress = progress;
  }

  /**
   * Runs the group a sweep's child JVM was started for (arguments as the sweep gives them) and
   * returns the process's exit code: 0, or 2 for bad arguments. The main class a caller names in
   * {@link Options} calls it, then exits with the code; not for users.
   */
  public static int runGroupChild(String[] args, PrintStream out) throws IOException {
    return GroupChild.run(args, out);
  }

  /** The results file of a sweep in {@code outDir}. */
  public static Path resultsFile(Path outDir) {
    return OutputFolder.resultsFile(outDir);
  }

  /**
   * Runs (or resumes) {@code grid} and returns its results, also written to {@code
   * outDir/results.json}.
   *
   * @throws IllegalArgumentException for a bad grid, workload, input or output folder, before
   *     anything runs; an existing results file is never overwritten except by {@code --resume}
   */
  public static Results run(Grid grid, Options options, Progress progress) throws IOException {
    return new Sweep(grid, options, progress).run();
  }

  private Results run() throws IOException {
    Workload workload = checkWorkload(grid);
    Path resultsFile = OutputFolder.resultsFile(options.outDir());
    if (options.resume() && !Files.exists(resultsFile)) {
      // Before the folder is made: a mistyped --resume leaves nothing behind.
      throw new IllegalArgumentException("nothing to resume: " + resultsFile + " does not exist");
    }
    folder = OutputFolder.prepare(options.outDir());
    Results start = open();
    folder.writeGrid(grid);
    if (options.items().isPresent()) {
      itemsFile = Optional.of(folder.writeItems(options.items().get()));
    }
    launcher = new ChildLauncher(options, workload.getClass());
    int applications = applications(grid);
    recorder = new TrialRecorder(start, folder.resultsFile(), grid.points().size(), applications, progress);
    recorder.started();
    List<List<Point>> groups = grid.groups();
    for (int pass = 0; pass < applications; pass++) {
      for (int g : balancedOrder(groups.size(), pass)) {
        List<Point> pending = new ArrayList<>();
        for (Point p : groups.get(g)) {
          Optional<Trial> t = recorder.trial(p.id());
          boolean needs = pass == 0 ? t.isEmpty()
              : t.isPresent() && !TrialRecorder.complete(t.get(), applications) && t.get().applicationCount() == pass;
          if (needs) {
            pending.add(p);
          }
        }
        while (!pending.isEmpty()) {
          int before = pending.size();
          pending = runApplication(g, pass, false, repeatsOf(grid, pass), pending, new LinkedHashSet<>());
          if (pending.size() == before) {
            break;
          }
        }
      }
    }
    race(groups);
    TunedProfile.write(recorder.results(), grid.fixed().toMap(), folder.dir());
    return recorder.results();
  }

  /**
   * The results to go on from: those recorded in the folder when resuming (the grid must be the
   * one they were recorded with), else new ones, written at once. An existing results file is never
   * overwritten. The user's items, if any, set the grid's item count.
   */
  private Results open() throws IOException {
    Path resultsFile = folder.resultsFile();
    Results results = null;
    if (options.resume()) {
      // run() has checked that it exists, before making the folder.
      results = ResultsJson.read(resultsFile);
      GridInfo checked = checkInput(results.grid(), resultsFile);
      if (!checked.equals(results.grid())) {
        // A file written before results.json recorded the input (schema 5): it is recorded now.
        results = results.withGrid(checked);
      }
      // The input was checked above: the grid is compared without it.
      GridInfo recorded = results.grid().withInput(Optional.empty());
      if (!recorded.racing() && grid.racing()
          && recorded.equals(grid.withRacing(recorded.maxRepeats(), recorded.budgetSeconds()).info())) {
        // A sweep recorded before racing existed goes on without it.
        grid = grid.withRacing(recorded.maxRepeats(), recorded.budgetSeconds());
      }
      if (!recorded.equals(grid.info())) {
        throw new IllegalArgumentException("the grid differs from the one recorded in " + resultsFile
            + ": resume with the same grid file, or start a new sweep in another folder");
      }
    } else if (Files.exists(resultsFile)) {
      throw new IllegalArgumentException(resultsFile + " already exists: resume it with --resume, or choose another --out");
    }
    Optional<List<String>> items = options.items();
    if (items.isPresent() && items.get().size() != grid.items()) {
      // The user's data sets the item count: record the truth.
      grid = grid.withItems(items.get().size());
      if (results != null && !results.grid().withInput(Optional.empty()).equals(grid.info())) {
        throw new IllegalArgumentException("the input has " + items.get().size() + " rows but the sweep in "
            + resultsFile + " ran over " + results.grid().items() + " items");
      }
    }
    if (results == null) {
      results = Results.start(environment(), grid.info().withInput(options.input()), Instant.now());
      ResultsJson.write(results, resultsFile);
    }
    return results;
  }

  /**
   * Checks that a resumed sweep goes on over the data it ran over: the same user's items (by their
   * digest, wherever their file is now), or the workload's own; returns the recorded grid with its
   * input. A results file older than schema 5 does not record it: then the {@code items.json} that
   * the earlier run left in the folder tells (a sweep over the workload's own items writes none),
   * and the input is recorded from now on.
   */
  private GridInfo checkInput(GridInfo recorded, Path resultsFile) throws IOException {
    Optional<io.sparknodes.results.InputInfo> then = recorded.input();
    Optional<io.sparknodes.results.InputInfo> now = options.input();
    if (then.isEmpty()) {
      Optional<List<String>> left = folder.readItems();
      if (left.isPresent()) {
        String digest = io.sparknodes.results.InputInfo.digest(left.get());
        if (now.isEmpty()) {
          throw new IllegalArgumentException("the sweep in " + resultsFile + " ran over your own data (items.json beside"
              + " it, SHA-256 " + digest.substring(0, 12) + "...): resume with the same --input and --column");
        }
        if (!digest.equals(now.get().sha256())) {
          throw new IllegalArgumentException("the input is not the data the sweep in " + resultsFile + " ran over: "
              + now.get().describe() + " against items.json beside it (SHA-256 " + digest.substring(0, 12) + "...)");
        }
        return recorded.withInput(now);
      }
    }
    if (then.isPresent() && now.isEmpty()) {
      io.sparknodes.results.InputInfo in = then.get();
      throw new IllegalArgumentException("the sweep in " + resultsFile + " ran over " + in.describe() + ": resume with "
          + (in.fromFile() ? "--input " + in.file() + " --column " + in.column() : "the same items"));
    }
    if (then.isEmpty() && now.isPresent()) {
      throw new IllegalArgumentException("the sweep in " + resultsFile + " ran over workload " + recorded.workload()
          + "'s own items: resume without --input");
    }
    if (then.isPresent() && !then.get().sha256().equals(now.get().sha256())) {
      throw new IllegalArgumentException("the input is not the data the sweep in " + resultsFile + " ran over: "
          + now.get().describe() + " against " + then.get().describe());
    }
    return recorded;
  }

  /**
   * Races the contenders after the balanced samples (see {@link Racing}): round after round, the
   * group of the best-ranked point first, each group that holds points still racing runs one more
   * application that samples only those points, until no point races. Every decision and sample
   * is written at once, so a resumed sweep goes on from there; the wall time of each racing
   * application is shared out among the points it sampled, and their sum is the budget spent.
   */
  private void race(List<List<Point>> groups) throws IOException {
    List<Double> walls = new ArrayList<>();
    while (true) {
      boolean ran = false;
      for (int g : rankedOrder(groups, Analysis.of(recorder.results()))) {
        double next = walls.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        Racing.Decision d = Racing.decide(grid, recorder.results(), TrialRecorder.racingSpent(recorder.results()), next);
        recorder.stop(d.stop());
        Set<String> racing = new LinkedHashSet<>(d.race());
        List<Point> pending = groups.get(g).stream().filter(p -> racing.contains(p.id())).toList();
        if (pending.isEmpty()) {
          continue;
        }
        List<Trial> trials = pending.stream().map(p -> recorder.trial(p.id()).orElseThrow()).toList();
        int application = TrialRecorder.nextApplication(trials);
        int samples = Racing.samplesPerApplication(grid, trials);
        LOG.info("racing: group {} application {}: {} point(s), {} sample(s) each", g, application, pending.size(),
            samples);
        Set<String> sampled = new LinkedHashSet<>();
        long start = System.nanoTime();
        runApplication(g, application, true, samples, pending, sampled);
        double wall = (System.nanoTime() - start) / 1e9;
        walls.add(wall);
        recorder.shareWall(wall, sampled);
        Map<String, StopReason> silent = new LinkedHashMap<>();
        for (Point p : pending) {
          if (!sampled.contains(p.id()) && recorder.trial(p.id()).flatMap(Trial::stopReason).isEmpty()) {
            silent.put(p.id(), StopReason.FAILED);
          }
        }
        recorder.stop(silent);
        ran = true;
      }
      if (!ran) {
        return;
      }
    }
  }

  /**
   * Runs one application of group {@code group} over {@code pending} in a child JVM and records its
   * trials; returns the points it left without one. A later or racing application reuses the loops
   * its points were measured at; a racing one adds the ids of the points it sampled to {@code sampled}.
   */
  private List<Point> runApplication(int group, int application, boolean racing, int repeats, List<Point> pending,
      Set<String> sampled) throws IOException {
    Map<String, Integer> loops = new LinkedHashMap<>();
    if (application > 0 || racing) {
      pending.forEach(p -> recorder.trial(p.id()).ifPresent(t -> loops.put(p.id(), t.loops())));
    }
    Path pointsFile = folder.pointsFile(group, application);
    ChildProtocol.writeInput(ChildInput.of(grid, pending, repeats, loops), pointsFile);
    Path log = folder.log(group);
    List<String> cmd = launcher.command(pointsFile, itemsFile);
    LOG.debug("group {}: {} point(s): {}", group, pending.size(), cmd);
    ChildSession session = new ChildSession(ChildLauncher.processBuilder(cmd, log), log, options.startAllowance(),
        grid.timeLimitSeconds(), grid.items());
    try {
      return runSession(session, group, application, racing, pending, sampled);
    } finally {
      launcher.childExited(session.exitCode());
    }
  }

  private List<Point> runSession(ChildSession session, int group, int application, boolean racing,
      List<Point> pending, Set<String> sampled) throws IOException {
    return session.run(pending, new ChildSession.Listener() {
      @Override
      public void running(String pointId, String phase, int round) {
        progress.running(pointId, phase, round);
      }

      @Override
      public void trial(Trial trial) throws IOException {
        if (!racing) {
          recorder.balanced(trial, application);
        } else if (recorder.racing(trial, application)) {
          sampled.add(trial.id());
        }
      }

      @Override
      public void ended(Instant launchedAt, Map<String, Double> secondsByPhase) throws IOException {
        recorder.application(applicationTime(Trial.idOf(pending.get(0).applicationKey()), application, racing,
            launchedAt, secondsByPhase));
      }
    });
  }

  /**
   * An application's time from its JVM's phases ({@link ChildSession.Clock}); a phase this sweep
   * does not know (none today) counts as part of its start.
   */
  static ApplicationTime applicationTime(String group, int application, boolean racing, Instant launchedAt,
      Map<String, Double> secondsByPhase) {
    Map<String, Double> s = new HashMap<>(secondsByPhase);
    double cold = Objects.requireNonNullElse(s.remove(GroupRunner.COLD), 0.0);
    double warmup = Objects.requireNonNullElse(s.remove(GroupRunner.WARMUP), 0.0);
    double measure = Objects.requireNonNullElse(s.remove(GroupRunner.MEASURE), 0.0);
    double probe = Objects.requireNonNullElse(s.remove(GroupRunner.PROBE), 0.0);
    double end = Objects.requireNonNullElse(s.remove(ChildSession.END), 0.0);
    double start = s.values().stream().mapToDouble(Double::doubleValue).sum();
    return new ApplicationTime(group, application, racing, launchedAt, start, cold, warmup, measure, probe, end);
  }

  /**
   * The groups in the order racing visits them: the group of the best-ranked point first, as ASHA
   * promotes the most promising first, so that a budget that runs out leaves the least promising
   * groups unraced; groups without a measured point last, in declared order.
   */
  static List<Integer> rankedOrder(List<List<Point>> groups, Analysis analysis) {
    Map<String, Integer> rank = new HashMap<>();
    analysis.ranking().forEach(r -> rank.put(r.trial().id(), r.rank()));
    List<Integer> order = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      order.add(g);
    }
    order.sort(Comparator.comparingInt((Integer g) -> groups.get(g).stream()
        .mapToInt(p -> rank.getOrDefault(p.id(), Integer.MAX_VALUE)).min().orElse(Integer.MAX_VALUE))
        .thenComparingInt(g -> g));
    return order;
  }

  /** How many applications each group runs as: the grid's, at most one per repeat. */
  static int applications(Grid grid) {
    return Math.min(grid.applications(), grid.repeats());
  }

  /**
   * The order of the groups in one pass: declared order in even passes, reversed in odd ones, so
   * that the applications run balanced (A B C ... C B A) and slow drift weighs on every group alike.
   */
  static List<Integer> balancedOrder(int groups, int pass) {
    List<Integer> order = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      order.add(pass % 2 == 0 ? g : groups - 1 - g);
    }
    return order;
  }

  /** The measured repeats of one application: the grid's repeats shared out, the first ones getting the rest. */
  static int repeatsOf(Grid grid, int pass) {
    int apps = applications(grid);
    return grid.repeats() / apps + (pass < grid.repeats() % apps ? 1 : 0);
  }

  private Environment environment() {
    String master = options.master().orElse("embedded: local[N] (threads), local-cluster[N,1,MB] (processes)");
    return Environment.current(org.apache.spark.package$.MODULE$.SPARK_VERSION(), master, Environment.currentGitCommit());
  }

  /**
   * Checks, in this JVM and before anything starts, that the workload exists and that its pipeline
   * builds and plans over a couple of its items: a cycle, a missing input or unequal mapped lists
   * is a usage error, not a sweep full of failed points. Returns the workload.
   */
  static Workload checkWorkload(Grid grid) {
    Workload w = Workloads.byName(grid.workload());
    try {
      Pipeline pipeline = w.pipeline();
      List<?> sample = w.items(Math.min(2, grid.items()));
      Plan.forLists(pipeline, w.inputs(sample, w.constants()), w.mappedInputs(), ExecutionConfig.empty());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("workload '" + grid.workload() + "': " + e.getMessage(), e);
    }
    return w;
  }
}
