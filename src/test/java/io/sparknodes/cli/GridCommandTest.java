package io.sparknodes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknodes.results.Results;
import io.sparknodes.results.Status;
import io.sparknodes.results.Trial;
import io.sparknodes.results.format.ResultsJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grid command end to end: child JVMs per group, results, report, resume. */
class GridCommandTest {
  private static final String TINY = """
      {"name": "tiny", "workload": "text-normalize", "items": 200, "warmup": 1, "repeats": 3, "budget_seconds": 0,
       "time_limit_seconds": 120, "seed": 11, "applications": 2,
       "axes": {"use_process": [false, true], "max_concurrency": [1, 2], "batch_size": [50, 200]}}""";

  @TempDir
  static Path shared;
  private static Path tinyOut;
  private static Run tinyRun;

  record Run(int code, String out, String err) {}

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void runTinyGrid() throws Exception {
    Path grid = shared.resolve("tiny.json");
    Files.writeString(grid, TINY);
    tinyOut = shared.resolve("tiny-out");
    tinyRun = cli("grid", grid.toString(), "--out", tinyOut.toString());
  }

  @Test
  void tinyGrid_recordsTheWorkloadsPipeline_inTheResultsAndTheReport() throws Exception {
    assertEquals(0, tinyRun.code(), tinyRun.out() + tinyRun.err());
    io.sparknodes.workloads.Workload w = io.sparknodes.workloads.Workloads.byName("text-normalize");

    assertEquals(w.pipeline().toMermaid(w.constants()), ResultsJson.read(tinyOut.resolve("results.json")).pipelineGraph());
    assertTrue(Files.readString(tinyOut.resolve("report.md")).contains("## Pipeline\n"));
  }

  @Test
  void tinyGrid_endToEnd_writesResultsReportAndCharts_forEveryPoint() throws Exception {
    assertEquals(0, tinyRun.code(), tinyRun.out() + tinyRun.err());
    for (String f : List.of("results.json", "results.csv", "report.md", "grid.json", "effects.png", "effects.svg",
        "spread.png", "heatmap-use_process-false.png", "heatmap-use_process-true.svg")) {
      assertTrue(Files.size(tinyOut.resolve(f)) > 0, f);
    }
    assertTrue(tinyRun.out().contains("8 points (0 failed or timed out) in "), tinyRun.out());
    assertTrue(tinyRun.out().contains("best: "), tinyRun.out());

    JsonNode json = new ObjectMapper().readTree(tinyOut.resolve("results.json").toFile());
    assertEquals(io.sparknodes.results.Results.SCHEMA_VERSION, json.get("schemaVersion").asInt());
    assertEquals("tiny", json.at("/grid/name").asText());
    assertTrue(json.at("/environment/sparkVersion").asText().matches("\\d+\\.\\d+\\.\\d+.*"));
    assertEquals(8, json.get("trials").size());
    int cold = 0;
    int replicatedTrials = 0;
    for (JsonNode t : json.get("trials")) {
      assertEquals("OK", t.get("status").asText(), t.toString());
      // the group ran as two applications, A B ... B A, sharing the three repeats 2 + 1; under the
      // shared design (the default) a group holding no contender and no unresolved verdict after the
      // first pass is not replicated, and says so
      boolean replicated = !"not_contender".equals(t.path("stopReason").asText());
      assertEquals(replicated ? 3 : 2, t.get("warmSeconds").size(), t.toString());
      assertEquals(replicated ? "[0,0,1]" : "[0,0]", t.get("applications").toString());
      replicatedTrials += replicated ? 1 : 0;
      assertTrue(t.at("/summary/median").asDouble() > 0);
      assertTrue(t.at("/summary/ciLow").asDouble() <= t.at("/summary/ciHigh").asDouble());
      int batch = t.at("/params/batch_size").asInt();
      boolean process = t.at("/params/use_process").asBoolean();
      int n = t.at("/params/max_concurrency").asInt();
      // The partitions follow the slots (4 a slot); a batch can be no larger than a partition.
      int partitions = io.sparknodes.spark.internal.SparkSettings.PARTITIONS_PER_SLOT_DEFAULT * n;
      assertEquals(partitions, t.at("/observed/partitions").asInt());
      assertEquals(Math.min(batch, (200 + partitions - 1) / partitions), t.at("/observed/batchMax").asInt(), t.toString());
      if (process) {
        // Over several runs, one-partition runs may land on either executor: at least min(n, partitions) JVMs.
        int jvms = t.at("/observed/jvms").asInt();
        assertTrue(jvms >= Math.min(n, partitions) && jvms <= n, t.toString());
      } else {
        assertEquals(1, t.at("/observed/jvms").asInt());
      }
      cold += t.has("coldSeconds") ? 1 : 0;
    }
    assertEquals(4, cold, "one cold run per group");
    assertTrue(replicatedTrials >= 4, "the use_process value of the best point is replicated whole: " + replicatedTrials);

    String report = Files.readString(tinyOut.resolve("report.md"));
    for (String heading : List.of("## Executive summary", "## Optimal configuration", "## Top 10 configurations",
        "## Parameter effects", "## Statistical summary")) {
      assertTrue(report.contains(heading), heading);
    }
    assertTrue(report.contains("](heatmap-use_process-false.png)"));
    // batch_size=200 is larger than any partition (25 or 50 rows): the report must say the knob could not act.
    assertTrue(report.contains("batch_size 200 cannot take effect"), "flag missing from report");
  }

