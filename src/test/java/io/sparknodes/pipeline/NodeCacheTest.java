package io.sparknodes.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.internal.PlanCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node cache on the local engine: per item, per node, keyed by code and input values. */
class NodeCacheTest {
  // Static, not captured: a lambda that captures an identity object has no code fingerprint.
  static final AtomicInteger A = new AtomicInteger();
  static final AtomicInteger B = new AtomicInteger();

  @TempDir
  Path dir;

  @BeforeEach
  void reset() {
    A.set(0);
    B.set(0);
  }

  static Node upstream(int mod) {
    return upstream(mod, 0);
  }

  static Node upstream(int mod, int add) {
    return Node.named("a").inputs("x").row((Integer x) -> {
      A.incrementAndGet();
      return x % mod + add;
    });
  }

  static final Node DOWN = Node.named("b").inputs("a", "suffix").row((Integer a, String s) -> {
    B.incrementAndGet();
    return a + s;
  });

  static Map<String, Object> inputs(int n) {
    return Map.of("x", IntStream.range(0, n).boxed().toList(), "suffix", "!");
  }

  MapResult map(Pipeline p, int n) {
    Map<String, Object> in = new java.util.HashMap<>(inputs(n));
    in.keySet().retainAll(p.inputs());
    return p.withEngine(new LocalEngine(ExecutionConfig.builder().batchSize(7).build())
        .withCache(NodeCache.directory(dir))).map(in, "x");
  }

  @Test
  void secondMap_computesNothing_andMissesOnlyNewItems() {
    Pipeline p = Pipeline.of(upstream(100), DOWN);
    MapResult first = map(p, 20);
    assertEquals(20, A.get());
    assertEquals(20, B.get());
    assertEquals(Map.of("a", 20L, "b", 20L), first.report().cacheMisses());
    assertEquals(Map.of("a", 0L, "b", 0L), first.report().cacheHits());
    List<Long> cached = new ArrayList<>();
    MapResult second = p.withEngine(new LocalEngine().withCache(NodeCache.directory(dir)).withListener(new MapListener() {
      @Override
      public void onCached(String node, long rows) {
        cached.add(rows);
      }
    })).map(inputs(30), "x");
    assertEquals(first.column("b"), second.column("b").subList(0, 20));
    assertEquals("29!", second.column("b").get(29));
    assertEquals(30, A.get(), "only the 10 new items are computed");
    assertEquals(Map.of("a", 20L, "b", 20L), second.report().cacheHits());
    assertEquals(Map.of("a", 10L, "b", 10L), second.report().cacheMisses());
    assertEquals(40L, cached.stream().mapToLong(Long::longValue).sum());
    assertEquals(10, second.report().batches().get("a").rows(), "the batches hold only computed rows");
  }

  @Test
  void upstreamChangeWithEqualValues_hitsDownstream_otherValuesMiss() {
    map(Pipeline.of(upstream(10), DOWN), 10);
    reset();
    // A different upstream function (another modulus) giving the same values for 0..9: a recomputes, b hits.
    MapResult same = map(Pipeline.of(upstream(100), DOWN), 10);
    assertEquals(10, A.get());
    assertEquals(0, B.get());
    assertEquals(Map.of("a", 0L, "b", 10L), same.report().cacheHits());
    reset();
    MapResult other = map(Pipeline.of(upstream(10, 100), DOWN), 10);
    assertEquals(10, A.get());
    assertEquals(10, B.get());
    assertEquals(Map.of("a", 10L, "b", 10L), other.report().cacheMisses());
    assertEquals("109!", other.column("b").get(9));
  }

  @Test
  void versionBump_andChangedLambdaBody_miss() {
    Node v1 = Node.named("a").inputs("x").version("1").row((Integer x) -> x + 1);
    Node v2 = Node.named("a").inputs("x").version("2").row((Integer x) -> x + 1);
    Node body1 = Node.named("c").inputs("x").row((Integer x) -> x * 2);
    Node body2 = Node.named("c").inputs("x").row((Integer x) -> x * 3);
    assertEquals(Map.of("a", 5L), map(Pipeline.of(v1), 5).report().cacheMisses());
    assertEquals(Map.of("a", 5L), map(Pipeline.of(v1), 5).report().cacheHits());
    assertEquals(Map.of("a", 5L), map(Pipeline.of(v2), 5).report().cacheMisses());
    assertEquals(List.of(0, 2, 4), map(Pipeline.of(body1), 3).column("c"));
    MapResult changed = map(Pipeline.of(body2), 3);
    assertEquals(List.of(0, 3, 6), changed.column("c"));
    assertEquals(Map.of("c", 3L), changed.report().cacheMisses());
  }

