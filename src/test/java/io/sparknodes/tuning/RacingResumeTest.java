package io.sparknodes.tuning;

import static io.sparknodes.tuning.RacingTest.CLOSE;
import static io.sparknodes.tuning.RacingTest.FAST;
import static io.sparknodes.tuning.RacingTest.LOSER;
import static io.sparknodes.tuning.RacingTest.id;
import static io.sparknodes.tuning.RacingTest.raced;
import static io.sparknodes.tuning.RacingTest.trial;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.InputInfo;
import io.sparknodes.results.Results;
import io.sparknodes.results.StopReason;
import io.sparknodes.results.Trial;
import io.sparknodes.results.format.ResultsJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resumed sweep keeps the racing state results.json recorded: racing samples, the budget spent
 * and the stop reasons; it never redoes finished racing work. No Spark: every point here is
 * already measured, so a resume that started a group's application would show it (its main class
 * does not exist, so the points would fail).
 */
class RacingResumeTest {
  @TempDir Path dir;

  private static final Sweep.Progress QUIET = new Sweep.Progress() {
    @Override
    public void started(int total, int done) {}

    @Override
    public void running(String pointId, String phase, int round) {}

    @Override
    public void finished(Trial trial, int done, int total) {}
  };

  private Results resume(Grid grid, Results recorded) throws IOException {
    return resume(grid, recorded, b -> b);
  }

  private Results resume(Grid grid, Results recorded, java.util.function.UnaryOperator<SweepOptions.Builder> more)
      throws IOException {
    ResultsJson.write(recorded, Sweep.resultsFile(dir));
    SweepOptions options = more.apply(SweepOptions.builder(dir).resume(true).childMainClass("no.such.GroupMain")
        .childJvmOptions(List.of()).startAllowance(Duration.ofSeconds(30))).build();
    return Sweep.run(grid, options, QUIET);
  }

  /** A race that has finished: a resume has nothing left to run. */
  private static Results finished(Grid grid) {
    Results r = RacingTest.results(grid, trial(1, FAST), trial(2, CLOSE), trial(3, LOSER));
    return r.withTrial(raced(r.trial(id(1)).orElseThrow(), 1, 10, FAST).toBuilder().stopReason(StopReason.MAX_REPEATS)
            .build())
        .withTrial(raced(r.trial(id(2)).orElseThrow(), 1, 10, CLOSE).toBuilder().stopReason(StopReason.MAX_REPEATS)
            .build())
        .withTrial(r.trial(id(3)).orElseThrow().toBuilder().stopReason(StopReason.NOT_CONTENDER).build());
  }

  private static Results over(Results r, InputInfo input) {
    return r.withGrid(r.grid().withInput(Optional.of(input)));
  }

  private static final List<String> DATA = IntStream.range(0, 10).mapToObj(i -> "row " + i).toList();

  @Test
  void aResume_goesOnOverTheDataItRanOver_wherever_itsFileIsNow() throws IOException {
    Grid grid = RacingTest.grid(8, 60);
    InputInfo input = InputInfo.of("data.csv", "text", DATA);
    Results after = resume(grid, over(finished(grid), input), b -> b.items(DATA).input("moved/data.csv", "text"));
    assertEquals(Optional.of(input), after.grid().input(), "the recorded input stays");
    assertEquals(after, ResultsJson.read(Sweep.resultsFile(dir)));
  }

  @Test
  void aSweepWrittenBeforeTheInputWasRecorded_isCheckedByTheItemsItLeft_andRecordsItsInputFromThen() throws IOException {
    Grid grid = RacingTest.grid(8, 60);
    Results old = finished(grid); // as a version 4 file reads: no input recorded
    ChildProtocol.writeItems(DATA, dir.resolve("items.json"));
    IllegalArgumentException without = assertThrows(IllegalArgumentException.class, () -> resume(grid, old));
    assertEquals("the sweep in " + Sweep.resultsFile(dir) + " ran over your own data (items.json beside it, SHA-256 "
        + InputInfo.digest(DATA).substring(0, 12) + "...): resume with the same --input and --column",
        without.getMessage());
    List<String> other = IntStream.range(0, 10).mapToObj(i -> "other " + i).toList();
    IllegalArgumentException changed = assertThrows(IllegalArgumentException.class,
        () -> resume(grid, old, b -> b.items(other).input("data.csv", "text")));
    assertTrue(changed.getMessage().endsWith(" against items.json beside it (SHA-256 "
        + InputInfo.digest(DATA).substring(0, 12) + "...)"), changed.getMessage());

    Results after = resume(grid, old, b -> b.items(DATA).input("data.csv", "text"));
    assertEquals(Optional.of(InputInfo.of("data.csv", "text", DATA)), after.grid().input());
    assertEquals(old.trials(), after.trials());
    assertEquals(List.of(), groupApplicationsStarted());
  }

