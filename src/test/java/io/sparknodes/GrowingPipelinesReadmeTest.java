package io.sparknodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.pipeline.*;
import io.sparknodes.workloads.TextModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import org.junit.jupiter.api.Test;

/**
 * The examples of nested pipelines, product maps, graph pictures and progress in docs/pipelines.md
 * (the README's until issue 35 moved them), compiled and run; the page must hold exactly these
 * lines (between the markers), and the picture they print.
 */
class GrowingPipelinesReadmeTest {
  private static final Path SOURCE = Path.of("src/test/java/io/sparknodes/GrowingPipelinesReadmeTest.java");
  private static final Path PAGE = Path.of("docs/pipelines.md");

  private static Pipeline docs() {
    // README:nested:begin
    // A pipeline built and tested alone...
    Pipeline stats = Pipeline.of(
        Node.named("clean").inputs("text", "model")
            .row((String text, TextModel model) -> model.normalize(text)),
        Node.named("length").inputs("clean").row((String c) -> c.length()));

    // ...reused as one node of another. Renaming maps are keyed by the outer name.
    Pipeline docs = Pipeline.of(
        Node.named("sentences").inputs("doc").row((String d) -> List.of(d.split("\\."))),
        stats.asNode("stats")
            .inputs(Map.of("sentences", "text"))     // outer "sentences" feeds inner "text"
            .outputs(Map.of("lengths", "length"))    // inner "length" comes out as "lengths"
            .mapOver("text")                         // each doc's sentences, mapped over
            .build());
    // README:nested:end
    return docs;
  }

  @Test
  void nestedExample_runs() {
    Pipeline docs = docs();
    // README:nested-run:begin
    MapResult r = docs.map(Map.of("doc", List.of("A. Bb", " Ccc "), "model", Stateful.of(TextModel::new)), "doc");
    List<List<Integer>> lengths = r.column("lengths");   // [[1, 2], [3]]
    // README:nested-run:end
    assertEquals(List.of(List.of(1, 2), List.of(3)), lengths);
    assertEquals(1, r.report().instancesBuilt("model"));
  }

  @Test
  void progressExample_runs() {
    List<String> texts = List.of(" A ", " B ", " C ");
    // README:progress:begin
    java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
    MapListener progress = new MapListener() {
      @Override
      public void onBatchDone(String node, long rows) {
        done.addAndGet(rows);                     // called while the map runs
      }

      @Override
      public void onMapEnd(ExecutionReport report) {
        System.out.println(done.get() + " rows in " + report.tasks() + " task(s)");
      }
    };
    Pipeline upper = Pipeline.of(Node.named("up").inputs("t").row((String t) -> t.strip().toUpperCase()));
    upper.withEngine(new LocalEngine().withListener(progress)).map(Map.of("t", texts), "t");
    // README:progress:end
    assertEquals(3, done.get());
  }

  @Test
  void productExample_runs() {
    // README:product:begin
    Pipeline label = Pipeline.of(Node.named("label").inputs("size", "color")
        .row((String size, String color) -> size + " " + color));
    MapResult all = label.map(Map.of("size", List.of("S", "M", "L"), "color", List.of("red", "blue")),
        MapMode.PRODUCT, "size", "color");
    List<String> labels = all.column("label");   // [S red, S blue, M red, M blue, L red, L blue]
    // README:product:end
    assertEquals(List.of("S red", "S blue", "M red", "M blue", "L red", "L blue"), labels);
  }

  @Test
  void graphExample_printsThePictureTheReadmeShows() throws Exception {
    Pipeline docs = docs();
    // README:graph:begin
    String mermaid = docs.toMermaid(Map.of("model", Stateful.of(TextModel::new)));   // stateful inputs marked
    String dot = docs.toDot();                                                          // for Graphviz
    // README:graph:end
    assertTrue(dot.startsWith("digraph pipeline {"));
    List<String> readme = Files.readAllLines(PAGE);
    List<String> block = new ArrayList<>();
    block.add("```mermaid");
    block.addAll(List.of(mermaid.split("\n")));
    block.add("```");
    assertTrue(Collections.indexOfSubList(readme, block) > 0,
        "docs/pipelines.md's picture differs from what the example prints:\n" + mermaid);
  }

  @Test
  void readmeHoldsTheExamplesVerbatim() throws Exception {
    List<String> source = Files.readAllLines(SOURCE);
    List<String> readme = Files.readAllLines(PAGE).stream().map(String::strip).toList();
    for (String name : List.of("nested", "nested-run", "product", "graph", "progress")) {
      int from = indexOf(source, "// README:" + name + ":begin");
      int to = indexOf(source, "// README:" + name + ":end");
      List<String> example = source.subList(from + 1, to).stream().map(String::strip).toList();
      assertTrue(Collections.indexOfSubList(readme, example) > 0,
          "docs/pipelines.md's example '" + name + "' differs from GrowingPipelinesReadmeTest's: update one to match the other");
    }
  }

  private static int indexOf(List<String> lines, String marker) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(marker)) {
        return i;
      }
    }
    throw new AssertionError("no marker " + marker);
  }
}
