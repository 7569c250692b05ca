package io.sparknodes.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BindDualTest {
  private static final Pipeline GREET = Pipeline.of(
      Node.named("greet").inputs("name", "greeting").row((String n, String g) -> g + ", " + n));

  @Test
  void boundValues_flowInAsIfGiven_andAGivenValueWins() {
    Pipeline bound = GREET.bind(Map.of("greeting", "hello"));
    assertEquals(Map.of("greeting", "hello"), bound.bound());
    assertEquals("hello, ada", bound.run(Map.of("name", "ada")).get("greet"));
    assertEquals("hi, ada", bound.run(Map.of("name", "ada", "greeting", "hi")).get("greet"));
    assertEquals(List.of("hello, a", "hello, b"), bound.map(Map.of("name", List.of("a", "b")), "name").column("greet"));
    assertEquals(List.of("hello, a"), bound.map(Map.of("name", List.of("a")), MapMode.PRODUCT, "name").column("greet"));
    assertTrue(GREET.bound().isEmpty());
  }

  @Test
  void bindingANonInput_orAMissingInputAfterUnbind_isAnIllegalArgument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GREET.bind(Map.of("greet", "x")));
    assertTrue(e.getMessage().contains("'greet'"), e.getMessage());
    Pipeline unbound = GREET.bind(Map.of("greeting", "hello")).unbind("greeting");
    assertTrue(unbound.bound().isEmpty());
    assertThrows(IllegalArgumentException.class, () -> unbound.run(Map.of("name", "ada")));
    assertThrows(IllegalArgumentException.class, () -> GREET.unbind("nope"));
  }

  @Test
  void boundStatefulInput_isBuiltWhereTheWorkRuns() {
    Pipeline p = Pipeline.of(Node.named("len").inputs("text", "model").row((String t, StringBuilder m) -> m.length() + t.length()))
        .bind(Map.of("model", Stateful.of(() -> new StringBuilder("abc"))));
    assertEquals(List.of(4, 5), p.map(Map.of("text", List.of("x", "yy")), "text").column("len"));
  }

  @Test
  void nestedPipelinesBoundInputs_areConstantsOfItsNode() {
    Node inner = GREET.bind(Map.of("greeting", "hey")).asNode("inner").build();
    assertEquals(List.of("name"), inner.inputs());
    Pipeline outer = Pipeline.of(Node.named("upper").inputs("raw").row((String r) -> r.toUpperCase()),
        GREET.bind(Map.of("greeting", "hey")).asNode("inner").inputs(Map.of("upper", "name")).build());
    assertEquals(List.of("hey, A", "hey, B"), outer.map(Map.of("raw", List.of("a", "b")), "raw").column("greet"));
    assertTrue(inner.codeFingerprint().isPresent());
    Node other = GREET.bind(Map.of("greeting", "ho")).asNode("inner").build();
    assertTrue(!inner.codeFingerprint().equals(other.codeFingerprint()), "bound constants are part of the node's code");
  }

  @Test
  void dualNode_runCallsTheRowFunction_mapTheBatchFunction() {
    AtomicInteger rows = new AtomicInteger();
    AtomicInteger batches = new AtomicInteger();
    Pipeline p = Pipeline.of(Node.named("twice").inputs("x").dual(
        (Integer x) -> {
          rows.incrementAndGet();
          return 2 * x;
        },
        (List<Integer> xs) -> {
          batches.incrementAndGet();
          return xs.stream().map(x -> 2 * x).toList();
        }));
    assertEquals(6, p.run(Map.of("x", 3)).get("twice"));
    assertEquals(1, rows.get());
    assertEquals(0, batches.get());
    assertEquals(List.of(2, 4, 6), p.map(Map.of("x", List.of(1, 2, 3)), "x").column("twice"));
    assertEquals(1, rows.get());
    assertTrue(batches.get() >= 1);
    assertTrue(p.nodes().get(0).isDual());
    assertTrue(p.toMermaid().contains("dual"), p.toMermaid());
  }

  @Test
  void dualNodeOfTwoInputs_withAStatefulOne() {
    Pipeline p = Pipeline.of(Node.named("join").inputs("a", "sep").stateful("sep").dual(
        (String a, String sep) -> a + sep,
        (List<String> as, String sep) -> as.stream().map(a -> a + sep + sep).toList()));
    assertEquals("x;", p.run(Map.of("a", "x", "sep", ";")).get("join"));
    assertEquals(List.of("x;;", "y;;"), p.map(Map.of("a", List.of("x", "y"), "sep", ";"), "a").column("join"));
  }
}