  @Test
  void aResume_overOtherData_orWithoutTheInput_orWithOneItNeverHad_isRefused_sayingWhy() throws IOException {
    Grid grid = RacingTest.grid(8, 60);
    InputInfo input = InputInfo.of("data.csv", "text", DATA);
    IllegalArgumentException without = assertThrows(IllegalArgumentException.class,
        () -> resume(grid, over(finished(grid), input)));
    assertEquals("the sweep in " + Sweep.resultsFile(dir) + " ran over column 'text' of data.csv (SHA-256 "
        + input.sha256().substring(0, 12) + "...): resume with --input data.csv --column text", without.getMessage());

    List<String> other = IntStream.range(0, 10).mapToObj(i -> "other " + i).toList();
    IllegalArgumentException changed = assertThrows(IllegalArgumentException.class,
        () -> resume(grid, over(finished(grid), input), b -> b.items(other).input("data.csv", "text")));
    assertTrue(changed.getMessage().startsWith("the input is not the data the sweep in " + Sweep.resultsFile(dir)
        + " ran over: column 'text' of data.csv (SHA-256 " + InputInfo.digest(other).substring(0, 12)), changed.getMessage());

    IllegalArgumentException added = assertThrows(IllegalArgumentException.class,
        () -> resume(grid, finished(grid), b -> b.items(DATA).input("data.csv", "text")));
    assertEquals("the sweep in " + Sweep.resultsFile(dir) + " ran over workload text-normalize's own items: resume"
        + " without --input", added.getMessage());
    assertEquals(finished(grid).trials(), ResultsJson.read(Sweep.resultsFile(dir)).trials(), "nothing was lost");
  }

  private List<Path> groupApplicationsStarted() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
      return files.filter(f -> f.getFileName().toString().endsWith("-points.json")).toList();
    }
  }

  @Test
  void aResumeWhoseBudgetIsSpent_stopsTheContendersAsBudget_keepingTheirRacingSamples() throws IOException {
    Grid grid = RacingTest.grid(8, 60);
    Results r = RacingTest.results(grid, trial(1, FAST), trial(2, CLOSE), trial(3, LOSER));
    // one racing application of 60 s sampled both contenders before the sweep died
    r = r.withTrial(raced(r.trial(id(1)).orElseThrow(), 1, 30, 1.0, 1.02))
        .withTrial(raced(r.trial(id(2)).orElseThrow(), 1, 30, 1.01, 0.98))
        .withTrial(r.trial(id(3)).orElseThrow().toBuilder().stopReason(StopReason.NOT_CONTENDER).build());
    Results after = resume(grid, r);
    assertEquals(List.of(), groupApplicationsStarted());
    assertEquals(StopReason.BUDGET, after.trial(id(1)).orElseThrow().stopReason().orElseThrow());
    assertEquals(StopReason.BUDGET, after.trial(id(2)).orElseThrow().stopReason().orElseThrow());
    assertEquals(StopReason.NOT_CONTENDER, after.trial(id(3)).orElseThrow().stopReason().orElseThrow());
    assertEquals(List.of(1.0, 1.02), after.trial(id(1)).orElseThrow().racingSeconds());
    assertEquals(60.0, TrialRecorder.racingSpent(after), 1e-12);
    assertEquals(after, ResultsJson.read(Sweep.resultsFile(dir)), "the decisions are written");
  }

  @Test
  void aResumeOfAFinishedRace_changesNothing() throws IOException {
    Grid grid = RacingTest.grid(8, 60);
    Results r = RacingTest.results(grid, trial(1, FAST), trial(2, CLOSE), trial(3, LOSER));
    r = r.withTrial(raced(r.trial(id(1)).orElseThrow(), 1, 10, FAST).toBuilder().stopReason(StopReason.MAX_REPEATS)
            .build())
        .withTrial(raced(r.trial(id(2)).orElseThrow(), 1, 10, CLOSE).toBuilder().stopReason(StopReason.MAX_REPEATS)
            .build())
        .withTrial(r.trial(id(3)).orElseThrow().toBuilder().stopReason(StopReason.NOT_CONTENDER).build());
    Results after = resume(grid, r);
    assertEquals(List.of(), groupApplicationsStarted());
    assertEquals(r.trials(), after.trials());
  }

  @Test
  void aSweepRecordedBeforeRacing_resumesWithoutRacing() throws IOException {
    Grid grid = RacingTest.grid(8, 60);
    Grid old = grid.withRacing(grid.repeats(), 0);
    Results r = RacingTest.results(old, trial(1, FAST), trial(2, CLOSE), trial(3, LOSER));
    Results after = resume(grid, r);
    assertEquals(List.of(), groupApplicationsStarted());
    assertTrue(after.trials().stream().allMatch(t -> t.stopReason().orElseThrow() == StopReason.DISABLED));
    assertEquals(old.info(), after.grid());
  }
}
