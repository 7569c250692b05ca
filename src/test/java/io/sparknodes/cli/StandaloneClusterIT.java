package io.sparknodes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.Observed;
import io.sparknodes.results.Results;
import io.sparknodes.results.Status;
import io.sparknodes.results.Trial;
import io.sparknodes.results.format.ResultsJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on 127.0.0.1 (scripts/cluster: one master, two one-core workers),
 * and work submitted to it through scripts/submit (SparkSubmit in a JVM of its own, the app jar,
 * conf/spark-defaults.conf). The cluster is stopped after the tests, and by a shutdown hook if this
 * JVM ends first.
 */
class StandaloneClusterIT {
  private static final Path PROJECT = Processes.projectDir();
  private static final Path CLUSTER = PROJECT.resolve("target/it-cluster");
  private static final Thread STOP_HOOK = new Thread(StandaloneClusterIT::stopCluster, "stop-it-cluster");
  private static String master;

  /** Spark and the dependencies, as the scripts' Maven class path: our classes come from the app jar only. */
  private static Map<String, String> scriptEnv() {
    return Map.of(
        "SPARKNODES_CLASSPATH", Processes.dependencyClassPath(e -> false),
        "SPARKNODES_APP_JAR", Processes.appJar().toString(),
        "SPARK_HOME", "",
        "SPARK_LOCAL_IP", "127.0.0.1");
  }

  @BeforeAll
  static void startCluster() throws Exception {
    Runtime.getRuntime().addShutdownHook(STOP_HOOK);
    Files.createDirectories(CLUSTER);
    Processes.Outcome start = Processes.run(List.of("bash", "scripts/cluster", "start", "--workers", "2", "--port", "0",
        "--webui-port", "0", "--worker-memory", "1g", "--dir", CLUSTER.toString()), PROJECT, scriptEnv(),
        CLUSTER.resolve("start.log"), 150);
    assertEquals(0, start.exitCode(), "scripts/cluster start failed:\n" + start.output());
    master = Files.readString(CLUSTER.resolve("master-url")).strip();
    assertTrue(master.matches("spark://127\\.0\\.0\\.1:\\d+"), master);
  }

