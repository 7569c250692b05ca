package io.sparknodes.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.results.Golden;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pictures of a pipeline, compared with golden files. */
class GraphTest {

  /** A pipeline with every feature a picture shows. */
  static Pipeline known() {
    Pipeline stats = Pipeline.of(
        Node.named("clean").inputs("text", "model").stateful("model")
            .row((String t, String m) -> m + t.strip()),
        Node.named("length").inputs("clean").batchSize(64)
            .batch((List<String> c) -> c.stream().map(String::length).toList()));
    return Pipeline.of(
        Node.named("split").inputs("doc").output("sentences").row((String d) -> List.of(d.split("\\."))),
        stats.asNode("stats").inputs(Map.of("sentences", "text")).outputs(Map.of("lengths", "length", "cleaned", "clean"))
            .mapOver("text").config(ExecutionConfig.builder().batchSize(8).spark("spark.task.cpus", "1").build()).build(),
        Node.named("total").inputs("lengths").row((List<Integer> l) -> l.stream().mapToInt(Integer::intValue).sum()));
  }

  @Test
  void mermaid_ofAKnownPipeline_matchesTheGoldenFile() {
    Golden.check("pipeline.mmd", () -> known().toMermaid(), Locale.ROOT, Locale.GERMANY);
  }

  @Test
  void dot_ofAKnownPipeline_matchesTheGoldenFile() {
    Golden.check("pipeline.dot", () -> known().toDot(), Locale.ROOT, Locale.GERMANY);
  }

  @Test
  void picture_marksStatefulInputs_andShowsNodeConfigs() {
    String m = Pipeline.of(Node.named("f").inputs("x", "model").stateful("model").batchSize(16)
        .row((String x, String model) -> x)).toMermaid();

    assertTrue(m.contains("i1[(\"model<br/>(stateful)\")]"), m);
    assertTrue(m.contains("n0[\"f<br/>batch_size=16\"]"), m);
    assertTrue(m.contains("class i1 stateful"), m);
  }

  @Test
  void inputsGivenAsStatefulValues_areMarked_insideNestedPipelinesToo() {
    Pipeline inner = Pipeline.of(Node.named("f").inputs("x", "m").row((String x, String m) -> x));
    Pipeline outer = Pipeline.of(inner.asNode("g").inputs(Map.of("model", "m")).build());

    String m = outer.toMermaid(Map.of("model", Stateful.of(() -> "m")));

    assertTrue(m.contains("i1[(\"model<br/>(stateful)\")]"), m);
    assertTrue(m.contains("n0_i1[(\"m<br/>(stateful)\")]"), m);
    assertTrue(outer.toMermaid().contains("i1[/\"model\"/]"), "without the inputs, nothing says it is stateful");
  }

  @Test
  void labels_escapeQuotesAndMarkup() {
    Pipeline p = Pipeline.of(Node.named("say \"hi\" <b>").inputs("x").row((String x) -> x));

    assertTrue(p.toMermaid().contains("n0[\"say #quot;hi#quot; #lt;b#gt;\"]"), p.toMermaid());
    assertTrue(p.toDot().contains("n0 [label=\"say \\\"hi\\\" <b>\", shape=box];"), p.toDot());
  }

  @Test
  void selectedPipeline_drawsOnlyTheNodesItRuns() {
    Pipeline p = Pipeline.of(
        Node.named("a").inputs("x").row((String x) -> x),
        Node.named("b").inputs("y").row((String y) -> y)).select("b");

    assertEquals("flowchart TD\n  i0[/\"y\"/]\n  n1[\"b\"]\n  o0([\"b\"])\n  i0 --> n1\n  n1 --> o0\n"
        + "  classDef stateful fill:#fff3d6,stroke:#b7791f\n", p.toMermaid());
  }
}
