package io.sparknodes.results;

import static io.sparknodes.results.Fixtures.T0;
import static io.sparknodes.results.Fixtures.params;
import static io.sparknodes.results.GridInfoTest.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrialTest {
  @Test
  void id_isBuiltFromParamsInAxisOrder() {
    Trial t = Fixtures.ok(params("use_process", false, "max_concurrency", 2, "batch_size", 512,
        "spark.sql.shuffle.partitions", "8", "spark.memory.fraction", 0.5), 0, 0.1);
    assertEquals("use_process=false,max_concurrency=2,batch_size=512,spark.sql.shuffle.partitions=8,"
        + "spark.memory.fraction=0.5", t.id());
  }

  @Test
  void summary_isPresentExactlyWhenThereAreWarmSamples() {
    Trial ok = Fixtures.ok(params("batch_size", 1), 0, 0.5, 0.25);
    assertEquals(0.375, ok.summary().orElseThrow().median());
    assertEquals(1000 / 0.375, ok.summary().orElseThrow().throughput(), 1e-9);
    Trial failed = Fixtures.failed(params("batch_size", 1), 0, Status.FAILED, "boom");
    assertTrue(failed.summary().isEmpty());
    assertEquals("boom", failed.error().orElseThrow());
    assertTrue(ok.error().isEmpty());
    assertTrue(ok.coldSeconds().isEmpty());
  }

  @Test
  void build_rejectsInconsistentTrialsWithExactMessages() {
    Trial.Builder b = Trial.builder(params("batch_size", 8)).startedAt(T0).finishedAt(T0);
    assertEquals("trial batch_size=8 has no status", message(b::build));
    assertEquals("trial batch_size=8 has status FAILED but no error",
        message(() -> b.status(Status.FAILED).build()));
    assertEquals("trial batch_size=8 has status OK but an error: x",
        message(() -> b.status(Status.OK).error("x").build()));
    assertEquals("trial batch_size=8: warm sample 1 must be a finite, non-negative number of seconds but was -1.0",
        message(() -> Trial.builder(params("batch_size", 8)).warmSeconds(List.of(1.0, -1.0), 1)));
    assertEquals("trial batch_size=8 finished at 2025-01-02T03:04:04Z, before it started at 2025-01-02T03:04:05Z",
        message(() -> Trial.builder(params("batch_size", 8)).status(Status.OK).startedAt(T0)
            .finishedAt(T0.minusSeconds(1)).build()));
  }

  @Test
  void toBuilder_copiesEveryValue() {
    Trial t = Fixtures.small().trials().get(1);
    assertEquals(t, t.toBuilder().build());
  }
}
