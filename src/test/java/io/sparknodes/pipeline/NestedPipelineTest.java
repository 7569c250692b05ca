package io.sparknodes.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Pipelines used as nodes of other pipelines, on the local engine. */
class NestedPipelineTest {

  /** A model that counts its builds; its batch function refuses anything but a list of strings. */
  static final class Model {
    static final AtomicInteger BUILT = new AtomicInteger();

    Model() {
      BUILT.incrementAndGet();
    }

    List<String> normalize(List<String> texts) {
      return texts.stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).toList();
    }
  }

  /** text, model -> clean -> length; built and testable alone. */
  static Pipeline textStats() {
    return Pipeline.of(
        Node.named("clean").inputs("text", "model").batchSize(3)
            .batch((List<String> texts, Model m) -> m.normalize(texts)),
        Node.named("length").inputs("clean").returns(Integer.class).row((String c) -> c.length()));
  }

  private static List<String> docs(int n) {
    return IntStream.range(0, n).mapToObj(i -> "  Doc " + "x".repeat(i % 5) + " ").toList();
  }

  @Test
  void nestedPipeline_givesTheResultsOfThePipelineAlone_underRenamedInputsAndOutputs() {
    List<String> docs = docs(10);
    Pipeline outer = Pipeline.of(
        Node.named("body").inputs("doc").row((String d) -> d + "!"),
        textStats().asNode("stats").inputs(Map.of("body", "text")).outputs(Map.of("body_length", "length")).build(),
        Node.named("twice").inputs("body_length").row((Integer n) -> 2 * n));

    MapResult nested = outer.map(Map.of("doc", docs, "model", Stateful.of(Model::new)), "doc");
    MapResult alone = textStats().map(Map.of("text", docs.stream().map(d -> d + "!").toList(),
        "model", Stateful.of(Model::new)), "text");

    assertEquals(alone.column("length"), nested.column("body_length"));
    assertEquals(alone.column("length").stream().map(n -> 2 * (Integer) n).toList(), nested.column("twice"));
    assertEquals(List.of("body", "body_length", "twice"), outer.outputs());
    assertEquals(java.util.Set.of("doc", "model"), outer.inputs());
  }

  @Test
  void innerStatefulInput_isBuiltOncePerMap_andReachesTheInnerBatchFunctionAsItsInstance() {
    Pipeline outer = Pipeline.of(textStats().asNode("stats").batchSize(4).build());
    int before = Model.BUILT.get();

    MapResult r = outer.map(Map.of("text", docs(10), "model", Stateful.of(Model::new)), "text");

    assertEquals(1, Model.BUILT.get() - before, "three outer batches share the outer engine's one instance");
    assertEquals(1, r.report().instancesBuilt("model"));
    assertEquals(List.of(3, 5, 6, 7, 8, 3), r.column("length").subList(0, 6));
  }

  @Test
  void report_countsTheInnerBatches_byPath() {
    Pipeline outer = Pipeline.of(textStats().asNode("stats").batchSize(4).build());

    ExecutionReport report = outer.map(Map.of("text", docs(10), "model", Stateful.of(Model::new)), "text").report();

    // Outer batches of 4, 4, 2; inside each, clean cuts batches of 3: 3+1, 3+1, 2.
    assertEquals(new ExecutionReport.BatchStats(3, 10, 2, 4), report.batches().get("stats"));
    assertEquals(new ExecutionReport.BatchStats(5, 10, 1, 3), report.nestedBatches().get("stats/clean"));
    assertEquals(10, report.nestedBatches().get("stats/length").rows());
  }

  @Test
  void mapOver_mapsTheInnerPipelineOverEachItemsList_andReturnsListsInOrder() {
    Pipeline outer = Pipeline.of(
        Node.named("sentences").inputs("doc").row((String d) -> List.of(d.split("\\.", -1))),
        textStats().asNode("stats").inputs(Map.of("sentences", "text")).outputs(Map.of("lengths", "length"))
            .mapOver("text").build());
    List<String> docs = List.of("a. bb", "", " ccc .d.ee", "ffff");

    MapResult r = outer.map(Map.of("doc", docs, "model", Stateful.of(Model::new)), "doc");

    assertEquals(List.of(List.of(1, 2), List.of(0), List.of(3, 1, 2), List.of(4)), r.column("lengths"));
    assertEquals(ValueType.list(ValueType.of(Integer.class)),
        outer.nodes().get(1).outputType().orElseThrow());
  }

  @Test
  void mapOver_ofAnEmptyList_givesAnEmptyList() {
    Pipeline outer = Pipeline.of(textStats().asNode("stats").mapOver("text").build());

    MapResult r = outer.map(Map.of("text", List.of(List.of(), List.of(" X ")), "model", Stateful.of(Model::new)), "text");

    assertEquals(List.of(List.of(), List.of(1)), r.column("length"));
  }

  @Test
  void severalOutputs_arePickedOutByName() {
    Pipeline outer = Pipeline.of(
        textStats().asNode("stats").outputs(Map.of("cleaned", "clean", "n", "length")).build(),
        Node.named("shout").inputs("cleaned").row((String c) -> c.toUpperCase(Locale.ROOT)));

    MapResult r = outer.map(Map.of("text", List.of(" Ab ", "c"), "model", Stateful.of(Model::new)), "text");

    assertEquals(List.of("ab", "c"), r.column("cleaned"));
    assertEquals(List.of(2, 1), r.column("n"));
    assertEquals(List.of("AB", "C"), r.column("shout"));
    assertEquals(Map.of("cleaned", "ab", "n", 2), r.column("stats").get(0));
  }

  @Test
  void pipelineNestedTwice_reportsItsBatchesByFullPath() {
    Pipeline middle = Pipeline.of(textStats().asNode("stats").build());
    Pipeline outer = Pipeline.of(middle.asNode("outer").build());

    MapResult r = outer.map(Map.of("text", docs(4), "model", Stateful.of(Model::new)), "text");

    assertEquals(List.of(3, 5, 6, 7), r.column("length"));
    assertEquals(4, r.report().nestedBatches().get("outer/stats/clean").rows());
    assertEquals(4, r.report().nestedBatches().get("outer/stats").rows());
  }

  @Test
  void innerRecordedFailure_isCountedByPath_andTheItemsOutputIsNull() {
    Pipeline inner = Pipeline.of(Node.named("inverse").inputs("x").onError(Node.OnError.RECORD)
        .row((Integer x) -> 10 / x));
    Pipeline outer = Pipeline.of(inner.asNode("calc").build());

    MapResult r = outer.map(Map.of("x", List.of(5, 0, 2)), "x");

    assertEquals(java.util.Arrays.asList(2, null, 5), r.column("inverse"));
    assertEquals(1L, r.report().failures().get("calc/inverse"));
  }

  @Test
  void runOnce_runsTheInnerPipelineOnce() {
    Pipeline outer = Pipeline.of(textStats().asNode("stats").outputs(Map.of("length", "length")).build());

    assertEquals(Map.of("length", 2), outer.run(Map.of("text", " Hi", "model", Stateful.of(Model::new))));
  }

  @Test
  void innerHint_marksTheOuterInputStateful() {
    Pipeline inner = Pipeline.of(Node.named("tag").inputs("x", "cfg").stateful("cfg")
        .row((String x, String cfg) -> cfg + x));
    Node node = inner.asNode("tagger").inputs(Map.of("config", "cfg")).build();

    assertEquals(Map.of("config", Stateful.Scope.EXECUTOR), node.statefulHints());
    assertEquals(List.of("x", "config"), node.inputs());
    assertEquals(List.of("#a"), Pipeline.of(node).map(Map.of("x", List.of("a"), "config", "#"), "x").column("tag"));
  }

  @Test
  void renamingToAnUnknownInnerInput_namesIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> textStats().asNode("stats").inputs(Map.of("body", "txet")).build());
    assertEquals("node 'stats' renames outer input 'body' to inner input 'txet', but the inner pipeline has no input"
        + " 'txet'; its inputs are [text, model]", e.getMessage());
  }

  @Test
  void exposingAnUnknownInnerOutput_namesIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> textStats().asNode("stats").outputs(Map.of("n", "lenght")).build());
    assertEquals("node 'stats' exposes inner output 'lenght' as 'n', but the inner pipeline has no output 'lenght';"
        + " its outputs are [clean, length]", e.getMessage());
  }

  @Test
  void mappingOverAnUnknownInnerInput_namesIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> textStats().asNode("stats").mapOver("body").build());
    assertTrue(e.getMessage().startsWith("node 'stats' maps over 'body', but the inner pipeline has no input 'body'"),
        e.getMessage());
  }

  @Test
  void twoInnerInputsUnderOneOuterName_isAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> textStats().asNode("stats").inputs(Map.of("model", "text")).build());
    assertEquals("node 'stats': inner inputs 'text' and 'model' would both be the outer input 'model'; rename one of them",
        e.getMessage());
  }

  @Test
  void missingOuterInput_isNamedWithTheNestedNode() {
    Pipeline outer = Pipeline.of(textStats().asNode("stats").inputs(Map.of("body", "text")).build());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> outer.map(Map.of("text", List.of("a"), "model", Stateful.of(Model::new)), "text"));
    assertTrue(e.getMessage().contains("'body' (needed by node 'stats')"), e.getMessage());
  }

  @Test
  void mapOverAnItemThatIsNotAList_failsNamingTheInput() {
    Pipeline outer = Pipeline.of(textStats().asNode("stats").mapOver("text").build());

    NodeExecutionException e = assertThrows(NodeExecutionException.class,
        () -> outer.map(Map.of("text", List.of(List.of("a"), "b"), "model", Stateful.of(Model::new)), "text"));
    assertTrue(e.getMessage().contains("node 'stats' maps over 'text', which must be a List for every item, but row 1"
        + " of the batch holds a String"), e.getMessage());
  }
}
