package io.sparknodes.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MapTest {

  /** A stand-in for an expensive model that counts how often it is built. */
  static final class CountingModel implements AutoCloseable {
    static final AtomicInteger BUILT = new AtomicInteger();
    static final AtomicInteger CLOSED = new AtomicInteger();
    boolean closed;

    CountingModel() {
      BUILT.incrementAndGet();
    }

    String apply(String s) {
      if (closed) {
        throw new IllegalStateException("used after close");
      }
      return s.strip().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void close() {
      closed = true;
      CLOSED.incrementAndGet();
    }
  }

  @Test
  void map_zipsTwoMappedInputs_andPassesConstantsToEveryItem() {
    Pipeline p = Pipeline.of(Node.named("r").inputs("a", "b", "k").row((Integer a, Integer b, Integer k) -> a * k + b));
    MapResult r = p.map(Map.of("a", List.of(1, 2, 3), "b", List.of(10, 20, 30), "k", 100), "a", "b");
    assertEquals(List.of(110, 220, 330), r.column("r"));
  }

  @Test
  void map_rejectsUnequalLengths_namingBothLengths() {
    Pipeline p = Pipeline.of(Node.named("r").inputs("a", "b").row((Integer a, Integer b) -> a + b));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> p.map(Map.of("a", List.of(1, 2, 3), "b", List.of(1, 2, 3, 4, 5)), "a", "b"));
    assertEquals("mapped inputs have unequal lengths: 'a' has 3 items but 'b' has 5", e.getMessage());
  }

  @Test
  void map_overEmptyListReturnsEmptyResults() {
    Pipeline p = Pipeline.of(Node.named("r").inputs("a").row((Integer a) -> a));
    MapResult r = p.map(Map.of("a", List.of()), "a");
    assertEquals(0, r.size());
    assertEquals(List.of(), r.column("r"));
  }

  @Test
  void map_preservesInputOrder_acrossBatchesAndNodes() {
    List<Integer> xs = IntStream.range(0, 1000).map(i -> (i * 7919) % 1000).boxed().toList();
    Pipeline p = Pipeline.of(
        Node.named("sq").inputs("x").batchSize(7).row((Integer x) -> (long) x * x),
        Node.named("neg").inputs("sq").batchSize(64)
            .batch((List<Long> sq) -> sq.stream().map(v -> -v).toList()));
    MapResult r = p.map(Map.of("x", xs), "x");
    List<Long> expected = xs.stream().map(x -> -(long) x * x).toList();
    assertEquals(expected, r.column("neg"));
  }

  @Test
  void map_mappedInputMustBeAList() {
    Pipeline p = Pipeline.of(Node.named("r").inputs("a").row((Integer a) -> a));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.map(Map.of("a", 3), "a"));
    assertEquals("mapped input 'a' must be a List but was a Integer", e.getMessage());
  }

  @Test
  void statefulInput_isBuiltOncePerMapCall_neverPerItem_andClosedAfter() {
    CountingModel.BUILT.set(0);
    CountingModel.CLOSED.set(0);
    Pipeline p = Pipeline.of(Node.named("clean").inputs("text", "model").batchSize(3)
        .row((String t, CountingModel m) -> m.apply(t)));
    Stateful<CountingModel> model = Stateful.of(CountingModel::new);
    List<String> texts = IntStream.range(0, 50).mapToObj(i -> "  TEXT " + i + "  ").toList();

    MapResult r = p.map(Map.of("text", texts, "model", model), "text");
    assertEquals("text 0", r.column("clean").get(0));
    assertEquals(50, r.size());
    assertEquals(1, CountingModel.BUILT.get());
    assertEquals(1, CountingModel.CLOSED.get());
    assertEquals(1, r.report().instancesBuilt("model"));

    p.map(Map.of("text", texts, "model", model), "text");
    assertEquals(2, CountingModel.BUILT.get(), "a second map call builds its own instance");
  }

  @Test
  void statefulInputMarkedByHintOrAnnotation_isPassedAsTheInstance() {
    Marked marked = new Marked();
    Pipeline p = Pipeline.of(Node.named("r").inputs("x", "m").row((Integer x, Marked m) -> m == marked ? x : -1));
    MapResult r = p.map(Map.of("x", List.of(1, 2), "m", marked), "x");
    assertEquals(List.of(1, 2), r.column("r"));
    assertEquals(1, r.report().instancesBuilt("m"));

    Pipeline hinted = Pipeline.of(Node.named("r").inputs("x", "m").stateful("m").row((Integer x, String m) -> m + x));
    MapResult h = hinted.map(Map.of("x", List.of(1, 2), "m", "v"), "x");
    assertEquals(List.of("v1", "v2"), h.column("r"));
    assertEquals(1, h.report().instancesBuilt("m"));
  }

  @StatefulResource
  static final class Marked implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void batchFunction_receivesBatchesOfBatchSize_lastSmaller_andStatefulAsInstance() {
    List<Integer> sizes = new ArrayList<>();
    Pipeline p = Pipeline.of(Node.named("r").inputs("x", "k", "m").batchSize(4)
        .batch((List<Integer> xs, List<Integer> ks, CountingModel m) -> {
          sizes.add(xs.size());
          assertEquals(xs.size(), ks.size());
          return xs.stream().map(x -> x + ks.get(0)).toList();
        }));
    MapResult r = p.map(Map.of("x", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), "k", 100,
        "m", Stateful.of(CountingModel::new)), "x");
    assertEquals(List.of(4, 4, 2), sizes);
    assertEquals(List.of(101, 102, 103, 104, 105, 106, 107, 108, 109, 110), r.column("r"));
    ExecutionReport.BatchStats stats = r.report().batches().get("r");
    assertEquals(new ExecutionReport.BatchStats(3, 10, 2, 4), stats);
  }

  @Test
  void batchFunctionReturningWrongCount_isAnErrorNamingTheNode() {
    Pipeline p = Pipeline.of(Node.named("short").inputs("x").batch((List<Integer> xs) -> xs.subList(1, xs.size())));
    NodeExecutionException e = assertThrows(NodeExecutionException.class,
        () -> p.map(Map.of("x", List.of(1, 2, 3)), "x"));
    assertTrue(e.getMessage().contains("batch function of node 'short' returned 2 results for a batch of 3 rows"),
        e.getMessage());
  }

  @Test
  void throwingNode_failsTheMap_namingNodeAndItem() {
    Pipeline p = Pipeline.of(Node.named("div").inputs("x").row((Integer x) -> 10 / x));
    NodeExecutionException e = assertThrows(NodeExecutionException.class,
        () -> p.map(Map.of("x", List.of(5, 2, 0, 1)), "x"));
    assertEquals("div", e.node());
    assertEquals(2, e.item());
    assertTrue(e.getMessage().startsWith("node 'div' failed on item 2: java.lang.ArithmeticException"), e.getMessage());
  }

  @Test
  void recordPolicy_givesNullAndCountsTheFailure() {
    Pipeline p = Pipeline.of(Node.named("div").inputs("x").onError(Node.OnError.RECORD).batchSize(2)
        .batch((List<Integer> xs) -> xs.stream().map(x -> 10 / x).toList()));
    MapResult r = p.map(Map.of("x", List.of(5, 2, 0, 1)), "x");
    assertEquals(java.util.Arrays.asList(2, 5, null, 10), r.column("div"));
    assertEquals(Map.of("div", 1L), r.report().failures());
    assertEquals(List.of(new MapResult.Failure(2, "div", "java.lang.ArithmeticException", "/ by zero")), r.failures());
  }

  @Test
  void failures_listEachFailedItem_withItsNode_inItemOrder() {
    Pipeline p = Pipeline.of(
        Node.named("a").inputs("x").onError(Node.OnError.RECORD).row((Integer x) -> {
          if (x % 3 == 0) {
            throw new IllegalArgumentException("three divides " + x);
          }
          return x;
        }),
        Node.named("b").inputs("a").onError(Node.OnError.RECORD).row((Integer a) -> 100 / (a - 4)));
    MapResult r = p.map(Map.of("x", List.of(1, 3, 4, 6)), "x");
    assertEquals(List.of(
        new MapResult.Failure(1, "a", "java.lang.IllegalArgumentException", "three divides 3"),
        new MapResult.Failure(1, "b", "java.lang.NullPointerException", r.failures().get(1).message()),
        new MapResult.Failure(2, "b", "java.lang.ArithmeticException", "/ by zero"),
        new MapResult.Failure(3, "a", "java.lang.IllegalArgumentException", "three divides 6"),
        new MapResult.Failure(3, "b", "java.lang.NullPointerException", r.failures().get(4).message())),
        r.failures());
    assertEquals(Map.of("a", 2L, "b", 3L), r.report().failures());
    assertEquals(List.of(), Pipeline.of(Node.named("a").inputs("x").row((Integer x) -> x)).map(Map.of("x", List.of(1)), "x")
        .failures());
  }

  @Test
  void statefulFactoryThatThrows_isNamedOnce() {
    AtomicInteger attempts = new AtomicInteger();
    Pipeline p = Pipeline.of(Node.named("r").inputs("x", "m").row((Integer x, Object m) -> x));
    StatefulBuildException e = assertThrows(StatefulBuildException.class, () -> p.map(Map.of("x", List.of(1, 2, 3),
        "m", Stateful.of(() -> {
          attempts.incrementAndGet();
          throw new IllegalStateException("no model file");
        })), "x"));
    assertEquals("m", e.input());
    assertTrue(e.getMessage().contains("stateful input 'm' could not be built"), e.getMessage());
    assertEquals(1, attempts.get());
  }
}
