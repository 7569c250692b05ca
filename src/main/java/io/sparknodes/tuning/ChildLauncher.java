package io.sparknodes.tuning;

import io.sparknodes.spark.internal.SparkHome;
import io.sparknodes.spark.internal.SparkSettings;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The command line and environment of a group's JVM: this JVM's {@code java}, Spark's module
 * options, the user's JVM options, the {@code spark.*} settings as system properties, a class path
 * that holds this build, the workload and the user's jars, the child main class and its arguments
 * ({@link GroupChild}), and the environment process mode needs ({@code SPARK_HOME} ...).
 */
final class ChildLauncher {
  private final SweepOptions options;
  private final String javaHome;
  private final Optional<String> log4jConfiguration;
  private final String childClassPath;
  private final Optional<ClassDataArchive> archive;

  /** A launcher for {@code options}' children, from this JVM's java, class path and log4j configuration. */
  ChildLauncher(SweepOptions options, Class<?> workload) {
    this(options, workload, System.getProperty("java.home"), System.getProperty("java.class.path"),
        Optional.ofNullable(System.getProperty("log4j2.configurationFile")));
  }

  ChildLauncher(SweepOptions options, Class<?> workload, String javaHome, String classPath,
      Optional<String> log4jConfiguration) {
    this(options, workload, javaHome, classPath, log4jConfiguration, ClassDataArchive.defaultDir());
  }

  /** A launcher whose class-data archives (if its class path can have one) are kept in {@code archiveDir}. */
  ChildLauncher(SweepOptions options, Class<?> workload, String javaHome, String classPath,
      Optional<String> log4jConfiguration, Path archiveDir) {
    this.options = options;
    this.javaHome = javaHome;
    this.log4jConfiguration = log4jConfiguration;
    this.childClassPath = UserJars.onClassPath(childClassPath(classPath, List.of(Sweep.class, workload)),
        options.jars());
    this.archive = ClassDataArchive.of(archiveDir, javaHome, childClassPath,
        options.childJvmOptions());
  }

  /**
   * The command line of the child that runs the points in {@code pointsFile} (a {@link ChildInput}).
   * With a class-data archive ({@link ClassDataArchive}), the child maps it or writes it; call
   * {@link #childExited} when the child is gone.
   */
  List<String> command(Path pointsFile, Optional<Path> itemsFile) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(javaHome, "bin", "java").toString());
    cmd.addAll(SparkSettings.javaModuleOptions());
    cmd.addAll(options.childJvmOptions());
    fixedHeap(options.childJvmOptions()).ifPresent(cmd::add);
    archive.flatMap(ClassDataArchive::groupJvmOption).ifPresent(cmd::add);
    cmd.add("-Djava.awt.headless=true");
    log4jConfiguration.ifPresent(c -> cmd.add("-Dlog4j2.configurationFile=" + c));
    sparkProperties().forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-cp");
    cmd.add(childClassPath);
    cmd.add(options.childMainClass());
    cmd.add(pointsFile.toString());
    cmd.add(itemsFile.map(Path::toString).orElse("-"));
    cmd.add(options.master().orElse("-"));
    return cmd;
  }

  /**
   * The children's {@code spark.*} settings: the user's ({@link UserJars#sparkProperties}), and on
   * this machine's masters the class-data archive for the executor JVMs, after the user's own
   * executor options unless those choose class-data sharing themselves.
   */
  private Map<String, String> sparkProperties() {
    Map<String, String> props = new TreeMap<>(UserJars.sparkProperties(options.sparkProperties(), options.master(),
        options.jars()));
    boolean thisMachine = !UserJars.external(options.master());
    String userOptions = props.getOrDefault(EXECUTOR_JAVA_OPTIONS, "");
    Optional<String> executor = archive.flatMap(ClassDataArchive::executorJvmOption)
        .filter(o -> thisMachine && !o.matches(".*\\s.*") && !ClassDataArchive.choosesSharing(userOptions));
    executor.ifPresent(o -> props.put(EXECUTOR_JAVA_OPTIONS, userOptions.isBlank() ? o : userOptions + " " + o));
    String executorOptions = props.getOrDefault(EXECUTOR_JAVA_OPTIONS, "");
    if (!hasOption(List.of(executorOptions.split("\\s+")), "-Xms")) {
      String memory = props.getOrDefault(EXECUTOR_MEMORY, DEFAULT_EXECUTOR_MEMORY).trim();
      // Spark reads a bare number as MiB; the JVM as bytes.
      String heap = "-Xms" + (memory.matches("\\d+") ? memory + "m" : memory);
      props.put(EXECUTOR_JAVA_OPTIONS, executorOptions.isBlank() ? heap : executorOptions + " " + heap);
    }
    return props;
  }

  /**
   * The {@code -Xms} that fixes a group JVM's heap at its {@code -Xmx}, when the options give a
   * maximum and no initial size; executors get the same from {@link #sparkProperties} (their
   * {@code spark.executor.memory}). Measured on the seed grid's thread groups (2 cores): with the
   * heap left to grow, every group after the first in a shared JVM started again at 1.7-4x its
   * steady time and took 12 rounds (15-20 s) to level off, because the memory probes' forced
   * collections and the stopped SparkContext let G1 shrink the heap to ~150 MB (7 young collections
   * a second, JFR) and it grew back round by round; with {@code -Xms} equal to {@code -Xmx} the
   * second and third groups started within 1.2x of steady. A long-running Spark JVM's heap is grown:
   * a fixed one measures that steady state, not the resizing.
   */
  static Optional<String> fixedHeap(List<String> jvmOptions) {
    if (hasOption(jvmOptions, "-Xms")) {
      return Optional.empty();
    }
    String max = null;
    for (String o : jvmOptions) {
      if (o.startsWith("-Xmx")) {
        max = o.substring("-Xmx".length());
      }
    }
    return max == null || max.isEmpty() ? Optional.empty() : Optional.of("-Xms" + max);
  }

  private static boolean hasOption(List<String> jvmOptions, String prefix) {
    return jvmOptions.stream().anyMatch(o -> o.startsWith(prefix));
  }

  private static final String EXECUTOR_MEMORY = "spark.executor.memory";

  /** Spark's default {@code spark.executor.memory}. */
  private static final String DEFAULT_EXECUTOR_MEMORY = "1g";

  private static final String EXECUTOR_JAVA_OPTIONS = "spark.executor.extraJavaOptions";

  /** After a child has exited with {@code exitCode}: keeps the class-data archive it wrote, if any. */
  void childExited(int exitCode) {
    archive.ifPresent(a -> a.childExited(exitCode == 0));
  }

  /** A process of {@code command} whose standard error is appended to {@code log}. */
  static ProcessBuilder processBuilder(List<String> command, Path log) {
    return processBuilder(command, log, SparkHome.childEnvironment());
  }

  static ProcessBuilder processBuilder(List<String> command, Path log, Map<String, String> environment) {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(environment);
    pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    return pb;
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
}
