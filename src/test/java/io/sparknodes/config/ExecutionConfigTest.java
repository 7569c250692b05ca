package io.sparknodes.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparknodes.pipeline.LocalEngine;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExecutionConfigTest {

  @Test
  void aNodesConfigCalls_overrideOnlyTheKeysTheySet_inEitherOrder() {
    ExecutionConfig cap = ExecutionConfig.builder().maxConcurrency(1).build();
    for (Node n : List.of(
        Node.named("a").inputs("x").batchSize(64).config(cap).row((Integer x) -> x),
        Node.named("a").inputs("x").config(cap).batchSize(64).row((Integer x) -> x))) {
      assertEquals(java.util.Optional.of(64), n.config().batchSize());
      assertEquals(java.util.Optional.of(1), n.config().maxConcurrency());
    }
    // a later call wins for the keys it sets
    Node later = Node.named("a").inputs("x").batchSize(64).config(ExecutionConfig.builder().batchSize(8).build())
        .row((Integer x) -> x);
    assertEquals(java.util.Optional.of(8), later.config().batchSize());
    Pipeline inner = Pipeline.of(Node.named("b").inputs("y").row((Integer y) -> y));
    Node nested = inner.asNode("n").inputs(Map.of("y", "y")).batchSize(64).config(cap).build();
    assertEquals(java.util.Optional.of(64), nested.config().batchSize());
    assertEquals(java.util.Optional.of(1), nested.config().maxConcurrency());
  }

  @Test
  void nodeConfigOverridesEngineDefault_whichOverridesBuiltInDefault() {
    ExecutionConfig engine = ExecutionConfig.fromMap(Map.of("batch_size", 512, "max_concurrency", 3));
    ExecutionConfig node = ExecutionConfig.builder().batchSize(64).build();
    EffectiveConfig e = node.resolve(engine);
    assertEquals(64, e.batchSize());
    assertEquals(3, e.maxConcurrency());
    assertEquals(Defaults.USE_PROCESS, e.useProcess());
    assertEquals(Defaults.effective(), ExecutionConfig.empty().resolve());
  }

  @Test
  void nodeConfigReachesThePlan() {
    Pipeline p = Pipeline.of(
        Node.named("a").inputs("x").batchSize(5).row((Integer x) -> x),
        Node.named("b").inputs("a").row((Integer x) -> x));
    MapResult r = p.withEngine(new LocalEngine(ExecutionConfig.builder().batchSize(8).build()))
        .map(Map.of("x", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)), "x");
    assertEquals(5, r.report().nodeConfigs().get("a").batchSize());
    assertEquals(8, r.report().nodeConfigs().get("b").batchSize());
    assertEquals(5, r.report().batches().get("a").max());
    assertEquals(8, r.report().batches().get("b").max());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "batch_size|0|batch_size must be positive but was 0",
      "batch_size|-3|batch_size must be positive but was -3",
      "batch_size|100000000|batch_size must be at most 16777216 but was 100000000",
      "max_concurrency|-1|max_concurrency must be positive but was -1",
      "max_concurrency|0|max_concurrency must be positive but was 0",
      "max_concurrency|5000|max_concurrency must be at most 1024 but was 5000",
  })
  void invalidNumbersAreRejected_namingKeyAndValue(String key, int value, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExecutionConfig.fromMap(Map.of(key, value)));
    assertEquals(message, e.getMessage());
  }

  @Test
  void useProcessMustBeABoolean() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExecutionConfig.fromMap(Map.of("use_process", "maybe")));
    assertEquals("use_process must be true or false but was \"maybe\"", e.getMessage());
    assertEquals(true, ExecutionConfig.fromMap(Map.of("use_process", "TRUE")).useProcess().orElseThrow());
  }

  @Test
  void wrongTypeIsRejected_namingKeyAndValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExecutionConfig.fromMap(Map.of("batch_size", 1.5)));
    assertEquals("batch_size must be an integer or \"auto\" but was 1.5", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ExecutionConfig.fromMap(Map.of("batch_size", "big")));
    assertEquals("batch_size must be an integer or \"auto\" but was \"big\"", e.getMessage());
  }

  @Test
  void unknownKeyIsRejected_namingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExecutionConfig.fromMap(Map.of("batchsize", 512)));
    assertEquals("unknown key 'batchsize' (known keys: batch_size, max_concurrency, use_process, partitions, and spark.* settings)",
        e.getMessage());
  }

  @Test
  void sparkSettingsAreCarried_andMapRoundTrips() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("batch_size", 128);
    m.put("use_process", true);
    m.put("spark.sql.shuffle.partitions", 4);
    ExecutionConfig c = ExecutionConfig.fromMap(m);
    assertEquals(Map.of("spark.sql.shuffle.partitions", "4"), c.spark());
    assertEquals(c, ExecutionConfig.fromMap(c.toMap()));
  }

  @Test
  void builderFailsFast() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExecutionConfig.builder().batchSize(0));
    assertEquals("batch_size must be positive but was 0", e.getMessage());
  }

  @Test
  void auto_isALevelOfItsOwn_readFromFilesAndBuilders() {
    ExecutionConfig fromFile = ExecutionConfig.fromMap(Map.of("batch_size", "auto"));
    assertEquals(ExecutionConfig.builder().autoBatchSize().build(), fromFile);
    assertEquals(fromFile, ExecutionConfig.builder().batchSize("AUTO").build());
    assertEquals(java.util.Optional.of(BatchSize.AUTO), fromFile.batching());
    assertEquals(java.util.Optional.empty(), fromFile.batchSize());
    assertEquals(Map.of("batch_size", "auto"), fromFile.toMap());
    EffectiveConfig e = fromFile.resolve();
    assertEquals(true, e.autoBatchSize());
    assertEquals(AutoBatching.DEFAULT_MAX_SIZE, e.batchSize());
    assertEquals("auto", e.toMap().get("batch_size"));
    assertEquals(fromFile, e.toConfig().batching().map(b -> ExecutionConfig.builder().batchSize(b).build()).orElseThrow());
  }

  @Test
  void auto_nodeOverridesEngine_andAFixedNodeSizeOverridesAutoEngine() {
    ExecutionConfig engine = ExecutionConfig.builder().autoBatchSize().build();
    assertEquals(64, ExecutionConfig.builder().batchSize(64).build().resolve(engine).batchSize());
    assertEquals(false, ExecutionConfig.builder().batchSize(64).build().resolve(engine).autoBatchSize());
    assertEquals(true, ExecutionConfig.empty().resolve(engine).autoBatchSize());
  }

  @Test
  void auto_boundsAreValidatedNamingTheKey() {
    EffectiveConfig e = ExecutionConfig.builder().autoBatchSize().spark(AutoBatching.MAX_BYTES, "lots").build().resolve();
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> AutoBatching.settings("n", e));
    assertEquals("spark.sparknodes.autoBatch.maxBytes must be an integer (bytes) but was \"lots\"", ex.getMessage());
    IllegalArgumentException max = assertThrows(IllegalArgumentException.class,
        () -> ExecutionConfig.builder().autoBatchSize().spark(AutoBatching.MAX_SIZE, "0").build().resolve());
    assertEquals("spark.sparknodes.autoBatch.maxSize must be between 1 and 16777216 but was 0", max.getMessage());
    assertEquals(4096, AutoBatching.settings("n", ExecutionConfig.builder().autoBatchSize()
        .spark(AutoBatching.MAX_SIZE, "4096").build().resolve()).maxBatchSize());
  }
}
