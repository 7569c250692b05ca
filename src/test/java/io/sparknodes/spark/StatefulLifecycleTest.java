package io.sparknodes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.Stateful;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** Instances belong to an application: a new context in the same JVM builds fresh ones and the old are closed. */
class StatefulLifecycleTest {
  static final ConcurrentLinkedQueue<TestPipelines.CountingModel> SEEN = new ConcurrentLinkedQueue<>();

  @Test
  void secondContextInTheSameJvm_buildsFreshInstances_andTheFirstOnesWereClosed() {
    Pipeline p = Pipeline.of(Node.named("pid").inputs("x", "model").row((Integer x, TestPipelines.CountingModel m) -> {
      SEEN.add(m);
      return m.normalize(" X ") + x;
    }));
    Stateful<TestPipelines.CountingModel> model = Stateful.of(TestPipelines.CountingModel::new);
    Map<String, Object> inputs = Map.of("x", List.of(1, 2, 3, 4, 5, 6), "model", model);
    ExecutionConfig config = ExecutionConfig.builder().maxConcurrency(2).batchSize(2).build();

    TestPipelines.CountingModel first;
    String firstApp;
    try (SparkEngine one = SparkEngine.start(config)) {
      firstApp = one.session().sparkContext().applicationId();
      MapResult r = p.withEngine(one).map(inputs, "x");
      assertEquals(1, r.report().instancesBuilt("model"));
      first = SEEN.peek();
      assertTrue(!first.isClosed(), "alive while its application runs");
      assertEquals(1, ExecutorRegistry.alive(firstApp));
    }
    assertTrue(first.isClosed(), "closed when its application ended");
    assertEquals(0, ExecutorRegistry.alive(firstApp));

    SEEN.clear();
    try (SparkEngine two = SparkEngine.start(config)) {
      assertNotEquals(firstApp, two.session().sparkContext().applicationId());
      MapResult r = p.withEngine(two).map(inputs, "x");
      assertEquals(1, r.report().instancesBuilt("model"), "the same Stateful value builds anew in a new application");
      assertTrue(SEEN.stream().allMatch(m -> m != first && !m.isClosed()));
    }
  }
}
