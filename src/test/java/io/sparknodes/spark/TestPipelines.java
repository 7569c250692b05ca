package io.sparknodes.spark;

import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.Stateful;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/** The pipelines every engine must agree on, with their inputs. */
final class TestPipelines {
  private TestPipelines() {}

  /** A named pipeline with its inputs and mapped inputs. */
  record Case(String name, Pipeline pipeline, Map<String, Object> inputs, List<String> mapOver) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A model that counts, per JVM, how often it is built and closed. */
  static final class CountingModel implements AutoCloseable {
    static final AtomicInteger BUILT = new AtomicInteger();
    static final AtomicInteger CLOSED = new AtomicInteger();
    private final long pid = ProcessHandle.current().pid();
    private volatile boolean closed;

    CountingModel() {
      BUILT.incrementAndGet();
    }

    String normalize(String s) {
      if (closed) {
        throw new IllegalStateException("used after close");
      }
      return s.strip().toLowerCase(Locale.ROOT);
    }

    long pid() {
      return pid;
    }

    boolean isClosed() {
      return closed;
    }

    @Override
    public void close() {
      closed = true;
      CLOSED.incrementAndGet();
    }
  }

  /** A value an executor can use as a constant. */
  record Suffix(String text) implements Serializable {}

  static List<String> texts(int n) {
    return IntStream.range(0, n).mapToObj(i -> "  TEXT " + i + "  ").toList();
  }

  static List<Case> all(int n) {
    List<String> texts = texts(n);
    List<Integer> numbers = IntStream.range(0, n).map(i -> (i * 37) % 101).boxed().toList();

    Pipeline one = Pipeline.of(Node.named("upper").inputs("text").row((String t) -> t.toUpperCase(Locale.ROOT)));

    Pipeline chain = Pipeline.of(
        Node.named("strip").inputs("text").row((String t) -> t.strip()),
        Node.named("lower").inputs("strip").batchSize(5)
            .batch((List<String> xs) -> xs.stream().map(x -> x.toLowerCase(Locale.ROOT)).toList()),
        Node.named("len").inputs("lower").row((String s) -> s.length()));

    Pipeline fanIn = Pipeline.of(
        Node.named("joined").inputs("text", "number").row((String t, Integer k) -> t.strip() + "#" + k),
        Node.named("double").inputs("number").row((Integer k) -> 2L * k),
        Node.named("both").inputs("joined", "double").row((String j, Long d) -> j + "/" + d));

    Pipeline stateful = Pipeline.of(
        Node.named("clean").inputs("text", "model").row((String t, CountingModel m) -> m.normalize(t)),
        Node.named("tagged").inputs("clean", "suffix", "factor")
            .batch((List<String> cs, List<Suffix> sfx, List<Integer> f) -> {
              List<String> out = new java.util.ArrayList<>(cs.size());
              for (int i = 0; i < cs.size(); i++) {
                out.add(cs.get(i) + sfx.get(i).text() + f.get(i));
              }
              return out;
            }));

    Map<String, Object> statefulInputs = new LinkedHashMap<>();
    statefulInputs.put("text", texts);
    statefulInputs.put("model", Stateful.of(CountingModel::new));
    statefulInputs.put("suffix", new Suffix("!"));
    statefulInputs.put("factor", 3);

    return List.of(
        new Case("one-node", one, Map.of("text", texts), List.of("text")),
        new Case("three-node chain", chain, Map.of("text", texts), List.of("text")),
        new Case("fan-in over two mapped inputs", fanIn, Map.of("text", texts, "number", numbers), List.of("text", "number")),
        new Case("stateful and constant inputs", stateful, statefulInputs, List.of("text")));
  }
}
