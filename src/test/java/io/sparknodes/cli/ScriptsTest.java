package io.sparknodes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scripts' own lines: a clean start, and one line for a bad profile. No Spark starts. */
class ScriptsTest {
  private static final Path PROJECT = Processes.projectDir();

  /** The Maven class path as the scripts take it; our classes come from target/classes. */
  private static Map<String, String> env() {
    return Map.of("SPARKNODES_CLASSPATH", Processes.dependencyClassPath(e -> false), "SPARK_HOME", "");
  }

  @Test
  void cli_printsOnlyItsOwnLines_onANormalStart(@TempDir Path tmp) throws Exception {
    Processes.Outcome run = Processes.run(List.of("bash", "scripts/sparknodes", "--version"), PROJECT, env(),
        tmp.resolve("version.log"), 60);
    assertEquals(0, run.exitCode(), run.output());
    List<String> lines = run.output().lines().toList();
    assertEquals(1, lines.size(), "no JVM warning before our line: " + run.output());
    assertTrue(lines.get(0).startsWith("sparknodes "), run.output());
  }

  @Test
  void submit_withAMissingOrBadProfile_saysSoInOneLine_beforeAnythingIsBuiltOrSubmitted(@TempDir Path tmp)
      throws Exception {
    Path missing = tmp.resolve("missing.json");
    Processes.Outcome run = Processes.run(List.of("bash", "scripts/submit", "--profile", missing.toString(),
        "--class", "com.acme.Job", "job.jar"), PROJECT, env(), tmp.resolve("missing.log"), 60);
    assertEquals(2, run.exitCode(), run.output());
    assertEquals("sparknodes: profile " + missing + " does not exist", run.output().strip());

    Path bad = Files.writeString(tmp.resolve("profile.json"), """
        {"profileVersion": 1, "measuredOn": {"local": true, "cores": 2},
         "optimal": {"settings": {"batch_size": -4}}}""");
    Processes.Outcome badRun = Processes.run(List.of("bash", "scripts/submit", "--profile", bad.toString(),
        "--class", "com.acme.Job", "job.jar"), PROJECT, env(), tmp.resolve("bad.log"), 60);
    assertEquals(2, badRun.exitCode(), badRun.output());
    assertEquals("sparknodes: profile " + bad + ": optimal.settings: batch_size must be positive but was -4",
        badRun.output().strip());

    // --profile=FILE and --use-case=NAME are submit's own too, not options passed on to spark-submit
    Processes.Outcome joined = Processes.run(List.of("bash", "scripts/submit", "--profile=" + missing,
        "--use-case=general", "--class", "com.acme.Job", "job.jar"), PROJECT, env(), tmp.resolve("joined.log"), 60);
    assertEquals(2, joined.exitCode(), joined.output());
    assertEquals("sparknodes: profile " + missing + " does not exist", joined.output().strip());
  }
}
