package io.sparknodes.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GridTest {
  private static final String TINY = """
      {"name": "t", "workload": "text-normalize", "items": 200, "warmup": 1, "repeats": 3, "seed": 1,
       "axes": {"use_process": [false, true], "max_concurrency": [1, 2], "batch_size": [50, 200]}}""";

  @Test
  void pointsAreTheOuterProduct_inDeclaredOrder_firstAxisOutermost() {
    List<Point> points = Grid.parse(TINY).points();
    assertEquals(8, points.size());
    assertEquals("use_process=false,max_concurrency=1,batch_size=50", points.get(0).id());
    assertEquals("use_process=false,max_concurrency=1,batch_size=200", points.get(1).id());
    assertEquals("use_process=false,max_concurrency=2,batch_size=50", points.get(2).id());
    assertEquals("use_process=true,max_concurrency=2,batch_size=200", points.get(7).id());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "batch_size|[8, \"8\"]",
      "batch_size|[\"auto\", \"AUTO\"]",
      "max_concurrency|[1, 1.0]",
      "use_process|[true, \"true\"]",
      "spark.sql.shuffle.partitions|[8, \"8\"]"})
  void twoSpellingsOfOneSetting_areARepeatedValue(String axis, String values) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Grid.parse("""
        {"workload": "text-normalize", "items": 200, "axes": {"%s": %s}}""".formatted(axis, values)));
    assertTrue(e.getMessage().startsWith("axis '" + axis + "' repeats a value: "), e.getMessage());
  }

  @Test
  void sparkMaster_isNeitherFixedNorAnAxis() {
    IllegalArgumentException fixed = assertThrows(IllegalArgumentException.class, () -> Grid.parse("""
        {"workload": "text-normalize", "items": 200, "fixed": {"spark.master": "local[2]"},
         "axes": {"batch_size": [8]}}"""));
    assertTrue(fixed.getMessage().startsWith("fixed: spark.master cannot be set in a grid: "), fixed.getMessage());
    IllegalArgumentException axis = assertThrows(IllegalArgumentException.class, () -> Grid.parse("""
        {"workload": "text-normalize", "items": 200, "axes": {"spark.master": ["local[1]", "local[2]"]}}"""));
    assertTrue(axis.getMessage().startsWith("axes: spark.master cannot be an axis: "), axis.getMessage());
  }

  @Test
  void engineKnobValues_areKeptAsTheKnobReadsThem() {
    Grid g = Grid.parse("""
        {"workload": "text-normalize", "items": 200,
         "axes": {"max_concurrency": [2.0], "batch_size": ["AUTO", "64"], "spark.sql.shuffle.partitions": [8]}}""");
    assertEquals(List.of(2), g.axes().get("max_concurrency"));
    assertEquals(List.of("auto", 64), g.axes().get("batch_size"));
    assertEquals(List.of(8), g.axes().get("spark.sql.shuffle.partitions"));
    assertEquals("max_concurrency=2,batch_size=64,spark.sql.shuffle.partitions=8", g.points().get(1).id());
  }

  @Test
  void batchSizeAuto_isALevelOfTheAxis_sharingItsGroupsApplication() {
    Grid g = Grid.parse("""
        {"workload": "text-normalize", "items": 200,
         "axes": {"max_concurrency": [2], "batch_size": ["auto", 1024]}}""");
    List<Point> points = g.points();
    assertEquals("max_concurrency=2,batch_size=auto", points.get(0).id());
    assertTrue(points.get(0).effective().autoBatchSize());
    assertEquals(1024, points.get(1).effective().batchSize());
    assertEquals(1, g.groups().size());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Grid.parse("""
        {"workload": "text-normalize", "items": 200, "axes": {"batch_size": ["automatic"]}}"""));
    assertEquals("axes.batch_size[0]: batch_size must be an integer or \"auto\" but was \"automatic\"", e.getMessage());
  }

  @Test
  void groupsAreOneApplicationPerUseProcessAndConcurrency() {
    List<List<Point>> groups = Grid.parse(TINY).groups();
    assertEquals(4, groups.size());
    for (List<Point> g : groups) {
      assertEquals(2, g.size());
      assertEquals(g.get(0).applicationConfig(), g.get(1).applicationConfig());
    }
  }

  @Test
  void runtimeSparkSqlSettingsShareAnApplication_otherSparkSettingsDoNot() {
    Grid g = Grid.parse("""
        {"workload": "text-normalize", "items": 10,
         "axes": {"spark.sql.shuffle.partitions": [1, 2], "spark.serializer": ["a", "b"]}}""");
    assertEquals(2, g.groups().size());
    assertEquals(Map.of("spark.sql.shuffle.partitions", "1"), g.points().get(0).runtimeSettings());
  }

  @Test
  void samplingKeys_haveDefaults_andReachTheResultsGrid() {
    Grid plain = Grid.parse("{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batch_size\": [1]}}");
    assertEquals(0.2, plain.minSampleSeconds());
    assertEquals(0.05, plain.negligibleEffect());
    Grid set = Grid.parse("{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batch_size\": [1]},"
        + " \"min_sample_seconds\": 0.5, \"negligible_effect\": 0.1}");
    assertEquals(0.5, set.info().minSampleSeconds());
    assertEquals(0.1, set.info().negligibleEffect());
    assertEquals(set, Grid.parse(set.toJson()));
    assertEquals(0.5, set.withItems(7).minSampleSeconds());
  }

  @Test
  void racingKeys_haveDefaults_reachTheResultsGrid_andZeroBudgetTurnsRacingOff() {
    Grid plain = Grid.parse("{\"workload\": \"w\", \"items\": 1, \"repeats\": 4, \"axes\": {\"batch_size\": [1]}}");
    assertEquals(8, plain.maxRepeats());
    assertEquals(Grid.DEFAULT_BUDGET_SECONDS, plain.budgetSeconds());
    assertTrue(plain.racing());
    assertTrue(plain.info().racing());
    Grid set = Grid.parse("{\"workload\": \"w\", \"items\": 1, \"repeats\": 4, \"axes\": {\"batch_size\": [1]},"
        + " \"max_repeats\": 12, \"budget_seconds\": 30}");
    assertEquals(12, set.info().maxRepeats());
    assertEquals(30.0, set.info().budgetSeconds());
    assertEquals(set, Grid.parse(set.toJson()));
    assertEquals(12, set.withItems(7).maxRepeats());
    assertFalse(set.withRacing(12, 0).racing());
    assertFalse(set.withRacing(4, 30).racing(), "max_repeats equal to repeats leaves nothing to race");
    assertEquals(1000, Grid.parse("{\"workload\": \"w\", \"items\": 1, \"repeats\": 600,"
        + " \"axes\": {\"batch_size\": [1]}}").maxRepeats(), "the default is capped like the key");
  }

  /** A grid of {@code groups} thread groups (max_concurrency values) and one of processes, under {@code design}. */
  private static Grid shared(String applications, int repeats, int groups, String design) {
    List<String> mc = new java.util.ArrayList<>();
    for (int i = 1; i <= groups; i++) {
      mc.add(String.valueOf(i));
    }
    return Grid.parse("{\"workload\": \"w\", \"items\": 1, \"repeats\": " + repeats + applications
        + ", \"design\": \"" + design + "\", \"axes\": {\"use_process\": [false, true], \"max_concurrency\": ["
        + String.join(", ", mc) + "], \"batch_size\": [1, 2]}}");
  }

  @Test
  void applicationsLeftToTheSweep_giveAJvmsGroupsThreeDegreesOfFreedom_underShared() {
    // (G-1)(J-1) >= 3: two groups a JVM need four passes, three need three, four (the seed grid) two.
    assertEquals(4, SweepOrder.applications(shared("", 5, 2, "shared")));
    assertEquals(3, SweepOrder.applications(shared("", 5, 3, "shared")));
    assertEquals(2, SweepOrder.applications(shared("", 5, 4, "shared")));
    assertEquals(4, SweepOrder.applications(shared(", \"applications\": \"auto\"", 5, 2, "shared")));
    // A JVM of one group has no comparison inside it; the isolated design, and a count given, are kept.
    assertEquals(2, SweepOrder.applications(shared("", 5, 1, "shared")));
    assertEquals(2, SweepOrder.applications(shared("", 5, 2, "isolated")));
    assertEquals(2, SweepOrder.applications(shared(", \"applications\": 2", 5, 2, "shared")));
    assertEquals(2, SweepOrder.applications(shared("", 5, 2, "shared").withDesign(
        io.sparknodes.results.Design.ISOLATED)));
    // At most one a repeat: the passes share the repeats.
    assertEquals(3, SweepOrder.applications(shared("", 3, 2, "shared")));
    Grid auto = shared("", 5, 2, "shared");
    assertEquals(Grid.AUTO_APPLICATIONS, auto.applications());
    assertTrue(auto.toJson().contains("\"applications\" : \"auto\""), auto.toJson());
    assertEquals(auto, Grid.parse(auto.toJson()));
  }

  @Test
  void toJsonReadsBackEqual() {
    Grid g = Grid.parse(TINY);
    assertEquals(g, Grid.parse(g.toJson()));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batch_size\": [1]}, \"colour\": 3}"
          + "|unknown key 'colour' (known keys: name, workload, items, warmup, repeats, time_limit_seconds, seed, axes, fixed, min_sample_seconds, negligible_effect, applications, max_repeats, budget_seconds, design)",
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batch_size\": [1]}, \"negligible_effect\": 1.5}|negligible_effect must be above 0 and below 1 but was 1.5",
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batch_size\": [1]}, \"min_sample_seconds\": -1}|min_sample_seconds must be between 0 and 60 but was -1.0",
      "{\"workload\": \"w\", \"items\": 1, \"repeats\": 5, \"axes\": {\"batch_size\": [1]}, \"max_repeats\": 3}|max_repeats must be between repeats (5) and 1000 but was 3",
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batch_size\": [1]}, \"max_repeats\": 1001}|max_repeats must be between repeats (5) and 1000 but was 1001",
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batch_size\": [1]}, \"max_repeats\": 7.5}|max_repeats must be an integer but was 7.5",
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batch_size\": [1]}, \"budget_seconds\": -1}|budget_seconds must be between 0 and 86400 but was -1.0",
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batch_size\": [1]}, \"budget_seconds\": 100000}|budget_seconds must be between 0 and 86400 but was 100000.0",
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batch_size\": [1]}, \"budget_seconds\": \"1m\"}|budget_seconds must be a number but was \"1m\"",
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batch_size\": [1]}, \"design\": \"pooled\"}|design must be \"shared\" or \"isolated\" but was \"pooled\"",
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batch_size\": [1]}, \"design\": 2}|design must be \"shared\" or \"isolated\" but was 2",
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batch_size\": [1]}, \"applications\": 0}|applications must be an integer between 1 and 10 or \"auto\" but was 0",
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batch_size\": [1]}, \"applications\": \"many\"}|applications must be an integer between 1 and 10 or \"auto\" but was \"many\"",
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batch_size\": [1]}, \"applications\": 11}|applications must be between 1 and 10 (or \"auto\") but was 11",
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batch_size\": []}}|axis 'batch_size' is empty",
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batch_size\": [0]}}|axes.batch_size[0]: batch_size must be positive but was 0",
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batch_size\": [-5]}}|axes.batch_size[0]: batch_size must be positive but was -5",
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batch_size\": [99999999]}}|axes.batch_size[0]: batch_size must be at most 16777216 but was 99999999",
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {\"max_concurrency\": [0]}}|axes.max_concurrency[0]: max_concurrency must be positive but was 0",
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {\"max_concurrency\": [2000]}}|axes.max_concurrency[0]: max_concurrency must be at most 1024 but was 2000",
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {\"use_process\": [\"maybe\"]}}|axes.use_process[0]: use_process must be true or false but was \"maybe\"",
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batchsize\": [1]}}|axes.batchsize[0]: unknown key 'batchsize' (known keys: batch_size, max_concurrency, use_process, partitions, and spark.* settings)",
      "{\"workload\": \"w\", \"items\": \"many\", \"axes\": {\"batch_size\": [1]}}|items must be an integer but was \"many\"",
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batch_size\": 4}}|axis 'batch_size' must be a list of values but was 4",
      "{\"items\": 1, \"axes\": {\"batch_size\": [1]}}|missing key 'workload'",
      "{\"workload\": \"w\", \"items\": 1, \"axes\": {}}|a grid needs at least one axis",
      "[1, 2]|the top level must be a JSON object",
  })
  void badGridsAreRejected_namingKeyAndValue(String json, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Grid.parse(json));
    assertEquals(message, e.getMessage());
  }

  @Test
  void malformedJsonNamesTheFileAndThePlace(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("g.json");
    Files.writeString(file, "{\"workload\": \"w\",\n \"items\": 1 oops}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Grid.read(file));
    // The column is Jackson's count (13 by 2.17, 14 by 2.15 for the same 'o'): the line and the cause are ours.
    assertTrue(e.getMessage().matches(java.util.regex.Pattern.quote("grid file " + file
        + ": not valid JSON at line 2, column ") + "1[34]: Unexpected character.*"), e.getMessage());
    assertTrue(!e.getMessage().contains("Source:"), e.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> Grid.read(dir.resolve("no.json")));
    assertEquals("grid file " + dir.resolve("no.json") + " does not exist", missing.getMessage());
  }

  @Test
  void jacksonsSourceAndLocation_leaveTheMessage_inEitherVersionsWording() {
    // 2.16+ redacts the source; 2.15 (the spark-3.5 profile) quotes it, newlines included.
    String redacted = "Unexpected end-of-input: expected close marker for Object (start marker at [Source: REDACTED"
        + " (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1])\n"
        + " at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 2, column: 28]";
    String quoted = "Unexpected end-of-input: expected close marker for Object (start marker at [Source: (String)"
        + "\"{\"workload\": \"w\",\n \"axes\": {\"batch_size\": [1]\"; line: 1, column: 1])\n"
        + " at [Source: (String)\"{\"workload\": \"w\",\n \"axes\": {\"batch_size\": [1]\"; line: 2, column: 28]";
    String expected = "Unexpected end-of-input: expected close marker for Object (opened at line 1, column 1)";
    assertEquals(expected, GridFile.jsonProblem(redacted));
    assertEquals(expected, GridFile.jsonProblem(quoted));
  }

  @Test
  void partitionsAxis_isPerMap_soItsPointsShareAnApplication() {
    Grid grid = Grid.parse("""
        {"workload": "w", "items": 100,
         "axes": {"max_concurrency": [2], "partitions": ["auto", 4], "batch_size": [10]}}""");
    assertEquals(2, grid.points().size());
    assertEquals(1, grid.groups().size(), "partitions needs no new application");
    Point auto = grid.points().get(0);
    Point four = grid.points().get(1);
    assertTrue(auto.effective().partitions().isAuto());
    assertEquals(4, four.effective().partitions().count().getAsInt());
    assertEquals(auto.applicationKey(), four.applicationKey());
    assertEquals("max_concurrency=2,partitions=auto,batch_size=10", auto.id());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Grid.parse("""
        {"workload": "w", "items": 1, "axes": {"partitions": [0]}}"""));
    assertTrue(bad.getMessage().contains("partitions"), bad.getMessage());
  }

  @Test
  void axes_areInTheFormTheResultsRecord_madeCanonicalInOnePlace() {
    Grid seed = Grid.read(Path.of("conf/grid-seed.json"));
    assertEquals(seed.axes(), seed.info().axes());
    Grid g = new Grid("g", "w", 1, 0, 1, 1.0, 1L, Map.of("spark.sql.shuffle.partitions", List.of(8L, 1.5f)),
        io.sparknodes.config.ExecutionConfig.empty());
    assertEquals(List.of(8, 1.5), g.axes().get("spark.sql.shuffle.partitions"));
    assertEquals(g.axes(), g.info().axes());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Grid.parse("""
        {"workload": "w", "items": 1, "axes": {"spark.sql.shuffle.partitions": [1e400]}}"""));
    assertEquals("axis spark.sql.shuffle.partitions holds Infinity, which is not a finite number", e.getMessage());
  }

  @Test
  void seedGridIsTheSeeds48Points() {
    Grid seed = Grid.read(Path.of("conf/grid-seed.json"));
    assertEquals(48, seed.points().size());
    assertEquals(8, seed.groups().size());
    assertEquals("text-normalize", seed.workload());
    assertEquals(10_000, seed.items());
    assertEquals(List.of(128, 512, 1024, 2048, 4096, 8192), seed.axes().get("batch_size"));
    assertTrue(seed.repeats() >= 3);
  }

  @Test
  void design_sharedByDefault_isolatedWhenAsked_andRecordedInTheResultsGrid() throws Exception {
    Grid isolated = Grid.parse("{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batch_size\": [1]},"
        + " \"design\": \"isolated\"}");
    assertEquals(io.sparknodes.results.Design.ISOLATED, isolated.design());
    assertEquals(io.sparknodes.results.Design.ISOLATED, isolated.info().design());
    Grid shared = Grid.parse("{\"workload\": \"w\", \"items\": 1, \"axes\": {\"batch_size\": [1]}}");
    assertEquals(io.sparknodes.results.Design.SHARED, shared.design());
    assertEquals(io.sparknodes.results.Design.SHARED, shared.info().design());
    assertEquals(isolated, Grid.parse(isolated.toJson()));
    assertEquals(shared, Grid.parse(shared.toJson()));
    assertEquals(io.sparknodes.results.Design.SHARED, Grid.read(Path.of("conf/grid-seed.json")).design());
  }

  @Test
  void sharedOrder_declaredThenReversed_thenRotated_everyGroupInEveryPass() {
    assertEquals(List.of(0, 1, 2, 3), SweepOrder.sharedOrder(4, 0));
    assertEquals(List.of(3, 2, 1, 0), SweepOrder.sharedOrder(4, 1));
    assertEquals(List.of(1, 2, 3, 0), SweepOrder.sharedOrder(4, 2));
    assertEquals(List.of(0, 3, 2, 1), SweepOrder.sharedOrder(4, 3));
    for (int pass = 0; pass < 8; pass++) {
      assertEquals(java.util.Set.of(0, 1, 2, 3), new java.util.HashSet<>(SweepOrder.sharedOrder(4, pass)));
    }
  }

  @Test
  void jvmSets_groupTheGroupsByUseProcess() {
    Grid g = Grid.parse("{\"workload\": \"w\", \"items\": 1, \"repeats\": 4, \"applications\": 1, \"axes\":"
        + " {\"use_process\": [false, true], \"max_concurrency\": [1, 2], \"batch_size\": [1, 2]}}");
    assertEquals(List.of(List.of(0, 1), List.of(2, 3)), SweepOrder.jvmSets(g.groups()));
  }

  @Test
  void processGroupsOfOneShape_shareAShrinkingApplication_largestFirst_inEveryPass() {
    Grid g = Grid.parse("{\"workload\": \"w\", \"items\": 1, \"repeats\": 4, \"axes\":"
        + " {\"use_process\": [false, true], \"max_concurrency\": [1, 2, 4], \"batch_size\": [1, 2]}}");
    List<List<Point>> groups = g.groups();
    List<List<Integer>> sets = SweepOrder.jvmSets(groups);
    List<Integer> threads = sets.get(0);
    List<Integer> processes = sets.get(1);
    java.util.Optional<String> embedded = java.util.Optional.empty();
    for (int pass = 0; pass < 4; pass++) {
      List<Integer> order = SweepOrder.jvmOrder(groups, processes, pass, embedded);
      assertEquals(List.of(4, 2, 1), order.stream().map(x -> groups.get(x).get(0).effective().maxConcurrency()).toList(),
          "executor JVMs: largest first in pass " + pass);
      assertTrue(SweepOrder.shrinks(order.stream().map(groups::get).toList(), embedded));
    }
    // Threads keep the balanced order: a new SparkContext costs little in a warm JVM.
    assertEquals(threads, SweepOrder.jvmOrder(groups, threads, 0, embedded));
    assertEquals(List.of(threads.get(2), threads.get(1), threads.get(0)), SweepOrder.jvmOrder(groups, threads, 1, embedded));
    assertFalse(SweepOrder.shrinks(threads.stream().map(groups::get).toList(), embedded), "threads do not shrink");
    List<List<Point>> smallestFirst = List.of(groups.get(processes.get(0)), groups.get(processes.get(1)));
    assertFalse(SweepOrder.shrinks(smallestFirst, embedded), "an application cannot add warm executors");
    assertFalse(SweepOrder.shrinks(List.of(groups.get(processes.get(2))), embedded), "one group: nothing to share");
    List<List<Point>> largestFirst = List.of(groups.get(processes.get(2)), groups.get(processes.get(1)));
    assertTrue(SweepOrder.shrinks(largestFirst, java.util.Optional.of("spark://127.0.0.1:7077")), "standalone");
    assertFalse(SweepOrder.shrinks(largestFirst, java.util.Optional.of("yarn")), "only where it was tried");
    // Groups that differ in a start-up setting other than max_concurrency need applications of their own.
    Grid memory = Grid.parse("{\"workload\": \"w\", \"items\": 1, \"repeats\": 4, \"fixed\": {\"use_process\": true},"
        + " \"axes\": {\"max_concurrency\": [2, 1], \"spark.executor.memory\": [\"512m\", \"1g\"]}}");
    List<List<Point>> mixed = memory.groups().stream()
        .sorted(java.util.Comparator.comparingInt((List<Point> x) -> -x.get(0).effective().maxConcurrency())).toList();
    assertFalse(SweepOrder.shrinks(mixed, embedded), mixed.toString());
  }
}
