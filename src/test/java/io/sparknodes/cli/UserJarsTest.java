package io.sparknodes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.Observed;
import io.sparknodes.results.Results;
import io.sparknodes.results.Status;
import io.sparknodes.results.Trial;
import io.sparknodes.results.format.ResultsJson;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's workload built as a new user would (a class compiled against the library, in its own jar,
 * with a dependency in another jar) and swept with {@code --jars}: loaded by the sweep, by every
 * group's JVM and by the executor JVMs of process mode. Neither class is on this JVM's class path.
 */
class UserJarsTest {
  static final String WORKLOAD = "com.acme.ShoutWorkload";

  static final String DEPENDENCY_SOURCE = """
      package com.acme.dep;

      public final class Shout {
        private Shout() {}

        public static String shout(String s) {
          return s.toUpperCase(java.util.Locale.ROOT) + "!";
        }
      }
      """;

  static final String WORKLOAD_SOURCE = """
      package com.acme;

      import com.acme.dep.Shout;
      import io.sparknodes.pipeline.MapResult;
      import io.sparknodes.pipeline.Node;
      import io.sparknodes.pipeline.Pipeline;
      import io.sparknodes.workloads.Workload;
      import java.util.List;
      import java.util.Map;
      import java.util.Optional;
      import java.util.stream.IntStream;

      public final class ShoutWorkload implements Workload {
        public String name() { return "shout"; }
        public Pipeline pipeline() {
          return Pipeline.of(Node.named("shouted").inputs("text").row((String t) -> Shout.shout(t)));
        }
        public String mappedInput() { return "text"; }
        public List<?> items(int n) { return IntStream.range(0, n).mapToObj(i -> "word " + i).toList(); }
        public Map<String, Object> constants() { return Map.of(); }
        public Optional<String> check(List<?> items, MapResult result) {
          return Workload.checkEach(items, result.column("shouted"), t -> Shout.shout((String) t), 1);
        }
      }
      """;

  @TempDir
  static Path dir;
  static Path workloadJar;
  static Path dependencyJar;

  @BeforeAll
  static void buildTheUsersJars() throws Exception {
    dependencyJar = buildJar(dir.resolve("dep"), "com/acme/dep/Shout.java", DEPENDENCY_SOURCE,
        System.getProperty("java.class.path"), dir.resolve("shout-dep.jar"));
    workloadJar = buildJar(dir.resolve("workload"), "com/acme/ShoutWorkload.java", WORKLOAD_SOURCE,
        System.getProperty("java.class.path") + File.pathSeparator + dependencyJar, dir.resolve("shout-workload.jar"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName(WORKLOAD), "the workload must not be on the test class path");
  }

  /** Compiles one source file against {@code classPath} and packages its classes into {@code jar}. */
  static Path buildJar(Path work, String relative, String source, String classPath, Path jar) throws IOException {
    Path src = work.resolve("src").resolve(relative);
    Path classes = work.resolve("classes");
    Files.createDirectories(src.getParent());
    Files.createDirectories(classes);
    Files.writeString(src, source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter errors = new StringWriter();
    boolean ok = javac.getTask(errors, null, null,
        List.of("-d", classes.toString(), "-cp", classPath, "--release", "17"), null,
        javac.getStandardFileManager(null, null, null).getJavaFileObjects(src.toFile())).call();
    assertTrue(ok, "javac failed: " + errors);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  private static Path grid(String name, String axes) throws IOException {
    return Files.writeString(dir.resolve(name + ".json"), """
        {"name": "%s", "workload": "%s", "items": 40, "warmup": 0, "repeats": 1, "time_limit_seconds": 120, "applications": 1, "budget_seconds": 0,
         "axes": %s}""".formatted(name, WORKLOAD, axes));
  }

  @Test
  void workloadInAUsersJar_sweepsInThreadAndProcessMode_withItsDependencyJar() throws Exception {
    Path grid = grid("jars", """
        {"use_process": [false, true], "max_concurrency": [2], "batch_size": [10]}""");
    Path out = dir.resolve("out");
    GridCommandTest.Run run = GridCommandTest.cli("grid", grid.toString(), "--out", out.toString(),
        "--jars", workloadJar + "," + dependencyJar);
    assertEquals(0, run.code(), run.out() + run.err());
    Results results = ResultsJson.read(out.resolve("results.json"));
    assertEquals(2, results.trials().size());
    // The user's workload's graph is drawn too (its class is loaded over the jars).
    assertTrue(results.pipelineGraph().startsWith("flowchart"), results.pipelineGraph());
    assertTrue(Files.readString(out.resolve("report.md")).contains("## Pipeline\n"));
    for (Trial t : results.trials()) {
      // The workload's own check ran on every run: the output came from the user's code on the executors.
      assertEquals(Status.OK, t.status(), t.id() + ": " + t.error().orElse(""));
      Observed o = t.observed().orElseThrow();
      assertEquals(io.sparknodes.spark.internal.SparkSettings.PARTITIONS_PER_SLOT_DEFAULT * 2, o.partitions(), t.id());
      if ((Boolean) t.params().get("use_process")) {
        assertTrue(o.jvms() >= 1 && o.executors() >= 1, t.id() + " ran in executor JVMs: " + o);
      }
    }
  }

  @Test
  void graph_drawsAWorkloadFromTheUsersJars() throws Exception {
    GridCommandTest.Run run = GridCommandTest.cli("graph", "--workload", WORKLOAD, "--jars",
        workloadJar + "," + dependencyJar);
    assertEquals(0, run.code(), run.out() + run.err());
    assertTrue(run.out().startsWith("flowchart TD\n"), run.out());
    GridCommandTest.Run without = GridCommandTest.cli("graph", "--workload", WORKLOAD);
    assertEquals(2, without.code(), without.err());
    assertTrue(without.err().contains("not on the class path"), without.err());
  }

  @Test
  void withoutJars_theWorkloadIsNotFound_andABadJarIsNamed() throws Exception {
    Path grid = grid("nojars", """
        {"use_process": [false], "max_concurrency": [1], "batch_size": [10]}""");
    GridCommandTest.Run without = GridCommandTest.cli("grid", grid.toString(), "--out", dir.resolve("none").toString());
    assertEquals(2, without.code(), without.err());
    assertTrue(without.err().contains("unknown workload class '" + WORKLOAD + "': not on the class path"), without.err());
    Path nope = dir.resolve("nope.jar");
    GridCommandTest.Run bad = GridCommandTest.cli("grid", grid.toString(), "--out", dir.resolve("bad").toString(),
        "--jars", workloadJar + "," + nope);
    assertEquals(2, bad.code(), bad.err());
    assertEquals("sparknodes: --jars: " + nope + " does not exist", bad.err().strip());
  }
}
