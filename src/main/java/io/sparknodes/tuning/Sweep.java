package io.sparknodes.tuning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknodes.pipeline.ExecutionConfig;
import io.sparknodes.results.Analysis;
import io.sparknodes.results.Environment;
import io.sparknodes.results.Memory;
import io.sparknodes.results.Observed;
import io.sparknodes.results.Results;
import io.sparknodes.results.ResultsJson;
import io.sparknodes.results.Status;
import io.sparknodes.results.StopReason;
import io.sparknodes.results.Trial;
import io.sparknodes.spark.SparkEngine;
import io.sparknodes.spark.internal.SparkHome;
import io.sparknodes.workloads.InputData;
import io.sparknodes.workloads.Workloads;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a grid: one Spark application per group (use_process, max_concurrency, and any setting that
 * needs a new application), each in its own child JVM, which also gives process mode its
 * SPARK_HOME and keeps groups from sharing JIT or executor state. Every finished point is appended
 * to {@code results.json} at once, atomically, so a sweep that dies can be resumed without redoing
 * a finished point. A run that exceeds the grid's time limit is recorded as a timeout: its child JVM
 * (and its executors) is killed and the group's other points go on in a new one.
 */
public final class Sweep {
  private static final Logger LOG = LoggerFactory.getLogger(Sweep.class);
  private static final Object EOF = new Object();

  /**
   * How to run a sweep.
   *
   * @param outDir where results.json, grid.json and the logs go
   * @param resume finish the sweep recorded in {@code outDir} instead of starting one
   * @param input a user's data file for the workload's mapped input
   * @param column the column of {@code input}
   * @param master an external master (spark://, yarn, k8s://), or embedded local Spark when empty
   * @param childMainClass the main class of a group's JVM (the CLI's {@code GroupMain})
   * @param childJvmOptions extra options of the child JVMs, e.g. {@code -Xmx4g}
   * @param sparkProperties {@code spark.*} settings every group's application starts with, passed to
   *     the child JVMs as system properties (under spark-submit: the ones it was given)
   * @param startAllowance how long a group's application may take to start
   * @param jars a user's jars (their workload and its dependencies), added to the class path of every
   *     group's JVM, and so to its process-mode executors' (local-cluster executors get the group
   *     JVM's class path); on an external master they also go in {@code spark.jars}
   */
  public record Options(Path outDir, boolean resume, Optional<Path> input, Optional<String> column,
      Optional<String> master, String childMainClass, List<String> childJvmOptions,
      Map<String, String> sparkProperties, Duration startAllowance, List<Path> jars) {
    public Options {
      Objects.requireNonNull(outDir, "outDir");
      Objects.requireNonNull(childMainClass, "childMainClass");
      childJvmOptions = List.copyOf(childJvmOptions);
      jars = jars.stream().map(j -> j.toAbsolutePath().normalize()).toList();
      sparkProperties = Collections.unmodifiableMap(new TreeMap<>(sparkProperties));
      for (String key : sparkProperties.keySet()) {
        if (!key.startsWith("spark.")) {
          throw new IllegalArgumentException("Spark property '" + key + "' must start with spark.");
        }
      }
      if (input.isPresent() != column.isPresent()) {
        throw new IllegalArgumentException("--input and --column go together");
      }
    }

    /** Options without user jars. */
    public Options(Path outDir, boolean resume, Optional<Path> input, Optional<String> column,
        Optional<String> master, String childMainClass, List<String> childJvmOptions,
        Map<String, String> sparkProperties, Duration startAllowance) {
      this(outDir, resume, input, column, master, childMainClass, childJvmOptions, sparkProperties, startAllowance,
          List.of());
    }
  }

  /** Hears the sweep's progress. */
  public interface Progress {
    void started(int total, int done);

    void running(String pointId, String phase, int round);

    void finished(Trial trial, int done, int total);
  }

