package io.sparknodes.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.Status;
import io.sparknodes.results.Trial;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One group's JVM held to its deadlines, with fake children (shell scripts that print events, hang
 * or exit): what each way of going wrong records. No Spark, no assertion on wall time.
 */
class ChildSessionTest {
  @TempDir
  Path dir;

  private static final Grid GRID = Grid.parse("""
      {"workload": "text-normalize", "items": 10, "axes": {"batch_size": [1, 2]}}""");
  private static final List<Point> POINTS = GRID.points();
  private static final String A = POINTS.get(0).id();
  private static final String B = POINTS.get(1).id();

  /** What the session told its listener. */
  private static final class Heard implements ChildSession.Listener {
    final List<String> runs = new ArrayList<>();
    final List<Trial> trials = new ArrayList<>();
    Map<String, Double> phases;

    @Override
    public void running(String pointId, String phase, int round) {
      runs.add(pointId + " " + phase + " " + round);
    }

    @Override
    public void trial(Trial trial) {
      trials.add(trial);
    }

    @Override
    public void ended(Instant launchedAt, Map<String, Double> secondsByPhase) {
      phases = secondsByPhase;
    }

    Trial of(String id) {
      return trials.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }
  }

  private Path log() {
    return dir.resolve("group-0.log");
  }

  /** A child that runs {@code script} (sh), given {@code lines} as $1, $2 ... */
  private ChildSession child(String script, Duration startAllowance, double timeLimitSeconds, String... lines) {
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", script, "fake-child"));
    cmd.addAll(List.of(lines));
    return new ChildSession(ChildLauncher.processBuilder(cmd, log(), Map.of()), log(), startAllowance,
        timeLimitSeconds, 10);
  }

  private static String run(String id) {
    return run(id, GroupRunner.MEASURE);
  }

  private static String run(String id, String phase) {
    return ChildProtocol.encode(new ChildEvent.RunStarting(id, phase, 1));
  }

  private static String finished(String id) {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    Point p = POINTS.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
    return ChildProtocol.encode(new ChildEvent.PointFinished(new PointResult(id, p.index(), p.params(), Status.OK,
        Optional.empty(), OptionalDouble.empty(), List.of(0.5, 0.25), 1, OptionalDouble.empty(), Optional.empty(),
        Optional.empty(), List.of(), Optional.of("local[1]"), Optional.of("4.0.1"), now, now.plusSeconds(1))));
  }

  @Test
  void aChildThatNeverStartsARun_failsEveryPoint_withTheStartAllowanceMessage() throws IOException {
    Heard heard = new Heard();
    List<Point> left = child("exec sleep 600", Duration.ZERO, 0.2).run(POINTS, heard);
    assertEquals(List.of(), left);
    assertEquals(2, heard.trials.size());
    for (Trial t : heard.trials) {
      assertEquals(Status.FAILED, t.status());
      assertEquals("the group's application did not start within 0 s (see " + log() + ")", t.error().orElseThrow());
    }
  }

  @Test
  void aRunPastTheTimeLimit_isATimeoutOfItsPoint_andTheOthersAreLeftForANewJvm() throws IOException {
    Heard heard = new Heard();
    List<Point> left = child("printf '%s\\n' \"$1\"; exec sleep 600", Duration.ofSeconds(600), 0.5, run(A))
        .run(POINTS, heard);
    assertEquals(List.of(A + " measure 1"), heard.runs);
    assertEquals(1, heard.trials.size());
    Trial timedOut = heard.of(A);
    assertEquals(Status.TIMEOUT, timedOut.status());
    assertEquals("a run took longer than the time limit of 0.5 s; its Spark application and JVM were torn down",
        timedOut.error().orElseThrow());
    assertEquals(List.of(POINTS.get(1)), left);
  }

  @Test
  void aHangAfterTheRunningPointFinished_timesOutThePointsWhoseResultsNeverCame() throws IOException {
    Heard heard = new Heard();
    List<Point> left = child("printf '%s\\n' \"$1\" \"$2\"; exec sleep 600", Duration.ofSeconds(600), 0.5, run(A),
        finished(A)).run(POINTS, heard);
    assertEquals(List.of(), left);
    assertEquals(Status.OK, heard.of(A).status());
    assertEquals(Status.TIMEOUT, heard.of(B).status());
  }

