package io.sparknodes.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.Memory;
import io.sparknodes.results.Observed;
import io.sparknodes.results.Status;
import io.sparknodes.results.Trial;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the sweep and a group's JVM say to each other survives the trip, every event and every absence. */
class ChildProtocolTest {
  private static final Instant T0 = Instant.parse("2025-01-02T03:04:05.123456Z");

  @TempDir
  Path dir;

  private static Map<String, Object> params() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("use_process", false);
    params.put("max_concurrency", 2);
    params.put("batch_size", 512);
    params.put("spark.sql.shuffle.partitions", "8");
    return params;
  }

  private static PointResult measured() {
    return new PointResult("p3", 3, params(), Status.OK, Optional.empty(), OptionalDouble.of(1.25),
        List.of(0.5, 0.25), 4, OptionalDouble.of(2.0), Optional.of(new Observed(8, 16, 24, 5, 10, 2, 1, 1)),
        Optional.of(new Memory(OptionalDouble.of(4200.5), OptionalLong.of(96L << 20), 1, true)), List.of("flag"),
        Optional.of("local[2]"), Optional.of("4.0.1"), T0, T0.plusSeconds(4));
  }

  private static PointResult failed(Status status) {
    return new PointResult("p4", 4, params(), status, Optional.of("boom: \"quoted\"\nsecond line"),
        OptionalDouble.empty(), List.of(), 1, OptionalDouble.empty(), Optional.empty(), Optional.empty(), List.of(),
        Optional.empty(), Optional.empty(), T0, T0);
  }

  private static ChildEvent roundTrip(ChildEvent event) throws IOException {
    String line = ChildProtocol.encode(event);
    assertTrue(line.startsWith(ChildProtocol.MARKER), line);
    assertFalse(line.contains("\n"), "one event, one line: " + line);
    return ChildProtocol.decode(line).orElseThrow();
  }

  @Test
  void runStarting_roundTrips() throws IOException {
    ChildEvent run = new ChildEvent.RunStarting("batch_size=10", "warm-up", 2);
    assertEquals(run, roundTrip(run));
  }

  @Test
  void aMeasuredPoint_roundTrips_withEveryFigure() throws IOException {
    ChildEvent finished = new ChildEvent.PointFinished(measured());
    assertEquals(finished, roundTrip(finished));
  }

  @Test
  void aFailedPoint_roundTrips_withItsAbsentFigures() throws IOException {
    for (Status status : Status.values()) {
      ChildEvent finished = new ChildEvent.PointFinished(failed(status));
      assertEquals(finished, roundTrip(finished), status.name());
    }
  }

  @Test
  void memoryWithOneFigure_roundTrips() throws IOException {
    PointResult r = measured();
    PointResult allocatedOnly = new PointResult(r.id(), r.index(), r.params(), r.status(), r.error(), r.coldSeconds(),
        r.warmSeconds(), r.loops(), r.warmupSeconds(), r.observed(),
        Optional.of(new Memory(OptionalDouble.of(0.0), OptionalLong.empty(), 0, false)), r.flags(), r.master(),
        r.sparkVersion(), r.startedAt(), r.finishedAt());
    ChildEvent finished = new ChildEvent.PointFinished(allocatedOnly);
    assertEquals(finished, roundTrip(finished));
  }

  @Test
  void theWire_namesEachEventsType_writesInstantsAsIso_andAbsenceAsNull() {
    String run = ChildProtocol.encode(new ChildEvent.RunStarting("p", "measure", 1));
    assertEquals(ChildProtocol.MARKER + "{\"type\":\"run\",\"point\":\"p\",\"phase\":\"measure\",\"round\":1}", run);
    String result = ChildProtocol.encode(new ChildEvent.PointFinished(failed(Status.FAILED)));
    assertTrue(result.startsWith(ChildProtocol.MARKER + "{\"type\":\"result\",\"result\":{"), result);
    assertTrue(result.contains("\"status\":\"FAILED\""), result);
    assertTrue(result.contains("\"startedAt\":\"2025-01-02T03:04:05.123456Z\""), result);
    assertTrue(result.contains("\"coldSeconds\":null"), result);
    assertTrue(result.contains("\"memory\":null"), result);
    assertFalse(result.contains("\"empty\""), "Memory.isEmpty() is not a property: " + result);
  }

  @Test
  void aMissingOptional_readsAsEmpty() throws IOException {
    String line = ChildProtocol.MARKER + "{\"type\":\"result\",\"result\":{\"id\":\"p\",\"index\":0,\"params\":{},"
        + "\"status\":\"OK\",\"warmSeconds\":[0.1],\"loops\":1,\"flags\":[],"
        + "\"startedAt\":\"2025-01-02T03:04:05Z\",\"finishedAt\":\"2025-01-02T03:04:06Z\"}}";
    PointResult r = ((ChildEvent.PointFinished) ChildProtocol.decode(line).orElseThrow()).result();
    assertEquals(Optional.empty(), r.error());
    assertEquals(OptionalDouble.empty(), r.coldSeconds());
    assertEquals(Optional.empty(), r.memory());
    assertEquals(Optional.empty(), r.master());
  }

  @Test
  void linesWithoutTheMarker_areNotEvents_andAMarkedLineThatIsNoEventIsAnError() throws IOException {
    assertEquals(Optional.empty(), ChildProtocol.decode("INFO SparkContext: Running Spark version 4.0.1"));
    assertThrows(IOException.class, () -> ChildProtocol.decode(ChildProtocol.MARKER + "{\"type\":\"gossip\"}"));
    assertThrows(IOException.class, () -> ChildProtocol.decode(ChildProtocol.MARKER + "{\"type\":\"run\""));
  }

  /** A grid whose points carry batch_size auto, a runtime spark.sql.* setting, a partitions knob and a fixed setting. */
  private static Grid typedGrid() {
    Map<String, List<Object>> axes = new LinkedHashMap<>();
    axes.put("use_process", List.of(false));
    axes.put("batch_size", List.of("auto", 64));
    axes.put("spark.sql.shuffle.partitions", List.of(8));
    axes.put("partitions", List.of("auto", 3));
    return new Grid("typed", "text-normalize", 40, 1, 3, 60, 7L, axes,
        io.sparknodes.config.ExecutionConfig.builder().maxConcurrency(2).spark("spark.ui.enabled", "false").build(),
        0.05, 0.05, 1);
  }

  @Test
  void theChildsInput_andTheItems_roundTripThroughTheirFiles() throws IOException {
    List<Point> points = typedGrid().points();
    ChildInput input = ChildInput.of(typedGrid(), points.subList(0, 2), 3, Map.of(points.get(0).id(), 8));
    ChildProtocol.writeInput(input, dir.resolve("points.json"));
    assertEquals(input, ChildProtocol.readInput(dir.resolve("points.json")));
    ChildInput first = ChildInput.of(typedGrid(), points.subList(3, 4), 2, Map.of());
    ChildProtocol.writeInput(first, dir.resolve("first.json"));
    assertEquals(first, ChildProtocol.readInput(dir.resolve("first.json")));
    List<String> items = List.of("one", "two, \"three\"", "");
    ChildProtocol.writeItems(items, dir.resolve("items.json"));
    assertEquals(items, ChildProtocol.readItems(dir.resolve("items.json")));
  }

  @Test
  void theChildsInput_carriesThePointsTyped_andWhatTheChildNeedsOfTheGrid() throws IOException {
    Grid grid = typedGrid();
    List<Point> points = grid.points();
    ChildProtocol.writeInput(ChildInput.of(grid, points, 2, Map.of()), dir.resolve("points.json"));
    ChildInput read = ChildProtocol.readInput(dir.resolve("points.json"));
    assertEquals("text-normalize", read.workload());
    assertEquals(40, read.items());
    assertEquals(1, read.warmup());
    assertEquals(7L, read.seed());
    assertEquals(0.05, read.minSampleSeconds());
    assertEquals(points, read.points());
    for (int i = 0; i < points.size(); i++) {
      Point sent = points.get(i);
      Point got = read.points().get(i);
      assertEquals(sent.index(), got.index());
      assertEquals(sent.id(), got.id());
      assertEquals(List.copyOf(sent.params().keySet()), List.copyOf(got.params().keySet()), "axis order kept");
      assertEquals(sent.config(), got.config());
      assertEquals(sent.effective(), got.effective());
      assertEquals(sent.applicationConfig(), got.applicationConfig());
      assertEquals(sent.runtimeSettings(), got.runtimeSettings());
    }
    Point auto = read.points().get(0);
    assertEquals(Optional.of(io.sparknodes.config.BatchSize.AUTO), auto.config().batching());
    assertTrue(auto.effective().autoBatchSize());
    assertEquals(Optional.of(io.sparknodes.config.Partitions.AUTO), auto.config().partitions());
    assertEquals(Map.of("spark.sql.shuffle.partitions", "8"), auto.runtimeSettings(), "runtime: set on the session");
    Point fixed = read.points().get(3);
    assertEquals(Optional.of(64), fixed.config().batchSize());
    assertEquals(Optional.of(io.sparknodes.config.Partitions.of(3)), fixed.config().partitions());
    assertEquals(Optional.of(2), fixed.config().maxConcurrency(), "the grid's fixed settings come along");
    assertEquals("false", fixed.config().spark().get("spark.ui.enabled"));
    assertEquals(3, fixed.effective().partitions().count().getAsInt());
  }

  @Test
  void theChildsInput_writesEachPointsConfigWithTheKeysFilesUse() throws IOException {
    Grid grid = typedGrid();
    ChildProtocol.writeInput(ChildInput.of(grid, grid.points().subList(0, 1), 1, Map.of()), dir.resolve("p.json"));
    String json = java.nio.file.Files.readString(dir.resolve("p.json"));
    assertTrue(json.contains("\"config\":{\"batch_size\":\"auto\",\"max_concurrency\":2,\"use_process\":false,"
        + "\"partitions\":\"auto\",\"spark.sql.shuffle.partitions\":\"8\",\"spark.ui.enabled\":\"false\"}"), json);
    assertFalse(json.contains("\"axes\""), "no grid axes to derive points from: " + json);
  }

  @Test
  void aPointsFileWithABadConfig_isAnError_namingTheKey() throws IOException {
    java.nio.file.Files.writeString(dir.resolve("bad.json"), "{\"workload\":\"w\",\"items\":1,\"warmup\":0,"
        + "\"seed\":1,\"minSampleSeconds\":0,\"repeats\":1,\"loops\":{},\"points\":[{\"index\":0,"
        + "\"params\":{\"batch_size\":0},\"config\":{\"batch_size\":0}}]}");
    IOException e = assertThrows(IOException.class, () -> ChildProtocol.readInput(dir.resolve("bad.json")));
    assertTrue(e.getMessage().contains("batch_size must be positive but was 0"), e.getMessage());
  }

  @Test
  void toTrial_carriesTheFigures_andLeavesOutWhatIsAbsent() {
    Trial ok = measured().toTrial(100);
    assertEquals(Status.OK, ok.status());
    assertEquals(OptionalDouble.of(1.25), ok.coldSeconds());
    assertEquals(OptionalDouble.of(2.0), ok.warmupSeconds());
    assertEquals(List.of(0.5, 0.25), ok.warmSeconds());
    assertEquals(4, ok.loops());
    assertEquals(measured().observed(), ok.observed());
    assertEquals(measured().memory(), ok.memory());
    assertEquals(T0, ok.startedAt());
    Trial failed = failed(Status.TIMEOUT).toTrial(100);
    assertEquals(Status.TIMEOUT, failed.status());
    assertEquals(Optional.of("boom: \"quoted\"\nsecond line"), failed.error());
    assertEquals(OptionalDouble.empty(), failed.coldSeconds());
    assertEquals(OptionalDouble.empty(), failed.warmupSeconds());
    assertEquals(Optional.empty(), failed.memory());
  }

  @Test
  void severalGroups_inOneInput_runInTheOrderTheyCome_andEachIsAnnounced() throws IOException {
    Grid grid = Grid.parse("{\"workload\": \"text-normalize\", \"items\": 40, \"axes\": {\"use_process\": [false],"
        + " \"max_concurrency\": [1, 2], \"batch_size\": [4, 8]}}");
    List<List<Point>> groups = grid.groups();
    List<Point> reversed = new java.util.ArrayList<>(groups.get(1));
    reversed.addAll(groups.get(0));
    ChildProtocol.writeInput(ChildInput.of(grid, reversed, 2, Map.of()), dir.resolve("shared.json"));
    ChildInput read = ChildProtocol.readInput(dir.resolve("shared.json"));
    assertEquals(List.of(groups.get(1), groups.get(0)), read.groups());
    ChildEvent.GroupStarting announced = new ChildEvent.GroupStarting("use_process=false,max_concurrency=2");
    assertEquals(announced, roundTrip(announced));
  }
}
