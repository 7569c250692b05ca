package io.sparknodes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * 10,000,000 items through a row node in {@code local[2]} in a JVM of 4 GiB of heap, without
 * running out of memory: too heavy for CI, so skipped unless {@code -Dsparknodes.heavy=true} (see
 * docs/performance.md for the command). The map runs in a child JVM started with {@code -Xmx4g}
 * (the test's own JVM has the build's heap).
 */
@EnabledIfSystemProperty(named = "sparknodes.heavy", matches = "true")
class TenMillionRowsTest {
  static final int N = 10_000_000;

  @Test
  void tenMillionItems_throughARowNode_inA4GiBHeap() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Files.readAllLines(Path.of("conf", "jvm-options")).stream().filter(l -> !l.isBlank()).toList());
    command.addAll(List.of("-Xmx4g", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-Dspark.driver.host=127.0.0.1",
        "-Dspark.driver.bindAddress=127.0.0.1", "-cp", System.getProperty("java.class.path"), Child.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process child = pb.start();
    String out = new String(child.getInputStream().readAllBytes());
    assertTrue(child.waitFor(30, TimeUnit.MINUTES), "the child JVM did not end");
    assertEquals(0, child.exitValue(), out);
    assertTrue(out.contains("ok " + N + " items"), out);
    System.out.println(out.lines().filter(l -> l.startsWith("ok ")).findFirst().orElse(""));
  }

  /** The child JVM: the map, checked, then a line saying how it went. */
  public static final class Child {
    public static void main(String[] args) {
      List<String> items = new ArrayList<>(N);
      for (int i = 0; i < N; i++) {
        items.add("  TEXT " + i + "  ");
      }
      Pipeline p = Pipeline.of(Node.named("normalized").inputs("text").returns(String.class)
          .row((String s) -> s.strip().toLowerCase(Locale.ROOT)));
      try (SparkEngine engine = SparkEngine.start(ExecutionConfig.builder().maxConcurrency(2).useProcess(false)
          .spark("spark.ui.enabled", "false").build())) {
        long t0 = System.nanoTime();
        MapResult r = p.withEngine(engine).map(Map.of("text", items), "text");
        double s = (System.nanoTime() - t0) / 1e9;
        List<String> out = r.column("normalized");
        for (int i = 0; i < N; i += 99_991) {
          if (!out.get(i).equals("text " + i)) {
            throw new IllegalStateException("item " + i + ": " + out.get(i));
          }
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "ok %d items in %.1f s, max heap %d MiB, heap used after the map %d MiB%n",
            out.size(), s, rt.maxMemory() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20);
      }
    }
  }
}
