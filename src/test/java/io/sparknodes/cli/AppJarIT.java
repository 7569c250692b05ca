package io.sparknodes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application jar for spark-submit: what it holds, what it leaves to Spark, and that it runs. */
class AppJarIT {
  /** Packages of our dependencies that the jar carries, relocated. */
  private static final List<String> RELOCATED = List.of("picocli/", "org/knowm/xchart/", "me/tongfei/progressbar/",
      "org/jline/", "de/erichseifert/vectorgraphics2d/", "com/madgag/gif/", "lucene/analysis/", "org/tartarus/snowball/");

  private static List<String> entries() throws Exception {
    try (JarFile jar = new JarFile(Processes.appJar().toFile())) {
      return Collections.list(jar.entries()).stream().map(e -> e.getName()).toList();
    }
  }

  @Test
  void manifest_namesTheCliAsMainClass() throws Exception {
    try (JarFile jar = new JarFile(Processes.appJar().toFile())) {
      Manifest m = jar.getManifest();
      assertEquals("io.sparknodes.cli.Main", m.getMainAttributes().getValue("Main-Class"));
      assertTrue(m.getMainAttributes().getValue("Implementation-Version").matches("\\d+\\.\\d+\\.\\d+.*"));
    }
  }

  @Test
  void everyClass_isOursOrRelocatedUnderShaded() throws Exception {
    List<String> foreign = entries().stream().filter(e -> e.endsWith(".class"))
        .filter(e -> !e.startsWith("io/sparknodes/")).toList();
    assertEquals(List.of(), foreign, "classes outside io/sparknodes/ (Spark, Scala, logging and Jackson must be provided)");
  }

  @Test
  void dependencies_areRelocated_andSparkScalaLoggingJacksonLeftOut() throws Exception {
    List<String> entries = entries();
    for (String pkg : RELOCATED) {
      assertTrue(entries.stream().anyMatch(e -> e.startsWith("io/sparknodes/shaded/" + pkg) && e.endsWith(".class")),
          "no relocated " + pkg);
    }
    for (String provided : List.of("org/apache/spark/", "scala/", "org/slf4j/", "org/apache/logging/log4j/",
        "com/fasterxml/jackson/", "org/apache/commons/math3/", "io/sparknodes/shaded/com/fasterxml/",
        "io/sparknodes/shaded/org/apache/", "io/sparknodes/shaded/scala/")) {
      assertTrue(entries.stream().noneMatch(e -> e.startsWith(provided)), provided + " is in the app jar");
    }
    assertTrue(entries.contains("io/sparknodes/cli/Main.class"));
    assertTrue(entries.contains("META-INF/services/io/sparknodes/shaded/org/jline/terminal/provider/exec"),
        "jline's relocated terminal provider");
  }

  @Test
  void luceneWorkload_shipsOnlyTheEuroparlText_noTestFrameworkNorJUnit() throws Exception {
    List<String> entries = entries();
    assertTrue(entries.contains("io/sparknodes/workloads/" + io.sparknodes.workloads.LuceneEuroparl.RESOURCE), "the text");
    for (String absent : List.of("org/junit/", "junit/", "io/sparknodes/shaded/org/junit/", "io/sparknodes/shaded/junit/",
        "com/carrotsearch/", "io/sparknodes/shaded/com/carrotsearch/", "org/apache/lucene/", "io/sparknodes/shaded/lucene/tests/",
        "META-INF/versions/")) {
      assertTrue(entries.stream().noneMatch(e -> e.startsWith(absent)), absent + " is in the app jar");
    }
    assertTrue(entries.stream().noneMatch(e -> e.contains("europarl") && !e.startsWith("io/sparknodes/workloads/")),
        "one copy of the text");
  }

  @Test
  void jar_sweepsTheLuceneWorkload_withOnlySparksClassPathBesideIt(@TempDir Path tmp) throws Exception {
    List<String> ours = List.of("/info/picocli/", "/org/knowm/", "/me/tongfei/", "/org/jline/", "/de/erichseifert/",
        "/com/madgag/", "/org/apache/lucene/");
    String sparkOnly = Processes.dependencyClassPath(e -> ours.stream().anyMatch(e::contains));
    assertTrue(!sparkOnly.contains("lucene"), sparkOnly);
    Path grid = Files.writeString(tmp.resolve("g.json"), """
        {"name": "lucene-jar", "workload": "lucene-europarl", "items": 200, "warmup": 0, "repeats": 1,
         "axes": {"use_process": [false], "max_concurrency": [2], "batch_size": [50]}}""");
    List<String> cmd = new ArrayList<>(Processes.java());
    cmd.addAll(List.of("-cp", Processes.appJar() + java.io.File.pathSeparator + sparkOnly, "io.sparknodes.cli.Main",
        "grid", grid.toString(), "--out", tmp.resolve("out").toString()));
    Processes.Outcome run = Processes.run(cmd, tmp, Map.of(), tmp.resolve("grid.log"), 240);
    assertEquals(0, run.exitCode(), run.output());
    String results = Files.readString(tmp.resolve("out/results.json"));
    assertTrue(results.contains("\"status\": \"OK\""), results);
  }

  @Test
  void jar_runsTheCli_withOnlySparksClassPathBesideIt(@TempDir Path tmp) throws Exception {
    // Spark's class path as a cluster has it: without our own dependencies, which the jar carries relocated.
    List<String> ours = List.of("/info/picocli/", "/org/knowm/", "/me/tongfei/", "/org/jline/", "/de/erichseifert/",
        "/com/madgag/", "/org/apache/lucene/");
    String sparkOnly = Processes.dependencyClassPath(e -> ours.stream().anyMatch(e::contains));
    assertTrue(!sparkOnly.contains("picocli") && !sparkOnly.contains("xchart") && sparkOnly.contains("spark-core"),
        sparkOnly);
    Path results = tmp.resolve("results.json");
    Files.copy(Processes.projectDir().resolve("src/test/resources/golden/results-small.json"), results);
    List<String> cmd = new ArrayList<>(Processes.java());
    cmd.addAll(List.of("-cp", Processes.appJar() + java.io.File.pathSeparator + sparkOnly, "io.sparknodes.cli.Main"));
    Processes.Outcome version = Processes.run(concat(cmd, "--version"), tmp, Map.of(), tmp.resolve("version.log"), 60);
    assertEquals(0, version.exitCode(), version.output());
    assertTrue(version.output().contains("sparknodes 0.1.0"), version.output());
    // report draws the charts: XChart from inside the jar.
    Processes.Outcome report = Processes.run(concat(cmd, "report", results.toString()), tmp, Map.of(),
        tmp.resolve("report.log"), 60);
    assertEquals(0, report.exitCode(), report.output());
    assertTrue(Files.exists(tmp.resolve("report.md")));
    try (var pngs = Files.list(tmp)) {
      assertTrue(pngs.anyMatch(f -> f.getFileName().toString().endsWith(".png")), "no chart written");
    }
  }

  private static List<String> concat(List<String> cmd, String... more) {
    List<String> all = new ArrayList<>(cmd);
    all.addAll(List.of(more));
    return all;
  }
}
