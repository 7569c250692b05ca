package io.sparknodes.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparknodes.results.Fixtures;
import io.sparknodes.results.Golden;
import io.sparknodes.results.Statistics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** bench.json and bench.md of a hand-made run, pinned by golden files under two locales. */
class BenchFormatsGoldenTest {
  private static final Locale[] LOCALES = {Locale.ROOT, Locale.GERMANY};

  static BenchReport report() {
    VariantResult fast = variant("fast", "the engine, batched", List.of(0.125, 0.25, 0.5), List.of(0.25, 0.5, 0.75),
        Map.of("instancesBuilt", 2L));
    VariantResult slow = variant("slow", "the engine, row by row", List.of(1.5, 2.0, 2.25), List.of(0.125, 0.25, 1.0),
        Map.of());
    VariantResult idle = variant("idle", "nothing but the session", List.of(0.0625, 0.0625, 0.125),
        List.of(0.0, 0.0, 0.0625), Map.of("sessions", 3L));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("items", 2000);
    params.put("batch_size", List.of(128, 8192));
    params.put("master", "local[2]");
    params.put("target", 1.5);
    BenchResult withCpu = new BenchResult("batch", "Batch vs row", "What does a batch function save?", params,
        List.of(fast, slow, idle),
        List.of(Ratio.of("slow / fast, 2k", slow, fast), Ratio.of("idle / fast, 2k", idle, fast)), List.of("a note", "another"), 12.5);
    BenchResult empty = new BenchResult("empty", "Nothing", "Is an empty benchmark written?", Map.of(), List.of(),
        List.of(), List.of(), 0.0);
    return new BenchReport(Fixtures.environment(), new BenchOptions(1, 3, Scale.TINY, 42), Fixtures.T0,
        List.of(withCpu, empty), 123.456);
  }

  private static VariantResult variant(String name, String description, List<Double> samples, List<Double> cpu,
      Map<String, Long> counts) {
    return new VariantResult(name, description, 2000, 4, samples, Statistics.summarize(samples, 2000), cpu,
        Statistics.summarize(cpu, 0), counts, Map.of("instancesBuilt", 1L), 12);
  }

  @Test
  void benchJson_matchesGoldenFile() {
    Golden.check("bench-small.json", () -> BenchJson.write(report()), LOCALES);
  }

  @Test
  void benchJson_readsBackToTheSameRun_andTheGoldenFileWritesBackUnchanged() throws Exception {
    BenchReport report = report();
    assertEquals(report, BenchJson.read(BenchJson.write(report)));
    String golden = Files.readString(Path.of("src", "test", "resources", "golden", "bench-small.json"));
    assertEquals(golden, BenchJson.write(BenchJson.read(golden)));
  }

  @Test
  void benchJson_ofAnotherFormat_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BenchJson.read(BenchJson.write(report()).replace("\"format\" : 1,", "\"format\" : 2,")));
    assertEquals("bench.json format must be 1 but was 2", e.getMessage());
  }

  @Test
  void eachFormat_writesWhatItsWriterRenders() {
    assertEquals(BenchJson.write(report()), BenchFormat.JSON.writer().render(report()));
    assertEquals(BenchMarkdown.render(report()), BenchFormat.MARKDOWN.writer().render(report()));
    assertEquals(List.of("bench.json", "bench.md"), java.util.Arrays.stream(BenchFormat.values()).map(BenchFormat::fileName).toList());
  }

  @Test
  void benchMarkdown_matchesGoldenFile() {
    Golden.check("bench-small.md", () -> BenchMarkdown.render(report()), LOCALES);
  }
}
