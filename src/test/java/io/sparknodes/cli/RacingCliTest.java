package io.sparknodes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparknodes.results.Results;
import io.sparknodes.results.Status;
import io.sparknodes.results.StopReason;
import io.sparknodes.results.Trial;
import io.sparknodes.results.format.ResultsJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Racing end to end on a tiny one-application grid: stop reasons recorded, report section, resume redoes nothing. */
class RacingCliTest {
  @TempDir Path dir;

  /** Sweeps the tiny grid (one group of three points, one application) with this racing budget; its output folder. */
  private Path sweep(double budgetSeconds) throws Exception {
    Path grid = Files.writeString(dir.resolve("g.json"), """
        {"workload": "text-normalize", "items": 400, "warmup": 1, "repeats": 2, "applications": 1,
         "min_sample_seconds": 0.02, "max_repeats": 4, "budget_seconds": %s,
         "axes": {"use_process": [false], "max_concurrency": [1], "batch_size": [10, 50, 200]}}"""
        .formatted(budgetSeconds));
    Path out = dir.resolve("out");
    GridCommandTest.Run run = GridCommandTest.cli("grid", grid.toString(), "--out", out.toString());
    assertEquals(0, run.code(), run.out() + run.err());
    return out;
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void aRacedSweep_recordsWhySamplingStopped_andAResumeRedoesNoRacing() throws Exception {
    Path out = sweep(60);
    Results results = ResultsJson.read(out.resolve("results.json"));
    assertEquals(3, results.trials().size());
    for (Trial t : results.trials()) {
      assertEquals(Status.OK, t.status(), t.toString());
      assertEquals(2, t.warmSeconds().size(), "the balanced samples: " + t.id());
      StopReason why = t.stopReason().orElseThrow(() -> new AssertionError("no stop reason: " + t.id()));
      assertTrue(t.allSeconds().size() <= 4, "at most max_repeats: " + t.id());
      assertTrue(t.racingApplications().stream().allMatch(a -> a == 1), "racing ran as application 1: " + t.id());
      assertEquals(!t.racingSeconds().isEmpty(), t.racingWallSeconds().isPresent(), t.id());
      if (why == StopReason.MAX_REPEATS) {
        assertEquals(4, t.allSeconds().size(), t.id());
      }
    }
    String report = Files.readString(out.resolve("report.md"));
    assertTrue(report.contains("## Samples and racing"), report);
    long racingApps = results.trials().stream().flatMap(t -> t.racingApplications().stream()).distinct().count();
    assertEquals(1, results.applications().stream().filter(a -> !a.racing()).count(), "one balanced application");
    assertEquals(racingApps, results.applications().stream().filter(a -> a.racing()).count(), "each racing one timed");
    assertTrue(report.contains("| Application starts (1 balanced application: "), report);
    assertTrue(report.contains("| Racing applications (" + racingApps + "; starts, warm-up, samples, ends) |"), report);

    GridCommandTest.Run resumed = GridCommandTest.cli("grid", "--resume", out.toString());
    assertEquals(0, resumed.code(), resumed.out() + resumed.err());
    Results again = ResultsJson.read(out.resolve("results.json"));
    assertEquals(results.trials(), again.trials(), "nothing was redone");
    assertEquals(results.applications(), again.applications(), "no application ran on resume");
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void aRacingApplication_thatWouldCostMoreThanTheBudget_doesNotRun() throws Exception {
    // A racing application of this group costs about what its balanced one did (seconds): more than 10 ms.
    Path out = sweep(0.01);
    Results results = ResultsJson.read(out.resolve("results.json"));
    assertEquals(0, results.applications().stream().filter(a -> a.racing()).count(), "no racing application ran");
    assumeTrue(results.applications().stream().filter(a -> !a.racing()).allMatch(a -> a.wallSeconds() > 0.01),
        "the premise: an application of this group costs more than the budget");
    // Contenders still unsettled stop for the budget, never by racing to max_repeats.
    assertTrue(results.trials().stream().map(t -> t.stopReason().orElseThrow()).allMatch(
        r -> r == StopReason.BUDGET || r == StopReason.SETTLED || r == StopReason.NOT_CONTENDER), results.trials().toString());
    for (Trial t : results.trials()) {
      assertEquals(2, t.allSeconds().size(), "the balanced samples only: " + t.id());
    }
  }
}