  @Test
  void resume_fromAFileHoldingHalfThePoints_redoesNoneOfThem() throws Exception {
    Results full = ResultsJson.read(tinyOut.resolve("results.json"));
    Path dir = shared.resolve("resume");
    Files.createDirectories(dir);
    Files.copy(tinyOut.resolve("grid.json"), dir.resolve("grid.json"));
    List<Trial> kept = new ArrayList<>();
    Results half = new Results(full.schemaVersion(), full.environment(), full.grid(), List.of(), full.startedAt(),
        full.startedAt());
    for (Trial t : full.trials()) {
      if (!(Boolean) t.params().get("use_process") && kept.size() < 4) {
        kept.add(t);
        half = half.withTrial(t);
      }
    }
    ResultsJson.write(half, dir.resolve("results.json"));

    Run run = cli("grid", "--resume", dir.toString());
    assertEquals(0, run.code(), run.out() + run.err());
    assertTrue(run.out().contains("sweep: 8 points, 4 already done"), run.out());
    Results resumed = ResultsJson.read(dir.resolve("results.json"));
    assertEquals(8, resumed.trials().size());
    Map<String, Trial> byId = resumed.trials().stream().collect(Collectors.toMap(Trial::id, Function.identity()));
    for (Trial t : kept) {
      assertEquals(t, byId.get(t.id()), "a finished point was redone: " + t.id());
    }
    assertEquals(8, resumed.trials().stream().map(Trial::id).distinct().count());
    assertTrue(resumed.trials().stream().allMatch(t -> t.status() == Status.OK), () -> "not OK: "
        + resumed.trials().stream().filter(t -> t.status() != Status.OK).map(t -> t.id() + " " + t.status() + " "
            + t.error().orElse("")).toList() + "\n" + run.out() + run.err());
    // Only the process-mode groups ran again (under the shared design in one JVM, whose log is named
    // after its first group: the largest, as executors are shed from group to group).
    assertFalse(Files.exists(dir.resolve("logs").resolve("group-0.log")));
    assertFalse(Files.exists(dir.resolve("logs").resolve("group-1.log")));
    assertTrue(Files.exists(dir.resolve("logs").resolve("group-2.log"))
        || Files.exists(dir.resolve("logs").resolve("group-3.log")), dir.resolve("logs").toString());
  }

  @Test
  void usersWorkloadClass_overUsersData() throws Exception {
    Path dir = shared.resolve("user");
    Files.createDirectories(dir);
    StringBuilder csv = new StringBuilder("id,text\n");
    for (int i = 0; i < 30; i++) {
      csv.append(i).append(",row ").append(i).append('\n');
    }
    Path data = Files.writeString(dir.resolve("data.csv"), csv);
    Path grid = Files.writeString(dir.resolve("g.json"), """
        {"workload": "%s", "items": 5, "warmup": 0, "repeats": 2, "budget_seconds": 0,
         "axes": {"use_process": [false], "max_concurrency": [1], "batch_size": [7]}}"""
        .formatted(TestWorkloads.Upper.class.getName()));
    Run run = cli("grid", grid.toString(), "--out", dir.resolve("out").toString(), "--input", data.toString(),
        "--column", "text");
    assertEquals(0, run.code(), run.out() + run.err());
    Results results = ResultsJson.read(dir.resolve("out").resolve("results.json"));
    assertEquals(30, results.grid().items(), "the user's rows set the item count");
    Trial t = results.trials().get(0);
    assertEquals(Status.OK, t.status());
    assertEquals(io.sparknodes.spark.internal.SparkSettings.PARTITIONS_PER_SLOT_DEFAULT, t.observed().orElseThrow().partitions());
    assertEquals(2, t.warmSeconds().size());
    // The data is recorded: where it came from and what it held, so that a resume checks it.
    io.sparknodes.results.InputInfo input = results.grid().input().orElseThrow();
    assertEquals(data.toAbsolutePath().normalize().toString(), input.file());
    assertEquals("text", input.column());
    assertEquals(io.sparknodes.results.InputInfo.digest(java.util.stream.IntStream.range(0, 30)
        .mapToObj(i -> "row " + i).toList()), input.sha256());
  }
}
