package io.sparknodes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.results.Analysis;
import io.sparknodes.results.Results;
import io.sparknodes.results.ResultsJson;
import io.sparknodes.workloads.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps, through the CLI, small workloads whose best settings are known by construction, and
 * checks that the winner is in the known best set and the verdicts agree with the construction.
 * The workloads wait rather than compute, so that the answer holds on a busy 2-core machine.
 */
class KnownAnswersTest {
  @TempDir Path dir;

  /** Every batch call costs a fixed 5 ms, whatever its size: fewer, larger batches win. */
  public static final class FixedCostPerCall extends Base {
    @Override
    public Pipeline pipeline() {
      return Pipeline.of(Node.named("out").inputs("text").batch((List<String> texts) -> {
        Thread.sleep(5);
        return texts;
      }));
    }
  }

  /** Every item waits 20 ms, as on I/O: more concurrent tasks win while there are tasks to share. */
  public static final class WaitsOnIo extends Base {
    @Override
    public Pipeline pipeline() {
      return Pipeline.of(Node.named("out").inputs("text").row((String t) -> {
        Thread.sleep(20);
        return t;
      }));
    }
  }

  abstract static class Base implements Workload {
    @Override
    public String name() {
      return getClass().getName();
    }

    @Override
    public String mappedInput() {
      return "text";
    }

    @Override
    public List<?> items(int n) {
      return IntStream.range(0, n).mapToObj(i -> "x" + i).toList();
    }

    @Override
    public Map<String, Object> constants() {
      return Map.of();
    }

    @Override
    public Optional<String> check(List<?> items, MapResult result) {
      return Workload.checkEach(items, result.column("out"), t -> t, 1);
    }
  }

  private Analysis sweep(Class<?> workload, int items, String axes) throws Exception {
    Path grid = Files.writeString(dir.resolve("grid.json"), """
        {"workload": "%s", "items": %d, "warmup": 1, "repeats": 4, "budget_seconds": 0, "min_sample_seconds": 0.05,
         "axes": {%s}}""".formatted(workload.getName(), items, axes));
    Path out = dir.resolve("out");
    GridCommandTest.Run run = GridCommandTest.cli("grid", grid.toString(), "--out", out.toString());
    assertEquals(0, run.code(), run.out() + run.err());
    Results results = ResultsJson.read(out.resolve("results.json"));
    assertTrue(results.trials().stream().allMatch(t -> t.applicationCount() == 2), "each group ran twice");
    return Analysis.of(results);
  }

  @Test
  void fixedCostPerBatchCall_largestBatchWins_andBatchSizeIsReal() throws Exception {
    // One partition, so that batch_size alone sets the calls: 64 calls of 5 ms against 4.
    Analysis a = sweep(FixedCostPerCall.class, 1024, "\"use_process\": [false], \"max_concurrency\": [1],"
        + " \"partitions\": [1], \"batch_size\": [16, 256]");
    assertEquals(256, a.best().orElseThrow().trial().params().get("batch_size"));
    Analysis.AxisEffect batch = a.effect("batch_size").orElseThrow();
    assertEquals(Analysis.Verdict.REAL, batch.verdict(), batch.toString());
    assertEquals(256, batch.best().value());
    assertEquals(List.of(256), a.tiedWithBest().stream().map(r -> r.trial().params().get("batch_size")).toList());
  }

  @Test
  void waitingOnIo_moreConcurrencyWins_andMaxConcurrencyIsReal() throws Exception {
    // 32 items of 20 ms: 0.64 s of waiting on one core, half that on two
    Analysis a = sweep(WaitsOnIo.class, 32, "\"use_process\": [false], \"max_concurrency\": [1, 2],"
        + " \"batch_size\": [4]");
    assertEquals(2, a.best().orElseThrow().trial().params().get("max_concurrency"));
    Analysis.AxisEffect concurrency = a.effect("max_concurrency").orElseThrow();
    assertEquals(Analysis.Verdict.REAL, concurrency.verdict(), concurrency.toString());
    assertEquals(2, concurrency.best().value());
  }
}