  @Test
  void notCached_opting_out_failures_andNull() {
    Node never = Node.named("now").inputs("x").cache(false).row((Integer x) -> {
      A.incrementAndGet();
      return x;
    });
    Node flaky = Node.named("flaky").inputs("x").onError(Node.OnError.RECORD).row((Integer x) -> {
      B.incrementAndGet();
      if (x % 2 == 1) {
        throw new IllegalStateException("odd");
      }
      return x == 0 ? null : x;
    });
    Pipeline p = Pipeline.of(never, flaky);
    MapResult first = map(p, 6);
    assertEquals(Map.of("flaky", 3L), first.report().cacheMisses(), "failed items are not stored");
    MapResult second = map(p, 6);
    assertEquals(12, A.get(), "cache(false) computes every time");
    assertEquals(9, B.get(), "only the failed items run again");
    assertEquals(Map.of("flaky", 3L), second.report().cacheHits(), "a stored null hits");
    assertEquals(3, second.failures().size());
    assertTrue(Pipeline.of(never).withEngine(new LocalEngine().withCache(NodeCache.directory(dir))).toMermaid()
        .contains("no cache"));
    assertTrue(Pipeline.of(flaky).withEngine(new LocalEngine().withCache(NodeCache.directory(dir))).toMermaid()
        .contains("cached"));
    assertTrue(!Pipeline.of(flaky).toMermaid().contains("cache"), "no mark without a cache");
  }

  @Test
  void unfingerprintableInput_leavesTheNodeUncached_withOneWarning() {
    Node len = Node.named("len").inputs("sb").row((StringBuilder sb) -> {
      A.incrementAndGet();
      return sb.length();
    });
    List<String> warnings = captureWarnings(() -> {
      MapResult r = Pipeline.of(len).withEngine(new LocalEngine(ExecutionConfig.builder().batchSize(2).build())
          .withCache(NodeCache.directory(dir))).map(Map.of("sb", List.of(new StringBuilder("ab"), new StringBuilder("c"),
              new StringBuilder("def"))), "sb");
      assertEquals(List.of(2, 1, 3), r.column("len"));
      assertEquals(Map.of("len", 0L), r.report().cacheMisses());
    });
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("'len'") && warnings.get(0).contains("'sb'")
        && warnings.get(0).contains("java.lang.StringBuilder"), warnings.get(0));
  }

  @Test
  void damagedEntries_areRecomputed() throws IOException {
    Pipeline p = Pipeline.of(upstream(10));
    List<Object> expected = map(p, 8).column("a");
    List<Path> entries;
    try (Stream<Path> s = Files.walk(dir)) {
      entries = s.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().length() == 64).toList();
    }
    assertEquals(8, entries.size());
    Files.write(entries.get(0), new byte[] {1, 2, 3});
    byte[] b = Files.readAllBytes(entries.get(1));
    b[b.length - 1] ^= 1;
    Files.write(entries.get(1), b);
    reset();
    MapResult r = map(p, 8);
    assertEquals(expected, r.column("a"));
    assertEquals(2, A.get());
    assertEquals(Map.of("a", 6L), r.report().cacheHits());
  }

  @Test
  void aCacheWrittenByAnotherJvm_isReadHere() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Writer.class.getName(),
        dir.toString()).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes());
    assertEquals(0, child.waitFor(), output);
    MapResult r = map(Pipeline.of(upstream(10), DOWN), 20);
    assertEquals(0, A.get() + B.get(), output);
    assertEquals(Map.of("a", 20L, "b", 20L), r.report().cacheHits());
  }

  /** Writes the cache of {@code Pipeline.of(upstream(10), DOWN)} over 20 items into the directory {@code args[0]}. */
  public static final class Writer {
    public static void main(String[] args) {
      Pipeline.of(upstream(10), DOWN).withEngine(new LocalEngine().withCache(NodeCache.directory(Path.of(args[0]))))
          .map(inputs(20), "x");
    }
  }

  static List<String> captureWarnings(Runnable body) {
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    org.apache.logging.log4j.core.Logger logger =
        (org.apache.logging.log4j.core.Logger) LogManager.getLogger(PlanCache.class);
    AbstractAppender appender = new AbstractAppender("node-cache-test", null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        if (event.getLevel().isMoreSpecificThan(org.apache.logging.log4j.Level.WARN)) {
          seen.add(event.getMessage().getFormattedMessage());
        }
      }
    };
    appender.start();
    logger.addAppender(appender);
    try {
      body.run();
    } finally {
      logger.removeAppender(appender);
    }
    return seen;
  }
}