  @Test
  void resultsAreRecorded_andLinesWithoutTheMarkerIgnored() throws IOException {
    Heard heard = new Heard();
    List<Point> left = child("echo 'INFO SparkContext: Running Spark'; printf '%s\\n' \"$@\"", Duration.ofSeconds(600),
        600, run(A), finished(A), run(B), finished(B)).run(POINTS, heard);
    assertEquals(List.of(), left);
    assertEquals(List.of(A + " measure 1", B + " measure 1"), heard.runs);
    assertEquals(List.of(A, B), heard.trials.stream().map(Trial::id).toList());
    assertEquals(List.of(0.5, 0.25), heard.of(B).warmSeconds());
  }

  @Test
  void theJvmsWallTime_isCutAtTheFirstRunOfEachPhase_fromLaunchToExit() throws IOException {
    Heard heard = new Heard();
    // The child waits before each event: its start, the cold run, warm-up, samples, probes, then its end.
    String script = "sleep 0.3; printf '%s\\n' \"$1\"; sleep 0.2; printf '%s\\n' \"$2\" \"$3\"; sleep 0.2;"
        + " printf '%s\\n' \"$4\" \"$5\"; sleep 0.2; printf '%s\\n' \"$6\"; sleep 0.2; printf '%s\\n' \"$7\" \"$8\";"
        + " sleep 0.3";
    List<Point> left = child(script, Duration.ofSeconds(600), 600, run(A, GroupRunner.COLD), run(A, GroupRunner.WARMUP),
        run(B, GroupRunner.WARMUP), run(A, GroupRunner.MEASURE), run(B, GroupRunner.MEASURE), run(A, GroupRunner.PROBE),
        finished(A), finished(B)).run(POINTS, heard);
    assertEquals(List.of(), left);
    assertEquals(List.of(ChildSession.START, GroupRunner.COLD, GroupRunner.WARMUP, GroupRunner.MEASURE,
        GroupRunner.PROBE, ChildSession.END), List.copyOf(heard.phases.keySet()));
    // Lower bounds that no delay in reading the events can break: the clock starts before the launch
    // and stops after the exit; the start ends when the first event is read, after the child's sleep.
    assertTrue(heard.phases.get(ChildSession.START) >= 0.3, heard.phases.toString());
    assertTrue(heard.phases.values().stream().mapToDouble(Double::doubleValue).sum() >= 1.4, heard.phases.toString());
    assertTrue(heard.phases.values().stream().allMatch(v -> v >= 0), heard.phases.toString());
    io.sparknodes.results.ApplicationTime time = Sweep.applicationTime("use_process=false,max_concurrency=1", 1, false,
        Instant.EPOCH, heard.phases);
    assertEquals(heard.phases.values().stream().mapToDouble(Double::doubleValue).sum(), time.wallSeconds(), 1e-9);
    assertEquals(heard.phases.get(GroupRunner.PROBE), time.probeSeconds());
    assertEquals(heard.phases.get(ChildSession.START), time.startSeconds());
  }

  @Test
  void aJvmKilledAtItsDeadline_stillHasItsTimeRecorded_upToTheKill() throws IOException {
    Heard heard = new Heard();
    child("printf '%s\\n' \"$1\"; exec sleep 600", Duration.ofSeconds(600), 0.5, run(A, GroupRunner.WARMUP))
        .run(POINTS, heard);
    assertEquals(List.of(ChildSession.START, GroupRunner.WARMUP), List.copyOf(heard.phases.keySet()));
    assertTrue(heard.phases.get(GroupRunner.WARMUP) >= 0.5, heard.phases.toString());
  }

  @Test
  void aJvmThatDiesMidRun_failsTheRunningPoint_withItsExitCodeAndLastError() throws IOException {
    Heard heard = new Heard();
    List<Point> left = child("printf '%s\\n' \"$1\"; echo 'java.lang.OutOfMemoryError: Java heap space' >&2; exit 3",
        Duration.ofSeconds(600), 600, run(A)).run(POINTS, heard);
    Trial failed = heard.of(A);
    assertEquals(Status.FAILED, failed.status());
    assertEquals("the group's JVM exited with code 3 before finishing (see " + log()
        + "): java.lang.OutOfMemoryError: Java heap space", failed.error().orElseThrow());
    assertEquals(List.of(POINTS.get(1)), left, "the others go on in a new JVM");
  }

  @Test
  void aJvmThatDiesBeforeAnyRun_failsEveryPoint() throws IOException {
    Heard heard = new Heard();
    List<Point> left = child("exit 1", Duration.ofSeconds(600), 600).run(POINTS, heard);
    assertEquals(List.of(), left);
    assertEquals(2, heard.trials.size());
    for (Trial t : heard.trials) {
      assertEquals(Status.FAILED, t.status());
      assertTrue(t.error().orElseThrow().startsWith("the group's JVM exited with code 1 before finishing"), t.toString());
    }
  }
}
