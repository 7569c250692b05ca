package io.sparknodes.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.Status;
import io.sparknodes.results.Trial;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a sweep shares a group's repeats over two applications and merges their samples (no Spark). */
class ReplicatedGroupsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Grid grid(int repeats) {
    return Grid.parse("{\"workload\": \"text-normalize\", \"items\": 10, \"repeats\": " + repeats
        + ", \"axes\": {\"batch_size\": [1, 2]}}");
  }

  @Test
  void groupsRunInABalancedOrder_ABC_thenCBA() {
    assertEquals(List.of(0, 1, 2), SweepOrder.balancedOrder(3, 0));
    assertEquals(List.of(2, 1, 0), SweepOrder.balancedOrder(3, 1));
  }

  @Test
  void repeats_areSharedOverTwoApplications_whenThereAreTwoToShare() {
    assertEquals(2, SweepOrder.applications(grid(5)));
    assertEquals(3, SweepOrder.repeatsOf(grid(5), 0));
    assertEquals(2, SweepOrder.repeatsOf(grid(5), 1));
    assertEquals(1, SweepOrder.applications(grid(1)));
    assertEquals(1, SweepOrder.applications(Grid.parse("{\"workload\": \"w\", \"items\": 1, \"repeats\": 5, \"applications\": 1,"
        + " \"axes\": {\"batch_size\": [1]}}")));
    assertEquals(1, SweepOrder.repeatsOf(grid(1), 0));
  }

  @Test
  void merge_appendsTheLaterApplicationsSamplesWithTheirIndex() {
    Map<String, Object> p = Map.of("batch_size", 1);
    Trial first = Trial.builder(p).status(Status.OK).coldSeconds(5.0).warmupSeconds(0.4).loops(8)
        .warmSeconds(List.of(0.1, 0.11, 0.12), 10).applications(List.of(0, 0, 0)).flag("a")
        .startedAt(T0).finishedAt(T0.plusSeconds(3)).build();
    assertFalse(TrialRecorder.complete(first, 2));
    Trial second = Trial.builder(p).status(Status.OK).coldSeconds(4.0).warmupSeconds(0.3).loops(8)
        .warmSeconds(List.of(0.13, 0.14), 10).flag("a").flag("b")
        .startedAt(T0.plusSeconds(60)).finishedAt(T0.plusSeconds(62)).build();
    Trial merged = TrialRecorder.merge(first, second, 1);
    assertEquals(List.of(0.1, 0.11, 0.12, 0.13, 0.14), merged.warmSeconds());
    assertEquals(List.of(0, 0, 0, 1, 1), merged.applications());
    assertEquals(2, merged.applicationCount());
    assertEquals(5.0, merged.coldSeconds().getAsDouble());
    assertEquals(0.7, merged.warmupSeconds().getAsDouble(), 1e-12);
    assertEquals(8, merged.loops());
    assertEquals(List.of("a", "b"), merged.flags());
    assertEquals(T0, merged.startedAt());
    assertEquals(T0.plusSeconds(62), merged.finishedAt());
    assertTrue(TrialRecorder.complete(merged, 2));
  }

  @Test
  void aLaterApplicationsFailure_failsThePoint_keepingItsEarlierSamples() {
    Map<String, Object> p = Map.of("batch_size", 1);
    Trial first = Trial.builder(p).status(Status.OK).warmSeconds(List.of(0.1, 0.2), 10).applications(List.of(0, 0))
        .startedAt(T0).finishedAt(T0).build();
    Trial failed = Trial.builder(p).status(Status.TIMEOUT).error("too slow").startedAt(T0).finishedAt(T0).build();
    Trial merged = TrialRecorder.merge(first, failed, 1);
    assertEquals(Status.TIMEOUT, merged.status());
    assertEquals("too slow", merged.error().orElseThrow());
    assertEquals(List.of(0.1, 0.2), merged.warmSeconds());
    assertTrue(TrialRecorder.complete(merged, 2));
  }
}
