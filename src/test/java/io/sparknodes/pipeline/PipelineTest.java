package io.sparknodes.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineTest {

  private static Node add(String name, String a, String b) {
    return Node.named(name).inputs(a, b).row((Integer x, Integer y) -> x + y);
  }

  @Test
  void nodesAreOrderedByTheirInputs_notByDeclaration() {
    Pipeline p = Pipeline.of(
        add("d", "b", "c"),
        add("c", "a", "b"),
        add("b", "a", "x"),
        Node.named("a").inputs("x").row((Integer x) -> x * 10));
    assertEquals(List.of("a", "b", "c", "d"), p.nodes().stream().map(Node::name).toList());
    assertEquals(java.util.Set.of("x"), p.inputs());
    Map<String, Object> out = p.run(Map.of("x", 1));
    assertEquals(10, out.get("a"));
    assertEquals(11, out.get("b"));
    assertEquals(21, out.get("c"));
    assertEquals(32, out.get("d"));
  }

  @Test
  void independentNodesKeepTheirDeclaredOrder() {
    Pipeline p = Pipeline.of(
        Node.named("z").inputs("x").row((Integer x) -> x),
        Node.named("y").inputs("x").row((Integer x) -> x),
        Node.named("w").inputs("y", "z").row((Integer a, Integer b) -> a + b));
    assertEquals(List.of("z", "y", "w"), p.nodes().stream().map(Node::name).toList());
  }

  @Test
  void cycleIsRejectedAtBuildTime_namingItsNodes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pipeline.of(
        Node.named("a").inputs("c", "x").row((Integer c, Integer x) -> c),
        Node.named("b").inputs("a").row((Integer a) -> a),
        Node.named("c").inputs("b").row((Integer b) -> b)));
    assertTrue(e.getMessage().startsWith("cycle: "), e.getMessage());
    for (String n : List.of("a", "b", "c")) {
      assertTrue(e.getMessage().contains(n), e.getMessage());
    }
    assertTrue(e.getMessage().matches("cycle: (\\w) -> \\w -> \\w -> \\1"), e.getMessage());
  }

  @Test
  void nodeReadingItsOwnOutputIsACycle() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Pipeline.of(Node.named("a").inputs("a").row((Integer a) -> a)));
    assertEquals("cycle: a -> a", e.getMessage());
  }

  @Test
  void duplicateOutputIsRejected_namingBothNodes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pipeline.of(
        Node.named("first").inputs("x").output("y").row((Integer x) -> x),
        Node.named("second").inputs("x").output("y").row((Integer x) -> x)));
    assertEquals("duplicate output 'y': produced by node 'first' and by node 'second'", e.getMessage());
  }

  @Test
  void missingInputIsRejectedBeforeAnythingRuns_namingInputAndNodes() {
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    Pipeline p = Pipeline.of(
        Node.named("a").inputs("x").row((Integer x) -> { calls.add("a"); return x; }),
        Node.named("b").inputs("a", "y").row((Integer a, Integer y) -> { calls.add("b"); return a + y; }));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.run(Map.of("x", 1)));
    assertEquals("missing input 'y' (needed by node 'b')", e.getMessage());
    assertEquals(List.of(), calls);
  }

  @Test
  void unknownInputIsRejected_namingIt() {
    Pipeline p = Pipeline.of(Node.named("a").inputs("x").row((Integer x) -> x));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.run(Map.of("x", 1, "xx", 2)));
    assertEquals("unknown input 'xx'; the pipeline's inputs are [x]", e.getMessage());
  }

  @Test
  void unknownOutputAskedForIsRejected_namingIt() {
    Pipeline p = Pipeline.of(Node.named("a").inputs("x").row((Integer x) -> x));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.select("b"));
    assertEquals("unknown output 'b'; the outputs are [a]", e.getMessage());
  }

  @Test
  void selectRunsOnlyTheNodesItsOutputsNeed() {
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    Pipeline p = Pipeline.of(
        Node.named("a").inputs("x").row((Integer x) -> { calls.add("a"); return x + 1; }),
        Node.named("b").inputs("a").row((Integer a) -> { calls.add("b"); return a * 2; }),
        Node.named("c").inputs("y").row((Integer y) -> { calls.add("c"); return y; }));
    Map<String, Object> out = p.select("b").run(Map.of("x", 1));
    assertEquals(Map.of("b", 4), out);
    assertEquals(List.of("a", "b"), calls);
  }

  @Test
  void functionArityMustMatchDeclaredInputs() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Node.named("n").inputs("a", "b", "c").row((Integer a, Integer b) -> a + b));
    assertEquals("node 'n' declares 3 inputs [a, b, c] but its function takes 2", e.getMessage());
  }

  @Test
  void generalFormReadsInputsByName() {
    Node n = Node.named("sum").inputs("a", "b", "c", "d", "e")
        .rowArgs(args -> (int) args.get("a") + (int) args.get("e") + (int) args.get(2));
    assertEquals(Map.of("sum", 9), Pipeline.of(n).run(Map.of("a", 1, "b", 0, "c", 3, "d", 0, "e", 5)));
  }

  @Test
  void statefulHintOnANodeOutputIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pipeline.of(
        Node.named("a").inputs("x").row((Integer x) -> x),
        Node.named("b").inputs("a").stateful("a").row((Integer a) -> a)));
    assertTrue(e.getMessage().contains("only pipeline inputs can be stateful"), e.getMessage());
  }
}
