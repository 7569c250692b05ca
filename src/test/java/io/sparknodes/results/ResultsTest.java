package io.sparknodes.results;

import static io.sparknodes.results.Fixtures.T0;
import static io.sparknodes.results.Fixtures.params;
import static io.sparknodes.results.GridInfoTest.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsTest {
  @Test
  void withTrial_appendsInCompletionOrder() {
    Results r = Fixtures.small();
    assertEquals(7, r.trials().size());
    assertEquals("use_process=true,max_concurrency=2,batch_size=128", r.trials().get(6).id());
    assertEquals(T0.plusSeconds(60 * 5 + 30), r.updatedAt());
  }

  @Test
  void withTrial_replacesTheTrialWithTheSameIdAndMovesItLast() {
    Results r = Fixtures.small();
    Trial again = Fixtures.ok(params("use_process", false, "max_concurrency", 2, "batch_size", 128), 9, 0.3);
    Results next = r.withTrial(again);
    assertEquals(7, next.trials().size());
    assertEquals(again, next.trials().get(6));
    assertEquals(Status.OK, next.trial(again.id()).orElseThrow().status());
    assertEquals(Status.FAILED, r.trial(again.id()).orElseThrow().status());
  }

  @Test
  void completedAndPendingPointsPartitionTheGrid() {
    Results r = Fixtures.small();
    assertEquals(7, r.completedIds().size());
    assertEquals(List.of("use_process=true,max_concurrency=2,batch_size=512"),
        r.pendingPoints().stream().map(Trial::idOf).toList());
    assertTrue(r.trial("nope").isEmpty());
  }

  @Test
  void withTrial_rejectsAPointOutsideTheGrid() {
    Results r = Fixtures.small();
    assertEquals("trial use_process=false,max_concurrency=3,batch_size=128 has max_concurrency=3, which axis "
            + "max_concurrency does not list [1, 2]",
        message(() -> r.withTrial(Fixtures.ok(params("use_process", false, "max_concurrency", 3, "batch_size", 128),
            0, 1))));
    assertEquals("trial batch_size=128 has params [batch_size] but the grid's axes are [use_process, "
            + "max_concurrency, batch_size]",
        message(() -> r.withTrial(Fixtures.ok(params("batch_size", 128), 0, 1))));
  }

  @Test
  void rejectsAnotherSchemaVersion() {
    Results r = Fixtures.small();
    assertEquals("schemaVersion 7 is not supported, expected " + Results.SCHEMA_VERSION, message(() -> new Results(7, r.environment(),
        r.grid(), r.trials(), r.startedAt(), r.updatedAt())));
  }
}
