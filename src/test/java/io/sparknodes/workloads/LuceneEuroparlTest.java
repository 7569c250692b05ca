package io.sparknodes.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.cli.Main;
import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.ExecutionReport;
import io.sparknodes.pipeline.LocalEngine;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.results.Results;
import io.sparknodes.results.Status;
import io.sparknodes.results.format.ResultsJson;
import io.sparknodes.spark.SparkEngine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Lucene workload: real text, an Analyzer per executor, a Snowball stemmer per task slot. */
class LuceneEuroparlTest {
  private final LuceneEuroparl workload = new LuceneEuroparl();

  @Test
  void items_areTheEuroparlLinesText_cyclingPastTheLast() {
    List<String> lines = LuceneEuroparl.lines();
    assertEquals(LuceneEuroparl.LINES, lines.size());
    List<?> items = workload.items(LuceneEuroparl.LINES + 2);
    assertEquals(lines.get(1), items.get(LuceneEuroparl.LINES + 1));
    for (Object item : items.subList(0, 100)) {
      assertFalse(((String) item).contains("\t"), "title and date are dropped: " + item);
    }
  }

  @Test
  void analysis_tokenizesFoldsAndStems() throws Exception {
    try (LuceneEuroparl.EuroparlAnalyzer analyzer = new LuceneEuroparl.EuroparlAnalyzer()) {
      List<String> tokens = LuceneEuroparl.tokens(analyzer, "The Committees were DISCUSSING the Élysée's proposals.");
      assertEquals(List.of("the", "committees", "were", "discussing", "the", "elysee's", "proposals"), tokens);
      assertEquals("the committe were discuss the elyse propos",
          LuceneEuroparl.stems(new org.tartarus.snowball.ext.EnglishStemmer(), tokens));
    }
  }

  @Test
  void localEngine_passesTheCheck_andAWrongOutputFailsIt() {
    List<?> items = workload.items(50);
    MapResult result = workload.pipeline().withEngine(new LocalEngine())
        .map(workload.inputs(items, workload.constants()), workload.mappedInput());
    assertEquals(Optional.empty(), workload.check(items, result));
    // The same outputs over other items must fail: the check is not a formality.
    List<?> shifted = new ArrayList<>(workload.items(51).subList(1, 51));
    assertTrue(workload.check(shifted, result).isPresent());
  }

  @Test
  void spark_analyzerIsAnExecutorSingleton_stemmerIsPerSlot() {
    List<?> items = workload.items(400);
    // Once per application, as the sweep does: the same stateful values across its maps.
    java.util.Map<String, Object> inputs = workload.inputs(items, workload.constants());
    try (SparkEngine spark = SparkEngine.start(ExecutionConfig.builder().maxConcurrency(2).batchSize(25).build())) {
      MapResult result = workload.pipeline().withEngine(spark).map(inputs, workload.mappedInput());
      assertEquals(Optional.empty(), workload.check(items, result));
      ExecutionReport report = result.report();
      assertEquals(io.sparknodes.spark.internal.SparkSettings.PARTITIONS_PER_SLOT_DEFAULT * 2, report.partitions());
      assertEquals(1, report.executors().size());
      assertEquals(1, report.instancesBuilt("analyzer"), "one Analyzer for the executor's threads");
      int stemmers = report.instancesBuilt("stemmer");
      assertTrue(stemmers >= 1 && stemmers <= 2, "one stemmer per task slot of 2, got " + stemmers);
      // A second map on the same application builds nothing new: both live as long as the application.
      MapResult again = workload.pipeline().withEngine(spark).map(inputs, workload.mappedInput());
      assertEquals(Optional.empty(), workload.check(items, again));
      assertEquals(0, again.report().instancesBuilt("analyzer"));
      assertTrue(again.report().instancesBuilt("stemmer") <= 2 - stemmers,
          "only slots that had none build one: " + again.report().instancesBuilt());
    }
  }

  @Test
  void sweep_ofTheBuiltInName_runsAndChecksEveryRun(@TempDir Path dir) throws Exception {
    Path grid = Files.writeString(dir.resolve("g.json"), """
        {"name": "lucene", "workload": "lucene-europarl", "items": 300, "warmup": 0, "repeats": 2,
         "axes": {"use_process": [false], "max_concurrency": [2], "batch_size": [50, 150]}}""");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new String[] {"grid", grid.toString(), "--out", dir.resolve("out").toString()},
        new PrintWriter(out), new PrintWriter(err));
    assertEquals(0, code, out + "\n" + err);
    Results results = ResultsJson.read(dir.resolve("out").resolve("results.json"));
    assertEquals(2, results.trials().size());
    results.trials().forEach(t -> assertEquals(Status.OK, t.status(), t.id() + ": " + t.error().orElse("")));
  }
}
