package io.sparknodes.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.Fixtures;
import io.sparknodes.results.Results;
import io.sparknodes.results.Status;
import io.sparknodes.results.StopReason;
import io.sparknodes.results.Trial;
import io.sparknodes.results.format.ResultsJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How trials from balanced and racing applications become the results on disk, and when a point is done. */
class TrialRecorderTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  Path dir;

  /** What the progress listener heard. */
  private static final class Heard implements Sweep.Progress {
    final List<String> events = new ArrayList<>();

    @Override
    public void started(int total, int done) {
      events.add("started " + done + "/" + total);
    }

    @Override
    public void running(String pointId, String phase, int round) {}

    @Override
    public void finished(Trial trial, int done, int total) {
      events.add("finished " + trial.id() + " " + done + "/" + total);
    }
  }

  private static final Grid GRID = Grid.parse("""
      {"workload": "text-normalize", "items": 10, "repeats": 4, "applications": 2, "axes": {"batch_size": [1, 2]}}""");

  private static Trial trial(int batchSize, Status status, double... warm) {
    List<Double> w = new ArrayList<>();
    for (double x : warm) {
      w.add(x);
    }
    Trial.Builder b = Trial.builder(Map.of("batch_size", batchSize)).status(status).warmSeconds(w, 10).loops(4)
        .startedAt(T0).finishedAt(T0.plusSeconds(1));
    if (status != Status.OK) {
      b.error("it broke");
    }
    return b.build();
  }

  private Path file() {
    return dir.resolve("results.json");
  }

  private TrialRecorder recorder(Results start, Heard heard) throws IOException {
    ResultsJson.write(start, file());
    return new TrialRecorder(start, file(), GRID.points().size(), SweepOrder.applications(GRID), heard);
  }

  private static Results empty() {
    return Results.start(Fixtures.environment(), GRID.info(), T0);
  }

  @Test
  void aPointIsDone_whenItsSecondApplicationIsMerged_andEveryStepIsOnDisk() throws IOException {
    Heard heard = new Heard();
    TrialRecorder recorder = recorder(empty(), heard);
    recorder.started();
    recorder.balanced(trial(1, Status.OK, 0.1, 0.2), 0);
    Trial first = recorder.trial("batch_size=1").orElseThrow();
    assertEquals(List.of(0, 0), first.applications(), "the first application's samples are tagged 0");
    assertEquals(recorder.results(), ResultsJson.read(file()));
    recorder.balanced(trial(1, Status.OK, 0.3, 0.4), 1);
    Trial merged = recorder.trial("batch_size=1").orElseThrow();
    assertEquals(List.of(0.1, 0.2, 0.3, 0.4), merged.warmSeconds());
    assertEquals(List.of(0, 0, 1, 1), merged.applications());
    assertEquals(recorder.results(), ResultsJson.read(file()));
    assertEquals(List.of("started 0/2", "finished batch_size=1 1/2"), heard.events);
  }

  @Test
  void aFailedPoint_isDoneAtOnce_andAResumeCountsWhatIsDone() throws IOException {
    Heard heard = new Heard();
    TrialRecorder recorder = recorder(empty(), heard);
    recorder.balanced(trial(2, Status.TIMEOUT), 0);
    assertEquals(List.of("finished batch_size=2 1/2"), heard.events);
    Heard again = new Heard();
    recorder(recorder.results(), again).started();
    assertEquals(List.of("started 1/2"), again.events);
  }

  @Test
  void racingSamples_areAppendedWithTheirApplication_theWallShared_andReasonsRecorded() throws IOException {
    Heard heard = new Heard();
    Results start = empty().withTrial(trial(1, Status.OK, 0.1, 0.2)).withTrial(trial(2, Status.OK, 0.3, 0.4));
    TrialRecorder recorder = recorder(start, heard);
    assertFalse(recorder.racing(Trial.builder(Map.of("batch_size", 3)).status(Status.OK).startedAt(T0)
        .finishedAt(T0).build(), 1), "a point without an earlier trial is not racing");
    assertTrue(recorder.racing(trial(1, Status.OK, 0.15), 1));
    assertTrue(recorder.racing(trial(2, Status.FAILED), 1));
    recorder.shareWall(10, Set.of("batch_size=1", "batch_size=2"));
    recorder.stop(Map.of("batch_size=1", StopReason.BUDGET));
    Trial raced = recorder.trial("batch_size=1").orElseThrow();
    assertEquals(List.of(0.15), raced.racingSeconds());
    assertEquals(List.of(1), raced.racingApplications());
    assertEquals(5.0, raced.racingWallSeconds().orElseThrow(), 1e-12);
    assertEquals(StopReason.BUDGET, raced.stopReason().orElseThrow());
    Trial failed = recorder.trial("batch_size=2").orElseThrow();
    assertEquals(StopReason.FAILED, failed.stopReason().orElseThrow(), "a failed racing application stops it");
    assertEquals(List.of(0.3, 0.4), failed.warmSeconds(), "its earlier samples stand");
    assertEquals(10.0, TrialRecorder.racingSpent(recorder.results()), 1e-12);
    assertEquals(recorder.results(), ResultsJson.read(file()));
    assertEquals(List.of(), heard.events, "racing does not report points finished");
  }
}
