package io.sparknodes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknodes.config.EffectiveConfig;
import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.ExecutionReport;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.results.Results;
import io.sparknodes.results.Trial;
import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.format.ResultsJson;
import io.sparknodes.spark.SparkEngine;
import io.sparknodes.workloads.TextNormalize;
import io.sparknodes.workloads.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a sweep leaves for the user's next step: a profile.json whose winner a map then runs with
 * (round trip), and with {@code --event-log} the Spark event logs of every group.
 */
class SweepProfileTest {
  private static final int ITEMS = 100;

  @TempDir
  static Path dir;
  static Path out;
  static Path events;
  static GridCommandTest.Run run;

  @BeforeAll
  static void sweep() throws Exception {
    Path grid = Files.writeString(dir.resolve("g.json"), """
        {"name": "profile", "workload": "text-normalize", "items": %d, "warmup": 0, "repeats": 2,
         "time_limit_seconds": 120, "seed": 3, "applications": 1, "budget_seconds": 0,
         "axes": {"use_process": [false], "max_concurrency": [1, 2], "batch_size": [25, 50]}}""".formatted(ITEMS));
    out = dir.resolve("out");
    events = dir.resolve("events");
    run = GridCommandTest.cli("grid", grid.toString(), "--out", out.toString(), "--event-log", events.toString());
    assertEquals(0, run.code(), run.out() + run.err());
  }

  @Test
  void profile_roundTrip_givesTheWinnersSettings_andAMapWithThemHonoursThem() throws Exception {
    Path profile = out.resolve("profile.json");
    assertTrue(run.out().contains("profile: " + profile), run.out());
    Results results = ResultsJson.read(out.resolve("results.json"));
    Trial winner = Analysis.of(results).best().orElseThrow().trial();
    ExecutionConfig config = ExecutionConfig.fromProfile(profile);
    assertEquals(ExecutionConfig.fromMap(winner.params()), config, "the winner's settings: " + winner.id());

    int batch = (Integer) winner.params().get("batch_size");
    int cores = (Integer) winner.params().get("max_concurrency");
    Workload w = new TextNormalize();
    List<?> items = w.items(ITEMS);
    try (SparkEngine engine = SparkEngine.start(profile)) {
      MapResult result = w.pipeline().withEngine(engine).map(w.inputs(items, w.constants()), w.mappedInput());
      assertEquals(Optional.empty(), w.check(items, result));
      ExecutionReport report = result.report();
      assertEquals("local[" + cores + "]", report.master());
      assertEquals(Math.min(ITEMS, io.sparknodes.spark.internal.SparkSettings.PARTITIONS_PER_SLOT_DEFAULT * cores),
          report.partitions());
      EffectiveConfig node = report.nodeConfigs().get("normalized");
      assertEquals(batch, node.batchSize());
      assertEquals(cores, node.maxConcurrency());
      assertEquals(false, node.useProcess());
      assertEquals(Math.min(batch, report.layout().maxRowsPerPartition()), report.batches().get("normalized").max());
      assertEquals(1, report.executors().size(), "threads of one JVM: " + report.executors());
    }
  }

  @Test
  void profileCommand_printsTheSparkSettingsForSubmit_andRefusesABadProfileInOneLine() throws Exception {
    Path profile = out.resolve("profile.json");
    Trial winner = Analysis.of(ResultsJson.read(out.resolve("results.json"))).best().orElseThrow().trial();
    int cores = (Integer) winner.params().get("max_concurrency");
    GridCommandTest.Run conf = GridCommandTest.cli("profile", profile.toString(), "--spark-conf");
    assertEquals(0, conf.code(), conf.err());
    List<String> lines = conf.out().lines().toList();
    assertTrue(lines.contains("spark.executor.cores=" + cores), conf.out());
    assertTrue(lines.contains("spark.executor.instances=1"), conf.out());
    assertTrue(lines.contains("spark.sparknodes.profile=" + profile.toAbsolutePath()), conf.out());
    assertTrue(lines.stream().noneMatch(l -> l.startsWith("spark.master")), conf.out());

    Path missing = dir.resolve("missing.json");
    GridCommandTest.Run bad = GridCommandTest.cli("profile", missing.toString());
    assertEquals(2, bad.code());
    assertEquals("sparknodes: profile " + missing + " does not exist", bad.err().strip());
    GridCommandTest.Run unknown = GridCommandTest.cli("profile", profile.toString(), "--use-case", "fastest");
    assertEquals(2, unknown.code());
    assertEquals(1, unknown.err().lines().count(), unknown.err());
    assertTrue(unknown.err().contains("has no configuration 'fastest' (it has optimal, general,"), unknown.err());
  }

  @Test
  void eventLog_ofEveryGroup_holdsTheSweepsJobs() throws Exception {
    // Spark 4.0 rolls event logs by default: a folder eventlog_v2_<app id> of events_N_<app id> files
    // (Spark 3.5: one file per application).
    List<Path> apps;
    try (Stream<Path> files = Files.list(events)) {
      apps = files.sorted().toList();
    }
    assertEquals(2, apps.size(), "one event log per group: " + apps);
    ObjectMapper json = new ObjectMapper();
    Set<String> ids = ResultsJson.read(out.resolve("results.json")).trials().stream().map(Trial::id)
        .collect(Collectors.toSet());
    for (Path app : apps) {
      List<Path> parts;
      try (Stream<Path> files = Files.isDirectory(app) ? Files.list(app) : Stream.of(app)) {
        parts = files.sorted().toList();
      }
      assertTrue(parts.stream().noneMatch(f -> f.getFileName().toString().endsWith(".inprogress")),
          "the application ended: " + parts);
      List<JsonNode> jobs = new ArrayList<>();
      for (Path part : parts) {
        if (Files.isDirectory(app) && !part.getFileName().toString().startsWith("events_")) {
          continue;
        }
        for (String line : Files.readAllLines(part)) {
          JsonNode event = json.readTree(line);
          if ("SparkListenerJobStart".equals(event.path("Event").asText())) {
            jobs.add(event);
          }
        }
      }
      // One cold run, then 2 points x 2 repeats: every map is a job.
      assertTrue(jobs.size() >= 5, app + " has " + jobs.size() + " jobs");
      for (JsonNode job : jobs) {
        JsonNode description = job.path("Properties").get("spark.job.description");
        if (description != null) {
          assertTrue(ids.stream().anyMatch(description.asText()::contains),
              "a job description names its point: " + description);
        }
      }
    }
  }
}
