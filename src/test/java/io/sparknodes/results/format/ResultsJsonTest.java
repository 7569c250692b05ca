package io.sparknodes.results.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.ApplicationTime;
import io.sparknodes.results.Fixtures;
import io.sparknodes.results.Golden;
import io.sparknodes.results.GridInfo;
import io.sparknodes.results.InputInfo;
import io.sparknodes.results.Results;
import io.sparknodes.results.StopReason;
import io.sparknodes.results.Trial;
import io.sparknodes.results.analysis.Analysis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsJsonTest {
  @TempDir Path dir;

  @Test
  void writeThenRead_givesEqualResults() throws IOException {
    Results r = Fixtures.small();
    Path file = dir.resolve("results.json");
    ResultsJson.write(r, file);
    Results back = ResultsJson.read(file);
    assertEquals(r, back);
    assertEquals(r.trials().get(0).summary(), back.trials().get(0).summary());
  }

  @Test
  void format_isPinnedByGoldenFileUnderEveryLocale() {
    Golden.check("results-small.json", () -> ResultsJson.toJson(Fixtures.small()),
        Locale.ROOT, Locale.US, Locale.GERMANY, Locale.FRANCE);
  }

  @Test
  void write_replacesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
    Path file = dir.resolve("out").resolve("results.json");
    ResultsJson.write(Fixtures.small(), file);
    ResultsJson.write(Fixtures.small().withTrial(Fixtures.small().trials().get(0)), file);
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList());
    }
  }

  /** Reads a file main wrote at {@code version}, kept under test resources: read as this version's results. */
  private Results readOldFile(String resource, int version) throws IOException {
    Path file = dir.resolve("results.json");
    Files.copy(Path.of("src", "test", "resources", resource), file);
    assertTrue(Files.readString(file).contains("\"schemaVersion\": " + version + ","));
    Results r = ResultsJson.read(file);
    assertEquals(Results.SCHEMA_VERSION, r.schemaVersion());
    return r;
  }

  @Test
  void read_version1File_asMainWroteIt_givesDefaultsForTheNewFields() throws IOException {
    Results r = readOldFile("results-v1-small.json", 1);
    assertEquals(GridInfo.DEFAULT_NEGLIGIBLE_EFFECT, r.grid().negligibleEffect());
    assertEquals(0.0, r.grid().minSampleSeconds());
    assertEquals(7, r.trials().size());
    Trial first = r.trials().get(0);
    assertEquals(List.of(0.125, 0.25, 0.5), first.warmSeconds());
    assertEquals(1, first.loops());
    assertEquals(List.of(), first.applications());
    assertTrue(first.warmupSeconds().isEmpty());
    // and it analyses: the same ranking as the current fixture's samples give
    assertEquals(Analysis.of(r).ranking().stream().map(p -> p.trial().id()).toList(),
        Analysis.of(Fixtures.small()).ranking().stream().map(p -> p.trial().id()).toList());
  }

  @Test
  void read_version2File_isASweepWithoutRacingOrMemory() throws IOException {
    Results r = readOldFile("results-v2-small.json", 2);
    assertFalse(r.grid().racing());
    assertEquals(r.grid().repeats(), r.grid().maxRepeats());
    assertEquals(0.0, r.grid().budgetSeconds());
    assertEquals(7, r.trials().size());
    assertTrue(r.trials().stream().allMatch(t -> t.memory().isEmpty()));
    assertEquals(4, r.trials().get(0).loops());
    assertEquals(Fixtures.small().trials().stream().map(Trial::warmSeconds).toList(),
        r.trials().stream().map(Trial::warmSeconds).toList());
    r.trials().forEach(t -> {
      assertEquals(List.of(), t.racingSeconds());
      assertTrue(t.stopReason().isEmpty());
    });
  }

  @Test
  void read_version3File_asMainWroteIt_isTheSameSweepWithoutApplicationTimes() throws IOException {
    Results r = readOldFile("results-v3-racing.json", 3);
    assertEquals(List.of(), r.applications());
    assertEquals(Fixtures.raced().trials(), r.trials());
    assertEquals(Fixtures.raced().grid(), r.grid());
  }

  @Test
  void read_version4File_asMainWroteIt_isTheSameSweepWithoutAnInput() throws IOException {
    Results r = readOldFile("results-v4-racing.json", 4);
    assertEquals(Fixtures.raced().trials(), r.trials());
    assertEquals(Fixtures.raced().applications(), r.applications());
    assertEquals(Fixtures.raced().grid(), r.grid());
    assertTrue(r.grid().input().isEmpty());
  }

  @Test
  void theUsersInput_roundTrips() throws IOException {
    Results raced = Fixtures.raced();
    InputInfo input = InputInfo.of("data/reviews.parquet", "body", List.of("a review", "another"));
    Results r = raced.withGrid(raced.grid().withInput(java.util.Optional.of(input)));
    Path file = dir.resolve("results.json");
    ResultsJson.write(r, file);
    assertTrue(Files.readString(file).contains("\"input\": {"), "written in the grid");
    assertEquals(r, ResultsJson.read(file));
  }

  @Test
  void applicationTimes_roundTrip_andMoveUpdatedAtToTheLastEnd() throws IOException {
    Path file = dir.resolve("results.json");
    ResultsJson.write(Fixtures.raced(), file);
    Results back = ResultsJson.read(file);
    assertEquals(Fixtures.raced().applications(), back.applications());
    assertEquals(5, back.applications().size());
    ApplicationTime last = back.applications().get(4);
    assertTrue(last.racing());
    assertEquals(7.0, last.wallSeconds(), 1e-9);
    assertEquals(last.endedAt(), back.updatedAt());
  }

  @Test
  void applicationTime_badFigure_namesItsPath() throws IOException {
    Path file = dir.resolve("bad-app.json");
    Files.writeString(file, ResultsJson.toJson(Fixtures.raced()).replaceFirst("\"startSeconds\": 6.2",
        "\"startSeconds\": -1.0"));
    assertEquals("results file " + file + ": applications[0].startSeconds must be a finite, non-negative number of"
        + " seconds but was -1.0", assertThrows(IllegalArgumentException.class, () -> ResultsJson.read(file)).getMessage());
  }

  @Test
  void memory_roundTrips_withAnAbsentFigureLeftOut() throws IOException {
    Path file = dir.resolve("results.json");
    ResultsJson.write(Fixtures.small(), file);
    List<Trial> back = ResultsJson.read(file).trials();
    assertEquals(Fixtures.small().trials().get(0).memory(), back.get(0).memory());
    assertEquals(4200.5, back.get(0).memory().orElseThrow().allocatedBytesPerItem().getAsDouble());
    assertEquals(96L << 20, back.get(0).memory().orElseThrow().retainedHeapBytes().getAsLong());
    assertTrue(back.get(1).memory().orElseThrow().retainedHeapBytes().isEmpty());
    assertTrue(back.get(2).memory().isEmpty());
  }

  @Test
  void memory_badFigure_namesItsPath() throws IOException {
    Path file = dir.resolve("bad-memory.json");
    Files.writeString(file, ResultsJson.toJson(Fixtures.small()).replace("\"retainedHeapBytes\": 100663296",
        "\"retainedHeapBytes\": -5"));
    assertEquals("results file " + file + ": trials[0].memory.retainedHeapBytes must be positive but was -5",
        assertThrows(IllegalArgumentException.class, () -> ResultsJson.read(file)).getMessage());
  }

  @Test
  void racingFields_roundTrip_andArePinnedByGoldenFileUnderEveryLocale() throws IOException {
    Golden.check("results-racing.json", () -> ResultsJson.toJson(Fixtures.raced()),
        Locale.ROOT, Locale.GERMANY, Locale.FRANCE);
    Path file = dir.resolve("results.json");
    ResultsJson.write(Fixtures.raced(), file);
    Results back = ResultsJson.read(file);
    assertEquals(Fixtures.raced(), back);
    Trial best = back.trials().get(0);
    assertEquals(List.of(0.1, 0.11), best.racingSeconds());
    assertEquals(List.of(2, 2), best.racingApplications());
    assertEquals(StopReason.MAX_REPEATS, best.stopReason().orElseThrow());
    assertEquals(30.0, back.grid().budgetSeconds());
    assertEquals(6, back.grid().maxRepeats());
  }

  @Test
  void read_badStopReason_namesTheFieldAndTheKnownReasons() throws IOException {
    Path file = dir.resolve("results.json");
    Files.writeString(file, ResultsJson.toJson(Fixtures.raced()).replaceFirst("\"stopReason\": \"max_repeats\"",
        "\"stopReason\": \"tired\""));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsJson.read(file));
    assertEquals("results file " + file + ": trials[0].stopReason must be one of [settled, max_repeats, budget,"
        + " not_contender, failed, disabled] but was \"tired\"", e.getMessage());
  }

  @Test
  void newFields_roundTrip() throws IOException {
    Trial first = Fixtures.small().trials().get(0);
    Path file = dir.resolve("results.json");
    ResultsJson.write(Fixtures.small(), file);
    Trial back = ResultsJson.read(file).trials().get(0);
    assertEquals(4, back.loops());
    assertEquals(List.of(0, 1, 0), back.applications());
    assertEquals(0.5, back.warmupSeconds().getAsDouble());
    assertEquals(first, back);
  }

  @Test
  void read_notJson_namesTheFile() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{ not json");
    String message = assertThrows(IllegalArgumentException.class, () -> ResultsJson.read(file)).getMessage();
    assertTrue(message.startsWith("results file " + file + " is not valid JSON: "), message);
  }

  @Test
  void read_otherSchemaVersion_isRefused() throws IOException {
    Path file = dir.resolve("v7.json");
    Files.writeString(file, ResultsJson.toJson(Fixtures.small()).replace("\"schemaVersion\": 5", "\"schemaVersion\": 7"));
    assertEquals("results file " + file + " has schemaVersion 7, expected 1 to 5",
        assertThrows(IllegalArgumentException.class, () -> ResultsJson.read(file)).getMessage());
  }

  @Test
  void read_badField_namesTheFieldsPath() throws IOException {
    Path file = dir.resolve("bad-status.json");
    Files.writeString(file, ResultsJson.toJson(Fixtures.small()).replaceFirst("\"status\": \"FAILED\"",
        "\"status\": \"BROKEN\""));
    assertEquals("results file " + file + ": trials[2].status must be one of OK, FAILED, TIMEOUT but was \"BROKEN\"",
        assertThrows(IllegalArgumentException.class, () -> ResultsJson.read(file)).getMessage());
    Files.writeString(file, ResultsJson.toJson(Fixtures.small()).replace("\"items\": 1000", "\"items\": \"many\""));
    assertEquals("results file " + file + ": grid.items must be an integer but was \"many\"",
        assertThrows(IllegalArgumentException.class, () -> ResultsJson.read(file)).getMessage());
  }

  @Test
  void read_invalidContent_reportsTheRecordsMessageWithTheFile() throws IOException {
    Path file = dir.resolve("bad-axis.json");
    Files.writeString(file, ResultsJson.toJson(Fixtures.small()).replace("\"batch_size\": [", "\"batch_size\": [\"x\", "));
    assertEquals("results file " + file + ": axis batch_size must hold positive integers or \"auto\" but holds \"x\"",
        assertThrows(IllegalArgumentException.class, () -> ResultsJson.read(file)).getMessage());
  }

  @Test
  void read_missingNullOrMistypedField_namesItsPath() throws IOException {
    assertEquals("environment.javaVersion is missing", readError("\"javaVersion\": \"17.0.15\",", ""));
    assertEquals("trials[0].warmSeconds[1] is missing",
        readError("\"warmSeconds\": [ 0.125, 0.25, 0.5 ]", "\"warmSeconds\": [ 0.125, null, 0.5 ]"));
    assertEquals("environment.javaVersion must be a string but was 17",
        readError("\"javaVersion\": \"17.0.15\"", "\"javaVersion\": 17"));
    assertEquals("grid.items must be an integer but was 1000.5", readError("\"items\": 1000", "\"items\": 1000.5"));
    assertEquals("grid.items must be an integer but was 3000000000",
        readError("\"items\": 1000", "\"items\": 3000000000"));
    assertEquals("trials[0].memory.includesDriver must be a boolean but was 1",
        readError("\"includesDriver\": true", "\"includesDriver\": 1"));
    assertEquals("grid.axes.max_concurrency must be an array but was 1",
        readError("\"max_concurrency\": [ 1, 2 ]", "\"max_concurrency\": 1"));
    assertEquals("environment.cores must be positive but was 0", readError("\"cores\": 2", "\"cores\": 0"));
    assertEquals("trials[0].startedAt must be an ISO-8601 instant but was \"yesterday\"",
        readError("\"startedAt\": \"2025-01-02T03:04:05Z\",\n    \"finishedAt\"",
            "\"startedAt\": \"yesterday\",\n    \"finishedAt\""));
    assertEquals("schemaVersion must be an integer but was \"5\"",
        readError("\"schemaVersion\": 5", "\"schemaVersion\": \"5\""));
  }

  @Test
  void read_ignoresUnknownFields() {
    String json = ResultsJson.toJson(Fixtures.small()).replace("\"hostName\": \"testhost\"",
        "\"hostName\": \"testhost\", \"rack\": [ 1 ]");
    assertEquals(Fixtures.small(), ResultsJson.fromJson(json, "results file x"));
  }

  /** The message of reading the small fixture with its first {@code target} replaced, after the source. */
  private static String readError(String target, String replacement) {
    String json = ResultsJson.toJson(Fixtures.small());
    assertTrue(json.contains(target), target);
    String message = assertThrows(IllegalArgumentException.class,
        () -> ResultsJson.fromJson(json.replaceFirst(java.util.regex.Pattern.quote(target),
            java.util.regex.Matcher.quoteReplacement(replacement)), "results file x")).getMessage();
    assertTrue(message.startsWith("results file x: "), message);
    return message.substring("results file x: ".length());
  }
}
