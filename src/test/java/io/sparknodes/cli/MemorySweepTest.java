package io.sparknodes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.Memory;
import io.sparknodes.results.Results;
import io.sparknodes.results.Trial;
import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.Recommendation;
import io.sparknodes.results.format.ResultsJson;
import io.sparknodes.workloads.Embeddings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in memory-heavy workload swept through the CLI with batch_size 16, 1024 and auto: every
 * point's memory is measured (a 4 KiB embedding a row, so at least 4 KiB allocated per item), and
 * the report carries the memory columns, the front, its chart and a memory-constrained pick made
 * from measured memory. The groups' JVMs get a small heap so that collections run during the maps.
 */
class MemorySweepTest {
  @TempDir Path dir;

  @Test
  void embeddings_sweep_measuresMemoryPerPoint_andReportsIt() throws Exception {
    Path grid = Files.writeString(dir.resolve("grid.json"), """
        {"workload": "embeddings", "items": 4000, "warmup": 1, "repeats": 3, "min_sample_seconds": 0.05,
         "applications": 1, "budget_seconds": 0,
         "axes": {"use_process": [false], "max_concurrency": [2], "partitions": [2],
                  "batch_size": [16, 1024, "auto"]}}""");
    Path out = dir.resolve("out");
    GridCommandTest.Run run = GridCommandTest.cli("grid", grid.toString(), "--out", out.toString(),
        "--child-jvm-option", "-Xmx600m");
    assertEquals(0, run.code(), run.out() + run.err());
    Results results = ResultsJson.read(out.resolve("results.json"));
    assertEquals(3, results.trials().size());
    for (Trial t : results.trials()) {
      Memory m = t.memory().orElseThrow(() -> new AssertionError("no memory for " + t.id()));
      double perItem = m.allocatedBytesPerItem().orElseThrow();
      assertTrue(perItem >= Embeddings.DIM * 4 && perItem < Embeddings.DIM * 4 * 2, t.id() + ": " + perItem);
      assertTrue(m.retainedHeapBytes().isPresent(), t.id() + ": " + m);
      assertTrue(m.includesDriver(), "local[N] runs in the driver's JVM: " + m);
      assertTrue(t.flags().stream().noneMatch(f -> f.startsWith("batch_size")), t.id() + ": " + t.flags());
    }
    Analysis a = Analysis.of(results);
    assertTrue(a.memoryFront().stream().anyMatch(Analysis.MemoryPoint::onFront));
    Recommendation memory = a.recommendation(Recommendation.UseCase.MEMORY_CONSTRAINED).orElseThrow();
    assertTrue(memory.reasons().get(0).startsWith("least retained heap"), memory.reasons().toString());
    String report = Files.readString(out.resolve("report.md"));
    assertTrue(report.contains("## Time and memory"), report);
    assertTrue(report.contains("| Heap retained | Alloc. per item |"), report);
    assertTrue(report.contains("batch_size=auto"), report);
    assertTrue(Files.exists(out.resolve("memory.png")));
    String header = Files.readAllLines(out.resolve("results.csv")).get(0);
    assertTrue(header.contains(",allocated_bytes_per_item,retained_heap_bytes,"), header);
  }
}