  private Grid grid;
  /** The application of its group the running child is (0 for the first). */
  private int pass;
  /** Whether the running child is a racing application (its samples go to the racing ones). */
  private boolean racingChild;
  /** The points that took samples in the running racing application. */
  private final Set<String> racedNow = new LinkedHashSet<>();
  private final Options options;
  private final Progress progress;
  private final ObjectMapper json = new ObjectMapper();
  private final Path resultsFile;
  private Results results;

  private Sweep(Grid grid, Options options, Progress progress) {
    this.grid = grid;
    this.options = options;
    this.progress = progress;
    this.resultsFile = options.outDir().resolve("results.json");
  }

  /**
   * Runs the group a sweep's child JVM was started for (arguments as the sweep gives them) and
   * returns the process's exit code: 0, or 2 for bad arguments. The main class a caller names in
   * {@link Options} calls it, then exits with the code; not for users.
   */
  public static int runGroupChild(String[] args, java.io.PrintStream out) throws IOException {
    return GroupChild.run(args, out);
  }

  /** The results file of a sweep in {@code outDir}. */
  public static Path resultsFile(Path outDir) {
    return outDir.resolve("results.json");
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
    checkWorkload(grid);
    options.input().ifPresent(InputData::checkFile);
    Path out = options.outDir();
    prepareOutDir(out);
    Path gridFile = out.resolve("grid.json");
    if (options.resume()) {
      if (!Files.exists(resultsFile)) {
        throw new IllegalArgumentException("nothing to resume: " + resultsFile + " does not exist");
      }
      results = ResultsJson.read(resultsFile);
      io.sparknodes.results.GridInfo recorded = results.grid();
      if (!recorded.racing() && grid.racing()
          && recorded.equals(grid.withRacing(recorded.maxRepeats(), recorded.budgetSeconds()).info())) {
        // A sweep recorded before racing existed goes on without it.
        grid = grid.withRacing(recorded.maxRepeats(), recorded.budgetSeconds());
      }
      if (!results.grid().equals(grid.info())) {
        throw new IllegalArgumentException("the grid differs from the one recorded in " + resultsFile
            + ": resume with the same grid file, or start a new sweep in another folder");
      }
    } else if (Files.exists(resultsFile)) {
      throw new IllegalArgumentException(resultsFile + " already exists: resume it with --resume, or choose another --out");
    }
    // Read the user's data before anything is written: a missing column is a usage error.
    List<String> items = options.input().isPresent() ? readItems() : null;
    if (items != null && items.size() != grid.items()) {
      // The user's data sets the item count: record the truth.
      grid = grid.withItems(items.size());
      if (options.resume() && !results.grid().equals(grid.info())) {
        throw new IllegalArgumentException("the input has " + items.size() + " rows but the sweep in " + resultsFile
            + " ran over " + results.grid().items() + " items");
      }
    }
    if (!options.resume()) {
      results = Results.start(environment(), grid.info(), Instant.now());
      ResultsJson.write(results, resultsFile);
    }
    io.sparknodes.results.AtomicFiles.write(gridFile, grid.toJson());
    Path itemsFile = null;
    if (items != null) {
      itemsFile = out.resolve("items.json");
      io.sparknodes.results.AtomicFiles.write(itemsFile, json.writeValueAsString(items));
    }

    Set<String> done = new LinkedHashSet<>();
    results.trials().stream().filter(t -> complete(t, applications(grid))).forEach(t -> done.add(t.id()));
    int total = grid.points().size();
    progress.started(total, done.size());
    List<List<Point>> groups = grid.groups();
    int applications = applications(grid);
    for (int pass = 0; pass < applications; pass++) {
      for (int g : balancedOrder(groups.size(), pass)) {
        List<Point> pending = new ArrayList<>();
        for (Point p : groups.get(g)) {
          Optional<Trial> t = results.trial(p.id());
          boolean needs = pass == 0 ? t.isEmpty()
              : t.isPresent() && !complete(t.get(), applications) && t.get().applicationCount() == pass;
          if (needs) {
            pending.add(p);
          }
        }
        while (!pending.isEmpty()) {
          int before = pending.size();
          runChild(g, pass, false, repeatsOf(grid, pass), pending, gridFile, itemsFile, done, total);
          if (pending.size() == before) {
            break;
          }
        }
      }
    }
    race(groups, gridFile, itemsFile, done, total);
    io.sparknodes.results.TunedProfile.write(results, grid.fixed().toMap(), out);
    return results;
  }

