package io.sparknodes.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sparknodes.config.ExecutionConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EngineListenerTest {
  /** An engine from outside the project: it implements only what the interface asks. */
  private static final class Outside implements Engine {
    private final LocalEngine inner = new LocalEngine(ExecutionConfig.builder().batchSize(10).build());

    @Override
    public ExecutionConfig defaults() {
      return inner.defaults();
    }

    @Override
    public MapResult map(Pipeline pipeline, Map<String, ?> inputs, List<String> mapOver) {
      return inner.map(pipeline, inputs, mapOver);
    }
  }

  private static final class Events implements MapListener {
    final List<String> seen = new ArrayList<>();
    ExecutionReport report;

    @Override
    public void onMapStart(long items) {
      seen.add("start " + items);
    }

    @Override
    public void onBatchDone(String node, long rows) {
      seen.add(node + " " + rows);
    }

    @Override
    public void onMapEnd(ExecutionReport report) {
      seen.add("end");
      this.report = report;
    }
  }

  private static final Pipeline PIPELINE = Pipeline.of(
      Node.named("a").inputs("x").row((Integer x) -> x + 1),
      Node.named("b").inputs("a").row((Integer a) -> a * 2));

  @Test
  void anEngineFromOutside_getsListenersThroughTheInterface_startBatchesEnd() {
    Events events = new Events();
    Engine engine = new Outside().withListener(events);
    MapResult r = PIPELINE.withEngine(engine).map(Map.of("x", IntStream.range(0, 25).boxed().toList()), "x");
    assertEquals(IntStream.range(0, 25).map(i -> (i + 1) * 2).boxed().toList(), r.column("b"));
    assertEquals(List.of("start 25", "a 25", "b 25", "end"), events.seen);
    assertSame(r.report(), events.report);
    assertEquals(engine.defaults(), new Outside().defaults());
  }

  @Test
  void theProjectsEngines_throughTheInterface_tellEachBatch() {
    Events events = new Events();
    Engine engine = new LocalEngine(ExecutionConfig.builder().batchSize(10).build());
    PIPELINE.withEngine(engine.withListener(events)).map(Map.of("x", IntStream.range(0, 25).boxed().toList()), "x");
    assertEquals("start 25", events.seen.get(0));
    assertEquals("end", events.seen.get(events.seen.size() - 1));
    assertEquals(3, events.seen.stream().filter(e -> e.startsWith("a ")).count(), "batches of 10, 10, 5: " + events.seen);
  }
}
