package io.sparknodes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.Results;
import io.sparknodes.results.Status;
import io.sparknodes.results.Trial;
import io.sparknodes.results.format.ResultsJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A sweep survives what goes wrong: a run past its time limit, its own JVM killed. */
@Tag("faults")
class SweepFaultsTest {
  @TempDir
  Path dir;

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void runPastItsTimeLimit_isRecordedAsTimeout_itsJvmTornDown_andTheSweepGoesOn() throws Exception {
    Path grid = Files.writeString(dir.resolve("g.json"), """
        {"workload": "%s", "items": 26, "warmup": 0, "repeats": 2, "budget_seconds": 0, "time_limit_seconds": 15,
         "axes": {"use_process": [false], "max_concurrency": [1], "partitions": [1], "batch_size": [10, 13]}}"""
        .formatted(TestWorkloads.HangsAt13.class.getName()));
    Path out = dir.resolve("out");
    java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
    Thread watcher = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        seen.accumulateAndGet(Processes.groupJvms(out).size(), Math::max);
      }
    });
    watcher.setDaemon(true);
    watcher.start();
    GridCommandTest.Run run = GridCommandTest.cli("grid", grid.toString(), "--out", out.toString());
    watcher.interrupt();
    watcher.join();
    assertEquals(1, run.code(), run.out() + run.err());
    assertTrue(seen.get() >= 1, "group JVMs were seen while the sweep ran");
    Results results = ResultsJson.read(out.resolve("results.json"));
    Map<Object, Trial> byBatch = results.trials().stream()
        .collect(Collectors.toMap(t -> t.params().get("batch_size"), Function.identity()));
    assertEquals(Status.TIMEOUT, byBatch.get(13).status());
    assertTrue(byBatch.get(13).error().orElseThrow().contains("time limit of 15.0 s"), byBatch.get(13).toString());
    assertEquals(Status.OK, byBatch.get(10).status(), byBatch.get(10).toString());
    assertEquals(2, byBatch.get(10).warmSeconds().size());
    assertEquals(List.of(), Processes.groupJvms(out), "no group JVM left behind");
    assertTrue(Files.readString(out.resolve("report.md")).contains("TIMEOUT"));
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void sweepKilledMidway_leavesValidResults_andResumeCompletesEveryPointOnce() throws Exception {
    Path grid = Files.writeString(dir.resolve("g.json"), """
        {"workload": "text-normalize", "items": 300, "warmup": 1, "repeats": 3, "budget_seconds": 0, "applications": 2,
         "axes": {"use_process": [false], "max_concurrency": [1, 2, 3], "batch_size": [50, 100]}}""");
    Path out = dir.resolve("out");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(JavaModuleOptions.defaultModuleOptions().trim().split("\\s+")));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "grid", grid.toString(), "--out", out.toString()));
    Process sweep = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("sweep.log").toFile()).start();
    Path resultsFile = out.resolve("results.json");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    int recorded = 0;
    int running = 0;
    // Wait until some points are recorded and the next group's JVM is running.
    while ((recorded < 2 || running == 0) && System.nanoTime() < deadline && sweep.isAlive()) {
      Thread.sleep(20);
      if (Files.exists(resultsFile)) {
        recorded = ResultsJson.read(resultsFile).trials().size();
      }
      running = Processes.groupJvms(out).size();
    }
    assertTrue(recorded >= 2 && sweep.isAlive(), "the sweep recorded points and is still running: " + recorded);
    assertEquals(1, running, "a group JVM is running (and can be seen)");
    sweep.destroyForcibly(); // SIGKILL
    sweep.waitFor();

    Results partial = ResultsJson.read(resultsFile);
    assertTrue(partial.trials().size() >= 2 && partial.trials().size() < 6, "killed midway: " + partial.trials().size());
    long orphansGone = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Processes.groupJvms(out).isEmpty() && System.nanoTime() < orphansGone) {
      Thread.sleep(100);
    }
    assertEquals(List.of(), Processes.groupJvms(out), "the group JVM ends when its sweep dies");

    GridCommandTest.Run resumed = GridCommandTest.cli("grid", "--resume", out.toString());
    assertEquals(0, resumed.code(), resumed.out() + resumed.err());
    Results done = ResultsJson.read(resultsFile);
    assertEquals(6, done.trials().size());
    assertEquals(6, done.trials().stream().map(Trial::id).distinct().count(), "every point exactly once");
    for (Trial t : partial.trials()) {
      // a point recorded after its group's first application gets the second one's samples appended
      List<Double> samples = done.trial(t.id()).orElseThrow().warmSeconds();
      assertEquals(t.warmSeconds(), samples.subList(0, t.warmSeconds().size()), "a recorded point was redone: " + t.id());
    }
  }
}
