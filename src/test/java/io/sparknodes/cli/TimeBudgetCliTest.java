package io.sparknodes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.Results;
import io.sparknodes.results.Trial;
import io.sparknodes.results.format.ResultsJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shared-design sweep stopped early: by {@code --time-budget} (exit 0 at the next application
 * boundary, a valid report, {@code --resume} completes it) or by SIGTERM (a valid report, no group
 * JVM left behind).
 */
@Tag("faults")
class TimeBudgetCliTest {
  private static final String GRID = """
      {"workload": "text-normalize", "items": 300, "warmup": 1, "repeats": 3, "budget_seconds": 0,
       "design": "shared", "min_sample_seconds": 0.02, "applications": 2,
       "axes": {"use_process": [false], "max_concurrency": [1, 2], "batch_size": [50, 100]}}""";

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void aTimeBudget_stopsAtTheFirstJvmBoundary_withExit0AndAValidReport_andResumeCompletesIt() throws Exception {
    Path grid = Files.writeString(dir.resolve("g.json"), GRID);
    Path out = dir.resolve("out");
    GridCommandTest.Run stopped = GridCommandTest.cli("grid", grid.toString(), "--out", out.toString(),
        "--time-budget", "1s");
    assertEquals(0, stopped.code(), stopped.out() + stopped.err());
    Results partial = ResultsJson.read(out.resolve("results.json"));
    // The first pass's JVM ran (both groups, one application each); the second pass did not start.
    assertEquals(4, partial.trials().size(), partial.trials().toString());
    for (Trial t : partial.trials()) {
      assertEquals(1, t.applicationCount(), t.id());
    }
    assertEquals(1, partial.applications().stream().map(a -> a.jvmKey()).distinct().count(),
        "one JVM ran: " + partial.applications());
    String report = Files.readString(out.resolve("report.md"));
    assertTrue(report.contains("Design: shared."), report);

    GridCommandTest.Run resumed = GridCommandTest.cli("grid", "--resume", out.toString());
    assertEquals(0, resumed.code(), resumed.out() + resumed.err());
    Results done = ResultsJson.read(out.resolve("results.json"));
    assertEquals(4, done.trials().size());
    for (Trial t : done.trials()) {
      Trial before = partial.trial(t.id()).orElseThrow();
      assertEquals(before.warmSeconds(), t.warmSeconds().subList(0, before.warmSeconds().size()),
          "the first JVM's samples are kept, not redone: " + t.id());
      assertTrue(t.applicationCount() == 2 || t.stopReason().isPresent(),
          "each point got its second JVM, or was stopped as not worth one: " + t);
    }
    assertEquals(List.of(), Processes.groupJvms(out));
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void sigterm_midSweep_leavesAValidReport_andNoGroupJvm() throws Exception {
    Path grid = Files.writeString(dir.resolve("g.json"), GRID);
    Path out = dir.resolve("out");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(JavaModuleOptions.defaultModuleOptions().trim().split("\\s+")));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "grid", grid.toString(), "--out", out.toString()));
    Process sweep = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("sweep.log").toFile()).start();
    try {
      Path report = out.resolve("report.md");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(200);
      // Wait for the first JVM's report and the second pass's JVM to be running.
      while ((!Files.exists(report) || Processes.groupJvms(out).isEmpty()) && System.nanoTime() < deadline && sweep.isAlive()) {
        Thread.sleep(20);
      }
      assertTrue(sweep.isAlive() && Files.exists(report) && !Processes.groupJvms(out).isEmpty(),
          "the sweep wrote a report and runs its second JVM: " + Files.readString(dir.resolve("sweep.log")));
      sweep.destroy(); // SIGTERM
      assertTrue(sweep.waitFor(60, TimeUnit.SECONDS), "the sweep ends on SIGTERM");
      long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!Processes.groupJvms(out).isEmpty() && System.nanoTime() < gone) {
        Thread.sleep(100);
      }
      assertEquals(List.of(), Processes.groupJvms(out), "no group JVM left behind");
      Results partial = ResultsJson.read(out.resolve("results.json"));
      assertEquals(4, partial.trials().size());
      assertTrue(Files.readString(report).contains("Design: shared."));
    } finally {
      Processes.kill(sweep.toHandle());
    }
  }
}
