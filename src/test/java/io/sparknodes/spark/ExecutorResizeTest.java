package io.sparknodes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.config.SparkKeys;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.Stateful;
import io.sparknodes.spark.internal.ExecutorResize;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A process-mode application shrunk to fewer executor JVMs keeps the survivors and lays maps out for them. */
class ExecutorResizeTest {
  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void shrinkTo_killsTheNewestExecutors_keepsTheSurvivorsWarm_andLaysOutForWhatIsLeft() throws Exception {
    ExecutionConfig three = ExecutionConfig.builder().useProcess(true).maxConcurrency(3).batchSize(50).build();
    try (SparkEngine started = SparkEngine.start(three)) {
      SparkContext sc = started.session().sparkContext();
      Stateful<TestPipelines.CountingModel> model = Stateful.of(TestPipelines.CountingModel::new);
      Pipeline p = Pipeline.of(Node.named("out").inputs("x", "model")
          .row((Integer x, TestPipelines.CountingModel m) -> m.normalize(" V" + x + " ")));
      Map<String, Object> inputs = Map.of("x", IntStream.range(0, 3000).boxed().toList(), "model", model);
      MapResult before = p.withEngine(started).map(inputs, "x");
      assertEquals(3, before.report().executors().size(), before.report().executors().toString());
      List<String> ids = ExecutorResize.executorIds(sc);
      assertEquals(3, ids.size());

      ExecutorResize.shrinkTo(sc, 1);

      assertEquals(List.of(ids.get(0)), ExecutorResize.executorIds(sc), "the oldest survives");
      assertEquals("1", sc.getLocalProperty(SparkKeys.LAYOUT_EXECUTORS));
      ClusterLayout layout = ClusterLayout.of(sc);
      assertEquals(1, layout.executors());
      assertEquals(1, layout.cores());
      assertTrue(layout.processes());
      SparkEngine one = new SparkEngine(started.session(), ExecutionConfig.builder().maxConcurrency(1).batchSize(50).build());
      MapResult after = p.withEngine(one).map(inputs, "x");
      assertEquals(before.column("out"), after.column("out"));
      Set<String> ran = after.report().executors().stream().map(e -> e.id()).collect(Collectors.toSet());
      assertEquals(Set.of(ids.get(0)), ran, "only the survivor runs tasks");
      int builtAfter = after.report().instancesBuilt().getOrDefault("model", Map.of()).values().stream()
          .mapToInt(Integer::intValue).sum();
      assertEquals(0, builtAfter, "the survivor keeps the instance it built: " + after.report().instancesBuilt());
      // max_concurrency is honoured against what is left, not what the application started with.
      IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
          () -> new SparkEngine(started.session(), ExecutionConfig.builder().maxConcurrency(2).build()));
      assertTrue(tooMany.getMessage().contains("has 1 cores"), tooMany.getMessage());
      assertThrows(IllegalStateException.class, () -> ExecutorResize.shrinkTo(sc, 2),
          "an application does not grow by shrinking");
    }
  }
}