  /**
   * Races the contenders after the balanced samples (see {@link Racing}): round after round, the
   * group of the best-ranked point first, each group that holds points still racing runs one more
   * application that samples only those points, until no point races. Every decision and sample
   * is written at once, so a resumed sweep goes on from there; the wall time of each racing
   * application is shared out among the points it sampled, and their sum is the budget spent.
   */
  private void race(List<List<Point>> groups, Path gridFile, Path itemsFile, Set<String> done, int total)
      throws IOException {
    List<Double> walls = new ArrayList<>();
    while (true) {
      boolean ran = false;
      for (int g : rankedOrder(groups, Analysis.of(results))) {
        double next = walls.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        Racing.Decision d = Racing.decide(grid, results, racingSpent(results), next);
        stop(d.stop());
        Set<String> racing = new LinkedHashSet<>(d.race());
        List<Point> pending = new ArrayList<>(groups.get(g).stream().filter(p -> racing.contains(p.id())).toList());
        if (pending.isEmpty()) {
          continue;
        }
        List<Trial> trials = pending.stream().map(p -> results.trial(p.id()).orElseThrow()).toList();
        int application = nextApplication(trials);
        int samples = Racing.samplesPerApplication(grid, trials);
        LOG.info("racing: group {} application {}: {} point(s), {} sample(s) each", g, application, pending.size(),
            samples);
        racedNow.clear();
        long start = System.nanoTime();
        List<Point> asked = List.copyOf(pending);
        runChild(g, application, true, samples, pending, gridFile, itemsFile, done, total);
        double wall = (System.nanoTime() - start) / 1e9;
        walls.add(wall);
        shareWall(wall);
        Map<String, StopReason> silent = new java.util.LinkedHashMap<>();
        for (Point p : asked) {
          if (!racedNow.contains(p.id()) && results.trial(p.id()).flatMap(Trial::stopReason).isEmpty()) {
            silent.put(p.id(), StopReason.FAILED);
          }
        }
        stop(silent);
        ran = true;
      }
      if (!ran) {
        return;
      }
    }
  }