  @AfterAll
  static void stopClusterAndCheck() {
    List<Long> pids = clusterPids();
    stopCluster();
    Runtime.getRuntime().removeShutdownHook(STOP_HOOK);
    for (long pid : pids) {
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "cluster process " + pid + " outlived stop");
    }
  }

  private static List<Long> clusterPids() {
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> files = Files.list(CLUSTER.resolve("pids"))) {
      for (Path f : files.toList()) {
        pids.add(Long.parseLong(Files.readString(f).strip()));
      }
    } catch (IOException | NumberFormatException e) {
      // No pid files: nothing was started.
    }
    return pids;
  }

  /** scripts/cluster stop, then a kill of whatever it left (with descendants), by pid. */
  private static void stopCluster() {
    List<Long> pids = clusterPids();
    List<ProcessHandle> tree = new ArrayList<>();
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(h -> {
        tree.addAll(h.descendants().toList());
        tree.add(h);
      });
    }
    try {
      Processes.run(List.of("bash", "scripts/cluster", "stop", "--dir", CLUSTER.toString()), PROJECT, scriptEnv(),
          CLUSTER.resolve("stop.log"), 60);
    } catch (IOException | InterruptedException | AssertionError e) {
      System.err.println("scripts/cluster stop: " + e);
    } finally {
      tree.forEach(Processes::kill);
    }
  }

  @Test
  void tinyGrid_submittedToTheCluster_isCorrect_andRunsExecutorsInSeparateJvms(@TempDir Path tmp) throws Exception {
    Path grid = tmp.resolve("grid.json");
    Files.writeString(grid, """
        {"name": "standalone-it", "workload": "text-normalize", "items": 400, "warmup": 1, "repeats": 2,
         "time_limit_seconds": 120, "seed": 7, "applications": 1,
         "axes": {"use_process": [true], "max_concurrency": [1, 2], "batch_size": [25, 50]}}
        """);
    Path out = tmp.resolve("out");
    Processes.Outcome run = Processes.run(List.of("bash", "scripts/submit", "--master", master,
        "--conf", "spark.ui.enabled=false", "--conf", "spark.executor.memory=512m",
        "grid", grid.toString(), "--out", out.toString(), "--child-jvm-option", "-Xmx1g"), PROJECT, scriptEnv(),
        tmp.resolve("submit.log"), 400);
    assertEquals(0, run.exitCode(), "scripts/submit grid failed:\n" + run.output());

    Results results = ResultsJson.read(out.resolve("results.json"));
    assertEquals(master, results.environment().master());
    assertEquals(4, results.trials().size());
    for (Trial t : results.trials()) {
      assertEquals(Status.OK, t.status(), t.id() + ": " + t.error().orElse(""));
      // No layout or engine flag (a warm-up cut by its cap on a busy machine is not one).
      assertEquals(List.of(), t.flags().stream().filter(f -> !f.startsWith("warm-up stopped")).toList(), t.id());
      assertEquals(2, t.warmSeconds().size(), t.id());
      Observed o = t.observed().orElseThrow();
      int batch = (Integer) t.params().get("batch_size");
      assertEquals(batch, o.batchMax(), t.id());
      int executors = (Integer) t.params().get("max_concurrency");
      // 4 partitions a slot: 100 or 50 rows each, so both batch sizes fit.
      assertEquals(io.sparknodes.spark.internal.SparkSettings.PARTITIONS_PER_SLOT_DEFAULT * executors, o.partitions(),
          t.id());
      assertEquals(executors, o.executors(), t.id() + " executors");
      assertEquals(executors, o.jvms(), t.id() + " executor JVMs");
    }
    assertTrue(Files.exists(out.resolve("report.md")));
  }

  @Test
  void usersWorkloadJars_submittedWithJars_sweepOnTheClustersExecutors(@TempDir Path tmp) throws Exception {
    // The workload and its dependency, compiled here into two jars (as in UserJarsTest); neither is on a class path.
    Path dep = UserJarsTest.buildJar(tmp.resolve("dep"), "com/acme/dep/Shout.java", UserJarsTest.DEPENDENCY_SOURCE,
        System.getProperty("java.class.path"), tmp.resolve("shout-dep.jar"));
    Path workload = UserJarsTest.buildJar(tmp.resolve("workload"), "com/acme/ShoutWorkload.java",
        UserJarsTest.WORKLOAD_SOURCE, System.getProperty("java.class.path") + java.io.File.pathSeparator + dep,
        tmp.resolve("shout-workload.jar"));
    Path grid = tmp.resolve("grid.json");
    Files.writeString(grid, """
        {"name": "standalone-jars", "workload": "%s", "items": 40, "warmup": 0, "repeats": 1,
         "time_limit_seconds": 120, "seed": 7,
         "axes": {"use_process": [true], "max_concurrency": [2], "batch_size": [10]}}
        """.formatted(UserJarsTest.WORKLOAD));
    Path out = tmp.resolve("out");
    Processes.Outcome run = Processes.run(List.of("bash", "scripts/submit", "--master", master,
        "--conf", "spark.ui.enabled=false", "--conf", "spark.executor.memory=512m", "--jars", workload + "," + dep,
        "grid", grid.toString(), "--out", out.toString(), "--child-jvm-option", "-Xmx1g"), PROJECT, scriptEnv(),
        tmp.resolve("submit.log"), 400);
    assertEquals(0, run.exitCode(), "scripts/submit --jars grid failed:\n" + run.output());
    Results results = ResultsJson.read(out.resolve("results.json"));
    assertEquals(master, results.environment().master());
    Trial t = results.trials().get(0);
    // The workload's check passed: the user's classes ran on the cluster's executor JVMs.
    assertEquals(Status.OK, t.status(), t.id() + ": " + t.error().orElse(""));
    assertEquals(2, t.observed().orElseThrow().jvms(), t.id());
  }

  @Test
  void usersPipeline_submittedWithTheAppJar_buildsItsModelOncePerExecutorJvm(@TempDir Path tmp) throws Exception {
    Path jar = tmp.resolve("user-job.jar");
    Path classes = PROJECT.resolve("target/test-classes");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.list(classes.resolve("io/sparknodes/cli"))) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("UserJob")).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    Processes.Outcome run = Processes.run(List.of("bash", "scripts/submit", "--master", master,
        "--conf", "spark.ui.enabled=false", "--conf", "spark.executor.memory=512m",
        "--class", "io.sparknodes.cli.UserJob", jar.toString(), "60"), PROJECT, scriptEnv(),
        tmp.resolve("user.log"), 300);
    assertEquals(0, run.exitCode(), "scripts/submit of the user's job failed:\n" + run.output());
    String line = run.output().lines().filter(l -> l.startsWith("@@user ")).findFirst()
        .orElseThrow(() -> new AssertionError("no @@user line:\n" + run.output()));
    Map<String, String> got = new java.util.HashMap<>();
    for (String kv : line.substring("@@user ".length()).split(" ")) {
      got.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    assertEquals(master, got.get("master"), line);
    assertEquals("60", got.get("items"), line);
    assertEquals("true", got.get("inOrder"), line);
    assertEquals("false", got.get("inDriver"), line);
    assertEquals(got.get("executors"), got.get("jvms"), line);
    assertEquals(got.get("executors"), got.get("built"), "one model per executor JVM: " + line);
  }
}
