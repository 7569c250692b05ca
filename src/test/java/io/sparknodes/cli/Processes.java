package io.sparknodes.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Child processes of the integration tests: bounded in time, output kept in a file, killed with their descendants. */
final class Processes {
  private Processes() {}

  /** What a finished process left. */
  record Outcome(int exitCode, String output) {}

  /** The project folder (failsafe's {@code sparknodes.projectDir}, else the working directory). */
  static Path projectDir() {
    return Path.of(System.getProperty("sparknodes.projectDir", ".")).toAbsolutePath().normalize();
  }

  /** The app jar built by {@code package}. */
  static Path appJar() {
    String jar = System.getProperty("sparknodes.appJar");
    if (jar == null) {
      throw new IllegalStateException("sparknodes.appJar is not set: run the integration tests through mvn verify");
    }
    return Path.of(jar);
  }

  /** This JVM's class path without the project's own classes and without the entries {@code drop} matches. */
  static String dependencyClassPath(Predicate<String> drop) {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.isEmpty())
        .map(e -> Path.of(e).toAbsolutePath().normalize().toString())
        .filter(e -> !e.endsWith("target" + File.separator + "classes") && !e.endsWith("target" + File.separator + "test-classes"))
        .filter(drop.negate())
        .reduce((a, b) -> a + File.pathSeparator + b).orElse("");
  }

  /** {@code java} of this JVM with Spark's Java 17 flags, headless, loopback, the project's logging. */
  static List<String> java() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(io.sparknodes.spark.internal.SparkSettings.javaModuleOptions());
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-Dlog4j2.configurationFile=" + projectDir().resolve("conf/log4j2.properties"));
    return cmd;
  }

  /**
   * Runs {@code cmd} in {@code dir} to its end or {@code timeoutSeconds}, whichever is first; on
   * timeout kills it and its descendants and fails with its output.
   */
  static Outcome run(List<String> cmd, Path dir, Map<String, String> env, Path log, long timeoutSeconds)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        kill(p.toHandle());
        throw new AssertionError("did not finish within " + timeoutSeconds + " s: " + cmd + "\n" + tail(log));
      }
      return new Outcome(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      kill(p.toHandle());
    }
  }

  /** Processes whose command line names a points file in {@code out/logs}: a sweep's group JVMs (Linux: /proc). */
  static List<ProcessHandle> groupJvms(Path out) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.pid() != ProcessHandle.current().pid())
        .filter(p -> commandLine(p.pid()).contains(out.resolve("logs").resolve("group-").toString()))
        .filter(ProcessHandle::isAlive)
        .toList();
  }

  private static String commandLine(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException | SecurityException e) {
      return "";
    }
  }

  /** Kills a process and its descendants, children first. */
  static void kill(ProcessHandle p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // A process that does not die within 30 s after SIGKILL is beyond our reach; the test reports its own failure.
    }
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }
}