  /**
   * The groups in the order racing visits them: the group of the best-ranked point first, as ASHA
   * promotes the most promising first, so that a budget that runs out leaves the least promising
   * groups unraced; groups without a measured point last, in declared order.
   */
  static List<Integer> rankedOrder(List<List<Point>> groups, Analysis analysis) {
    Map<String, Integer> rank = new java.util.HashMap<>();
    analysis.ranking().forEach(r -> rank.put(r.trial().id(), r.rank()));
    List<Integer> order = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      order.add(g);
    }
    order.sort(java.util.Comparator.comparingInt((Integer g) -> groups.get(g).stream()
        .mapToInt(p -> rank.getOrDefault(p.id(), Integer.MAX_VALUE)).min().orElse(Integer.MAX_VALUE))
        .thenComparingInt(g -> g));
    return order;
  }

  /** The racing wall time spent so far: the sum of every point's share. */
  static double racingSpent(Results results) {
    return results.trials().stream().mapToDouble(t -> t.racingWallSeconds().orElse(0)).sum();
  }

  /** The index of a group's next application: one past the highest any of its points' samples came from. */
  static int nextApplication(List<Trial> trials) {
    return trials.stream().flatMap(t -> t.allApplications().stream()).mapToInt(Integer::intValue).max().orElse(0) + 1;
  }

  private void stop(Map<String, StopReason> reasons) throws IOException {
    if (reasons.isEmpty()) {
      return;
    }
    for (Map.Entry<String, StopReason> e : reasons.entrySet()) {
      Trial t = results.trial(e.getKey()).orElseThrow();
      results = results.withTrial(t.toBuilder().stopReason(e.getValue()).build());
    }
    ResultsJson.write(results, resultsFile);
  }

  private void shareWall(double wall) throws IOException {
    if (racedNow.isEmpty()) {
      return;
    }
    for (String id : racedNow) {
      Trial t = results.trial(id).orElseThrow();
      results = results.withTrial(t.toBuilder()
          .racingWallSeconds(t.racingWallSeconds().orElse(0) + wall / racedNow.size()).build());
    }
    ResultsJson.write(results, resultsFile);
  }

  /**
   * A point's trial after a racing application: its samples appended to the racing ones with the
   * application's index; a failure keeps the earlier trial, flagged, and stops its racing.
   */
  static Trial mergeRacing(Trial earlier, Trial later, int application) {
    if (later.status() != Status.OK) {
      List<String> flags = new ArrayList<>(earlier.flags());
      flags.add("a racing application failed (" + later.status() + "): " + later.error().orElse("no error recorded")
          + "; the earlier samples stand");
      return earlier.toBuilder().flags(flags).stopReason(StopReason.FAILED).build();
    }
    List<Double> racing = new ArrayList<>(earlier.racingSeconds());
    racing.addAll(later.warmSeconds());
    List<Integer> apps = new ArrayList<>(earlier.racingApplications());
    later.warmSeconds().forEach(x -> apps.add(application));
    List<String> flags = new ArrayList<>(earlier.flags());
    later.flags().stream().filter(f -> !flags.contains(f)).forEach(flags::add);
    Trial.Builder b = earlier.toBuilder().racing(racing, apps).flags(flags);
    if (later.finishedAt().isAfter(earlier.finishedAt())) {
      b.finishedAt(later.finishedAt());
    }
    return b.build();
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

  /** Whether a trial needs no more applications: it failed, or has samples from all of them. */
  static boolean complete(Trial t, int applications) {
    return t.status() != Status.OK || applications <= 1 || t.applications().isEmpty()
        || t.applicationCount() >= applications;
  }

  /**
   * A point's trial after one more application of its group: the samples appended with their
   * application index, the warm-up times added, the first cold run kept; a failure of the later
   * application makes the trial fail with its error, its earlier samples kept.
   */
  static Trial merge(Trial earlier, Trial later, int application) {
    List<Double> warm = new ArrayList<>(earlier.warmSeconds());
    warm.addAll(later.warmSeconds());
    List<Integer> apps = new ArrayList<>(earlier.applications());
    later.warmSeconds().forEach(x -> apps.add(application));
    Trial.Builder b = earlier.toBuilder().status(later.status()).warmSeconds(warm, earlier.items())
        .applications(apps).finishedAt(later.finishedAt());
    later.error().ifPresent(b::error);
    double warmup = earlier.warmupSeconds().orElse(0) + later.warmupSeconds().orElse(0);
    if (warmup > 0) {
      b.warmupSeconds(warmup);
    }
    List<String> flags = new ArrayList<>(earlier.flags());
    later.flags().stream().filter(f -> !flags.contains(f)).forEach(flags::add);
    b.flags(flags);
    if (earlier.coldSeconds().isEmpty() && later.coldSeconds().isPresent()) {
      b.coldSeconds(later.coldSeconds().getAsDouble());
    }
    later.memory().ifPresent(m -> b.memory(earlier.memory().map(e -> e.merge(m)).orElse(m)));
    return b.build();
  }


  private static void prepareOutDir(Path out) {
    try {
      Files.createDirectories(out.resolve("logs"));
    } catch (IOException e) {
      throw new IllegalArgumentException("output folder " + out + " cannot be created: " + e.getMessage(), e);
    }
    if (!Files.isWritable(out) || !Files.isWritable(out.resolve("logs"))) {
      throw new IllegalArgumentException("output folder " + out + " is not writable");
    }
  }

  private Environment environment() {
    String master = options.master().orElse("embedded: local[N] (threads), local-cluster[N,1,MB] (processes)");
    return Environment.current(org.apache.spark.package$.MODULE$.SPARK_VERSION(), master, Environment.currentGitCommit());
  }

  /**
   * Checks, in this JVM and before anything starts, that the workload exists and that its pipeline
   * builds and plans over a couple of its items: a cycle, a missing input or unequal mapped lists
   * is a usage error, not a sweep full of failed points.
   */
  static void checkWorkload(Grid grid) {
    io.sparknodes.workloads.Workload w = Workloads.byName(grid.workload());
    io.sparknodes.pipeline.Pipeline pipeline;
    try {
      pipeline = w.pipeline();
      List<?> sample = w.items(Math.min(2, grid.items()));
      io.sparknodes.pipeline.internal.Plan.forLists(pipeline, w.inputs(sample, w.constants()), w.mappedInputs(),
          ExecutionConfig.empty());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("workload '" + grid.workload() + "': " + e.getMessage(), e);
    }
  }

  private List<String> readItems() {
    List<String> items;
    try (SparkEngine reader = SparkEngine.start(ExecutionConfig.builder().maxConcurrency(1).useProcess(false).build())) {
      items = InputData.read(reader.session(), options.input().get(), options.column().get());
    }
    if (items.isEmpty()) {
      throw new IllegalArgumentException("input file " + options.input().get() + " has no rows");
    }
    LOG.info("{} items from column '{}' of {}", items.size(), options.column().get(), options.input().get());
    return items;
  }

  private void runChild(int group, int pass, boolean racing, int repeats, List<Point> pending, Path gridFile,
      Path itemsFile, Set<String> done, int total) throws IOException {
    Path ids = options.outDir().resolve("logs").resolve("group-" + group + "-app-" + pass + "-points.json");
    Map<String, Object> spec = new java.util.LinkedHashMap<>();
    spec.put("points", pending.stream().map(Point::id).toList());
    spec.put("repeats", repeats);
    Map<String, Integer> loops = new java.util.LinkedHashMap<>();
    if (pass > 0 || racing) {
      pending.forEach(p -> results.trial(p.id()).ifPresent(t -> loops.put(p.id(), t.loops())));
    }
    spec.put("loops", loops);
    io.sparknodes.results.AtomicFiles.write(ids, json.writeValueAsString(spec));
    this.pass = pass;
    this.racingChild = racing;
    Path log = options.outDir().resolve("logs").resolve("group-" + group + ".log");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(io.sparknodes.spark.internal.SparkSettings.javaModuleOptions());
    cmd.addAll(options.childJvmOptions());
    cmd.add("-Djava.awt.headless=true");
    Optional.ofNullable(System.getProperty("log4j2.configurationFile"))
        .ifPresent(c -> cmd.add("-Dlog4j2.configurationFile=" + c));
    UserJars.sparkProperties(options.sparkProperties(), options.master(), options.jars())
        .forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-cp");
    cmd.add(UserJars.onClassPath(childClassPath(System.getProperty("java.class.path"),
        List.of(Sweep.class, Workloads.byName(grid.workload()).getClass())), options.jars()));
    cmd.add(options.childMainClass());
    cmd.add(gridFile.toString());
    cmd.add(ids.toString());
    cmd.add(itemsFile == null ? "-" : itemsFile.toString());
    cmd.add(options.master().orElse("-"));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(SparkHome.childEnvironment());
    pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    LOG.debug("group {}: {} point(s): {}", group, pending.size(), cmd);
    Process child = pb.start();
    BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.startsWith(GroupChild.MARKER)) {
            lines.add(line.substring(GroupChild.MARKER.length()));
          }
        }
      } catch (IOException e) {
        LOG.debug("group {}: reading the child's output ended: {}", group, e.toString());
      } finally {
        lines.add(EOF);
      }
    }, "sweep-group-" + group);
    reader.setDaemon(true);
    reader.start();

    Duration timeLimit = Duration.ofMillis((long) (grid.timeLimitSeconds() * 1000));
    long deadline = System.nanoTime() + options.startAllowance().plus(timeLimit).toNanos();
    String current = null;
    Instant currentStart = Instant.now();
    try {
      while (true) {
        Object item;
        try {
          item = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
        if (item == null) {
          kill(child);
          if (current != null) {
            record(Trial.builder(pointParams(pending, current)).status(Status.TIMEOUT)
                .error("a run took longer than the time limit of " + grid.timeLimitSeconds()
                    + " s; its Spark application and JVM were torn down")
                .startedAt(currentStart).finishedAt(Instant.now()).build(), pending, done, total);
          } else {
            failAll(pending, "the group's application did not start within " + options.startAllowance().toSeconds()
                + " s (see " + log + ")", done, total);
          }
          return;
        }
        if (item == EOF) {
          break;
        }
        JsonNode event = json.readTree((String) item);
        if ("run".equals(event.path("type").asText())) {
          String id = event.path("point").asText();
          if (!id.equals(current)) {
            currentStart = Instant.now();
          }
          current = id;
          deadline = System.nanoTime() + timeLimit.toNanos();
          progress.running(id, event.path("phase").asText(), event.path("round").asInt());
        } else if ("result".equals(event.path("type").asText())) {
          PointResult r = json.treeToValue(event.get("result"), PointResult.class);
          record(toTrial(r, grid.items()), pending, done, total);
        }
      }
      int code = waitFor(child);
      if (!pending.isEmpty() && code != 0) {
        String why = "the group's JVM exited with code " + code + " before finishing (see " + log + ")"
            + lastLines(log);
        String running = current;
        if (running != null && pending.stream().anyMatch(p -> p.id().equals(running))) {
          record(Trial.builder(pointParams(pending, current)).status(Status.FAILED).error(why)
              .startedAt(currentStart).finishedAt(Instant.now()).build(), pending, done, total);
        } else {
          failAll(pending, why, done, total);
        }
      }
    } finally {
      if (child.isAlive()) {
        kill(child);
      }
    }
  }

  /**
   * The class path of a group's JVM: this JVM's, plus the jars that {@code classes} were loaded from
   * when they are not on it. Under spark-submit the application jar (and a user's {@code --jars})
   * is loaded by Spark's class loader, not from {@code java.class.path}.
   */
  static String childClassPath(String classPath, List<Class<?>> classes) {
    Set<String> entries = new LinkedHashSet<>();
    for (String e : classPath.split(File.pathSeparator)) {
      if (!e.isEmpty()) {
        entries.add(e);
      }
    }
    Set<String> absolute = new LinkedHashSet<>();
    entries.forEach(e -> absolute.add(Path.of(e).toAbsolutePath().normalize().toString()));
    for (Class<?> c : classes) {
      codeSource(c).map(p -> p.toAbsolutePath().normalize().toString())
          .filter(p -> !absolute.contains(p))
          .ifPresent(p -> {
            entries.add(p);
            absolute.add(p);
          });
    }
    return String.join(File.pathSeparator, entries);
  }

  private static Optional<Path> codeSource(Class<?> c) {
    java.security.CodeSource source = c.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(source.getLocation().toURI()));
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("the location of " + c.getName() + " is not a file: " + source.getLocation(), e);
    }
  }

  private static java.util.Map<String, Object> pointParams(List<Point> pending, String id) {
    return pending.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow().params();
  }

  private void failAll(List<Point> pending, String why, Set<String> done, int total) throws IOException {
    Instant now = Instant.now();
    for (Point p : List.copyOf(pending)) {
      record(Trial.builder(p.params()).status(Status.FAILED).error(why).startedAt(now).finishedAt(now).build(),
          pending, done, total);
    }
  }

  private void record(Trial trial, List<Point> pending, Set<String> done, int total) throws IOException {
    if (racingChild) {
      Optional<Trial> earlier = results.trial(trial.id());
      if (earlier.isPresent()) {
        results = results.withTrial(mergeRacing(earlier.get(), trial, pass));
        ResultsJson.write(results, resultsFile);
        racedNow.add(trial.id());
      }
      pending.removeIf(p -> p.id().equals(trial.id()));
      return;
    }
    int applications = applications(grid);
    Trial recorded = trial;
    if (pass > 0) {
      Optional<Trial> earlier = results.trial(trial.id());
      if (earlier.isPresent()) {
        recorded = merge(earlier.get(), trial, pass);
      }
    } else if (applications > 1 && trial.status() == Status.OK && !trial.warmSeconds().isEmpty()) {
      recorded = trial.toBuilder().applications(java.util.Collections.nCopies(trial.warmSeconds().size(), 0)).build();
    }
    results = results.withTrial(recorded);
    ResultsJson.write(results, resultsFile);
    pending.removeIf(p -> p.id().equals(trial.id()));
    if (complete(recorded, applications)) {
      done.add(recorded.id());
      progress.finished(recorded, done.size(), total);
    }
  }

  static Trial toTrial(PointResult r, int items) {
    Trial.Builder b = Trial.builder(r.params()).status(Status.valueOf(r.status()))
        .startedAt(Instant.parse(r.startedAt())).finishedAt(Instant.parse(r.finishedAt()))
        .warmSeconds(r.warmSeconds(), items).flags(r.flags()).loops(r.loops());
    if (r.warmupSeconds() > 0) {
      b.warmupSeconds(r.warmupSeconds());
    }
    if (!r.error().isEmpty()) {
      b.error(r.error());
    }
    if (r.coldSeconds() >= 0) {
      b.coldSeconds(r.coldSeconds());
    }
    PointResult.Observation o = r.observed();
    if (o != null) {
      b.observed(new Observed(o.partitions(), o.tasks(), o.batchCount(), o.batchMin(), o.batchMax(), o.executors(),
          o.jvms(), o.instancesBuilt()));
      Memory memory = new Memory(
          o.allocatedBytesPerItem() >= 0 ? OptionalDouble.of(o.allocatedBytesPerItem()) : OptionalDouble.empty(),
          o.retainedHeapBytes() > 0 ? OptionalLong.of(o.retainedHeapBytes()) : OptionalLong.empty(),
          o.retainedHeapBytes() > 0 ? o.retainedJvms() : 0, o.retainedHeapBytes() > 0 && o.ranInDriver());
      if (!memory.isEmpty()) {
        b.memory(memory);
      }
    }
    return b.build();
  }

  private static int waitFor(Process child) {
    try {
      if (!child.waitFor(60, TimeUnit.SECONDS)) {
        kill(child);
      }
      return child.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill(child);
      return -1;
    }
  }

  /** Kills a child JVM and its descendants (local-cluster executors). */
  static void kill(Process child) {
    child.descendants().forEach(ProcessHandle::destroyForcibly);
    child.destroyForcibly();
    try {
      child.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String lastLines(Path log) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> errors = all.stream().filter(l -> l.contains("Exception") || l.contains("Error")).toList();
      return errors.isEmpty() ? "" : ": " + errors.get(errors.size() - 1).strip();
    } catch (IOException e) {
      return "";
    }
  }
}
