package io.sparknodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.*;
import io.sparknodes.spark.SparkEngine;
import io.sparknodes.workloads.TextModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import org.junit.jupiter.api.Test;

/** The README's Java example, compiled and run; the README must hold exactly these lines. */
class QuickStartTest {

  @Test
  void readmeExampleRuns() {
    // README:begin
    // Nodes are plain functions with named inputs and one named output, wired by name.
    Pipeline pipeline = Pipeline.of(
        Node.named("clean").inputs("text", "model")
            .row((String text, TextModel model) -> model.normalize(text)),
        Node.named("length").inputs("clean").batchSize(256)
            .batch((List<String> cleaned) -> cleaned.stream().map(String::length).toList()));

    // The model is stateful: built lazily where the work runs, once per executor, never per row.
    Map<String, Object> inputs = Map.of(
        "text", List.of("  Hello ", " WORLD  "),
        "model", Stateful.of(TextModel::new));

    // Once on the reference engine, then mapped over a list on Spark.
    Map<String, Object> one = pipeline.run(Map.of("text", " Hi ", "model", Stateful.of(TextModel::new)));
    try (SparkEngine spark = SparkEngine.start(ExecutionConfig.builder().maxConcurrency(2).batchSize(512).build())) {
      MapResult result = pipeline.withEngine(spark).map(inputs, "text");
      List<String> cleaned = result.column("clean");      // [hello, world], in input order
      ExecutionReport report = result.report();            // partitions, batch sizes, executors, instances built
      // README:end
      assertEquals(List.of("hello", "world"), cleaned);
      assertEquals(List.of(5, 5), result.column("length"));
      assertEquals(1, report.instancesBuilt("model"));
    }
    assertEquals(Map.of("clean", "hi", "length", 2), one);
  }

  @Test
  void readmeHoldsTheExampleVerbatim() throws Exception {
    List<String> source = Files.readAllLines(Path.of("src/test/java/io/sparknodes/QuickStartTest.java"));
    List<String> example = source.subList(source.indexOf("    // README:begin") + 1, source.indexOf("      // README:end"))
        .stream().map(String::strip).toList();
    List<String> readme = Files.readAllLines(Path.of("README.md")).stream().map(String::strip).toList();
    int at = Collections.indexOfSubList(readme, example);
    assertTrue(at > 0, "README.md's Java example differs from QuickStartTest's: update one to match the other");
    // The README's imports are this file's, so that the example compiles as written.
    for (String line : List.of("import io.sparknodes.pipeline.*;", "import io.sparknodes.spark.SparkEngine;",
        "import io.sparknodes.workloads.TextModel;", "import java.util.*;")) {
      assertTrue(source.contains(line), "QuickStartTest lacks " + line);
      assertTrue(readme.subList(0, at).contains(line), "README.md's Java example lacks " + line);
    }
  }
}
