package io.sparknodes.cli;

import io.sparknodes.config.Knobs;
import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.results.Results;
import io.sparknodes.results.Status;
import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.spark.SparkEngine;
import io.sparknodes.tuning.Grid;
import io.sparknodes.tuning.Sweep;
import io.sparknodes.tuning.SweepDefaults;
import io.sparknodes.tuning.SweepOptions;
import io.sparknodes.workloads.InputData;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grid GRID_FILE}: runs a sweep, then writes results.json, results.csv, report.md and the charts. */
@Command(name = "grid", mixinStandardHelpOptions = true,
    parameterListHeading = HelpSections.ARGUMENTS, optionListHeading = HelpSections.GENERAL,
    description = {"Sweeps the engine's knobs over a workload and reports which matter.",
        "Writes results.json, results.csv, report.md and charts."})
final class GridCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(GridCommand.class);

  @Parameters(index = "0", paramLabel = "GRID_FILE", arity = "0..1",
      description = "A grid file (default: the project's conf/grid-seed.json); with --resume, the one the sweep started"
          + " with.")
  Path gridFile;

  @Option(names = "--out", order = HelpSections.OUTPUT, paramLabel = "DIR",
      description = "Output folder (default: results/<timestamp>).")
  Path out;

  @Option(names = "--resume", order = HelpSections.DESIGN, paramLabel = "DIR",
      description = "Finish the sweep recorded in DIR/results.json without redoing a finished point.")
  Path resume;

  @Option(names = "--design", order = HelpSections.DESIGN, paramLabel = "DESIGN",
      description = "shared (several groups warm one JVM per use_process value and pass) or isolated (a fresh"
          + " JVM per group replicate); overrides the grid file's \"design\" (default: the grid file's, else shared).")
  String design;

  @Option(names = "--time-budget", order = HelpSections.DESIGN, paramLabel = "DURATION",
      description = "Stop at the first application boundary past this wall time (e.g. 90s, 4m, 1h30m), with"
          + " a valid report; --resume goes on from there.")
  String timeBudget;

  @Option(names = "--workload", order = HelpSections.INPUT, paramLabel = "NAME",
      description = "Override the grid's workload: text-normalize, cpu-hash, io-latency, lucene-europarl, embeddings, or a"
          + " Workload class name (with --jars for your own).")
  String workload;

  @Option(names = "--items", order = HelpSections.INPUT, paramLabel = "N",
      description = "Override the grid's item count.")
  Integer items;

  @Option(names = "--input", order = HelpSections.INPUT, paramLabel = "FILE",
      description = "Your data for the workload's mapped input: CSV (with header), JSON lines or Parquet.")
  Path input;

  @Option(names = "--column", order = HelpSections.INPUT, paramLabel = "NAME",
      description = "The column of --input to map over.")
  String column;

  @Option(names = "--master", order = HelpSections.SPARK, paramLabel = "URL",
      description = "An external master (spark://..., yarn, k8s://...); default: spark-submit's --master when it is"
          + " not local, else embedded local Spark.")
  String master;

  @Option(names = "--jars", order = HelpSections.INPUT, paramLabel = "JAR", split = ",",
      description = "Your workload and its dependencies (comma-separated jars or class folders): on the class path of"
          + " the sweep, of every group's JVM and of its executors (local-cluster, or spark.jars on a cluster).")
  List<Path> jars = new ArrayList<>();

  @Option(names = "--event-log", order = HelpSections.SPARK, paramLabel = "DIR",
      description = "Write Spark's event log of every group's application into DIR (for the history server).")
  Path eventLog;

  @Option(names = "--child-jvm-option", order = HelpSections.SPARK, paramLabel = "OPT",
      description = "An option of the groups' JVMs (default: " + SweepDefaults.CHILD_JVM_OPTION + ").")
  List<String> childJvmOptions = new ArrayList<>(SweepDefaults.CHILD_JVM_OPTIONS);

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  /**
   * The groups' master: {@code --master}, else the one spark-submit was given (it sets the {@code
   * spark.master} system property) unless that is local, in which case the groups lay out their own
   * embedded masters.
   */
  Optional<String> master(Properties system) {
    if (master != null) {
      if (!master.matches("(spark|k8s)://\\S+|yarn")) {
        throw new IllegalArgumentException("--master: '" + master + "' is not an external master (spark://HOST:PORT,"
            + " yarn or k8s://...); without --master the groups run on embedded local Spark");
      }
      return Optional.of(master);
    }
    return Optional.ofNullable(system.getProperty("spark.master")).filter(m -> !m.startsWith("local"));
  }

  /** The system property naming the project's folder (the scripts set it): where the default grid file is. */
  static final String HOME_PROPERTY = "sparknodes.home";

  /**
   * The grid file run when none is named and nothing is resumed: {@link SweepDefaults#GRID_FILE} in the
   * project's folder ({@value #HOME_PROPERTY}) when that is set, so that the scripts run it from any
   * directory; else relative to the working directory.
   */
  static Path defaultGridFile(Properties system) {
    String home = system.getProperty(HOME_PROPERTY);
    return home == null || home.isBlank() ? SweepDefaults.GRID_FILE : Path.of(home).resolve(SweepDefaults.GRID_FILE);
  }

  /** The {@code spark.*} system properties (spark-submit's settings) for the groups' applications, less the master. */
  static Map<String, String> sparkProperties(Properties system) {
    Map<String, String> m = new TreeMap<>();
    for (String key : system.stringPropertyNames()) {
      if (Knobs.isSparkSetting(key) && !key.equals("spark.master")) {
        m.put(key, system.getProperty(key));
      }
    }
    return m;
  }

  /**
   * Records the workload's pipeline as a Mermaid flowchart in the results and their file, for the
   * report; results that hold one already are returned as they are.
   */
  static Results withPipelineGraph(Results results, Path file) throws java.io.IOException {
    if (!results.pipelineGraph().isEmpty()) {
      return results;
    }
    io.sparknodes.workloads.Workload w;
    try {
      // Through the context class loader: the user's --jars when the sweep had them.
      w = io.sparknodes.workloads.Workloads.byName(results.grid().workload());
    } catch (IllegalArgumentException e) {
      // A --resume without the jars the workload came from: its graph is left out.
      return results;
    }
    Results drawn = results.withPipelineGraph(w.pipeline().toMermaid(w.constants()));
    io.sparknodes.results.format.ResultsJson.write(drawn, file);
    return drawn;
  }

  /**
   * Checks that this JVM's {@code java} starts with {@code options} ({@code java OPTIONS -version}),
   * so that a bad {@code --child-jvm-option} is one usage error before the sweep starts, not a failed
   * group JVM per point. A check that cannot finish in time lets the sweep go on.
   *
   * @throws IllegalArgumentException naming the options and the JVM's first line
   */
  static void checkChildJvmOptions(List<String> options) throws java.io.IOException, InterruptedException {
    if (options.isEmpty()) {
      return;
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(options);
    cmd.add("-version");
    // Its output goes to a file, not a pipe, so that a JVM that never ends cannot block the check.
    Path out = java.nio.file.Files.createTempFile("sparknodes-jvm-check", ".txt");
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return;
      }
      if (p.exitValue() != 0) {
        String first = java.nio.file.Files.readString(out).lines().findFirst().orElse("").strip();
        throw new IllegalArgumentException("--child-jvm-option: java does not start with " + options + ": " + first);
      }
    } finally {
      java.nio.file.Files.deleteIfExists(out);
    }
  }

  /**
   * The Spark settings that write every group's event log into {@code dir} (made here), as plain
   * JSON lines unless {@code spark.eventLog.compress} is already given.
   */
  static Map<String, String> eventLogSettings(Path dir, Map<String, String> given) {
    try {
      java.nio.file.Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("--event-log: " + dir + " cannot be created: " + e.getMessage(), e);
    }
    if (!java.nio.file.Files.isWritable(dir)) {
      throw new IllegalArgumentException("--event-log: " + dir + " is not writable");
    }
    Map<String, String> m = new TreeMap<>();
    m.put("spark.eventLog.enabled", "true");
    m.put("spark.eventLog.dir", dir.toAbsolutePath().normalize().toUri().toString());
    if (!given.containsKey("spark.eventLog.compress")) {
      m.put("spark.eventLog.compress", "false");
    }
    return m;
  }

  /**
   * The values of {@code column} in the user's {@code input}, read by a local Spark application that
   * is stopped before the sweep starts (the sweep itself never starts Spark in this JVM).
   *
   * @throws IllegalArgumentException when the file is missing, unreadable, of an unknown format,
   *     has no such column or no rows
   */
  static List<String> readInput(Path input, String column) {
    InputData.checkFile(input);
    List<String> items;
    try (SparkEngine reader = SparkEngine.start(ExecutionConfig.builder().maxConcurrency(1).useProcess(false).build())) {
      items = InputData.read(reader.session(), input, column);
    }
    if (items.isEmpty()) {
      throw new IllegalArgumentException("input file " + input + " has no rows");
    }
    LOG.info("{} items from column '{}' of {}", items.size(), column, input);
    return items;
  }

  /**
   * A duration as {@code 90s}, {@code 4m}, {@code 1h30m} or {@code 1.5m} (units h, m, s, ms).
   *
   * @throws IllegalArgumentException naming {@code option} and the value
   */
  static java.time.Duration duration(String option, String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)").matcher(text.strip());
    double seconds = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      double n = Double.parseDouble(m.group(1));
      seconds += switch (m.group(2)) {
        case "h" -> n * 3600;
        case "m" -> n * 60;
        case "s" -> n;
        default -> n / 1000;
      };
      end = m.end();
    }
    if (end == 0 || end != text.strip().length() || !(seconds > 0)) {
      throw new IllegalArgumentException(option + ": '" + text + "' is not a duration such as 90s, 4m or 1h30m");
    }
    return java.time.Duration.ofMillis(Math.round(seconds * 1000));
  }

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    PrintWriter stdout = spec.commandLine().getOut();
    if ((input == null) != (column == null)) {
      throw new IllegalArgumentException("--input and --column go together");
    }
    Path outDir = resume != null ? resume : out != null ? out
        : SweepDefaults.RESULTS_ROOT.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
    Path file = gridFile != null ? gridFile : resume != null ? resume.resolve("grid.json")
        : defaultGridFile(System.getProperties());
    List<Path> userJars = io.sparknodes.tuning.UserJars.check(jars);
    Map<String, String> spark = sparkProperties(System.getProperties());
    if (eventLog != null) {
      spark.putAll(eventLogSettings(eventLog, spark));
    }
    Grid grid = Grid.read(file);
    checkChildJvmOptions(childJvmOptions);
    if (workload != null) {
      grid = grid.withWorkload(workload);
    }
    if (items != null) {
      grid = grid.withItems(items);
    }
    if (design != null) {
      try {
        grid = grid.withDesign(io.sparknodes.results.Design.parse(design));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--design: " + e.getMessage(), e);
      }
    }
    SweepOptions.Builder options = SweepOptions.builder(outDir).resume(resume != null)
        .childMainClass(GroupMain.class.getName()).childJvmOptions(childJvmOptions).sparkProperties(spark)
        .startAllowance(SweepDefaults.START_ALLOWANCE).jars(userJars);
    master(System.getProperties()).ifPresent(options::master);
    if (timeBudget != null) {
      options.timeBudget(duration("--time-budget", timeBudget));
    }
    if (input != null) {
      // The user's data is read here, at the edge, before the sweep starts: a missing column is a usage error.
      // Recorded absolute: the report's and a resume's "give --input ... again" then work from any folder.
      options.items(readInput(input, column)).input(input.toAbsolutePath().normalize().toString(), column);
    }
    // The workload class is loaded here too (to check it before anything runs): over the user's jars.
    Grid sweep = grid;
    SweepOptions sweepOptions = options.build();
    Results results = io.sparknodes.tuning.UserJars.withJarsLoadable(userJars, () -> {
      try (Progress progress = new Progress(stdout, System.console() != null, outDir)) {
        // The graph is drawn while the user's jars are loadable: a --jars workload gets its graph too.
        return withPipelineGraph(Sweep.run(sweep, sweepOptions, progress), Sweep.resultsFile(outDir));
      }
    });
    io.sparknodes.report.Reporter.writeAll(results, outDir);
    double wall = (System.nanoTime() - start) / 1e9;
    long failed = results.trials().stream().filter(t -> t.status() != Status.OK).count();
    Analysis analysis = Analysis.of(results);
    stdout.printf(Locale.ROOT, "%d points (%d failed or timed out) in %s wall time%n", results.trials().size(), failed,
        Progress.clock(wall));
    // The ranking's estimate and its interval (of the geometric mean: a time, never below zero).
    analysis.best().ifPresent(best -> stdout.printf(Locale.ROOT,
        "best: %s, geometric mean %.3f s (95%% CI %.3f to %.3f), median %.3f s%n", best.trial().id(),
        best.geometricMean(), best.ciLow(), best.ciHigh(), best.summary().median()));
    stdout.printf(Locale.ROOT, "results: %s%nreport:  %s%n", Sweep.resultsFile(outDir), outDir.resolve("report.md"));
    Path profile = outDir.resolve(io.sparknodes.config.ProfileFormat.FILE_NAME);
    if (java.nio.file.Files.exists(profile)) {
      stdout.printf(Locale.ROOT, "profile: %s%n", profile);
    }
    stdout.flush();
    return failed == 0 ? Main.OK : Main.FAILED;
  }
}
