package io.sparknodes.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the engine reported, against what the point asked. */
class FlagsTest {
  private static Point point(boolean process, int n, int batch) {
    return Grid.parse("""
        {"workload": "w", "items": 100,
         "axes": {"use_process": [%s], "max_concurrency": [%d], "batch_size": [%d]}}""".formatted(process, n, batch))
        .points().get(0);
  }

  private static Observation seen(int partitions, int batchMax, long rows, int executors, int jvms,
      boolean inDriver) {
    return new Observation(partitions, partitions * 3L, partitions * 3L, 1, batchMax, rows, partitions,
        executors, jvms, inDriver, executors, java.util.OptionalDouble.empty(), java.util.OptionalLong.empty(), 0);
  }

  @Test
  void whatWasAskedIsNotFlagged() {
    assertEquals(List.of(), Flags.of(point(false, 2, 25), seen(4, 25, 25, 1, 1, true)));
    assertEquals(List.of(), Flags.of(point(true, 2, 25), seen(4, 25, 25, 2, 2, false)));
  }

  @Test
  void eachKnobThatDidNotTakeEffectIsSaid() {
    assertEquals(List.of("batch_size had no effect: asked 25, batches seen up to 100 (expected 25)"),
        Flags.of(point(false, 1, 25), seen(4, 100, 25, 1, 1, true)));
    assertEquals(List.of("use_process=false but tasks ran in 2 JVMs"),
        Flags.of(point(false, 2, 25), seen(4, 25, 25, 2, 2, false)));
    assertEquals(List.of("use_process=true but tasks ran in the driver JVM",
            "max_concurrency=2 in separate JVMs, but only 1 executor(s) in 1 JVM(s) ran tasks"),
        Flags.of(point(true, 2, 25), seen(4, 25, 25, 1, 1, true)));
    assertEquals(List.of("max_concurrency=4 cannot take effect: each run has only 2 partition(s), so at most 2 task(s) run at once"),
        Flags.of(point(false, 4, 50), seen(2, 50, 50, 1, 1, true)));
  }

  @Test
  void aBatchSizeLargerThanAPartitionIsSaidToBeCapped() {
    assertEquals(List.of("batch_size 50 cannot take effect: a partition holds at most 13 rows (8 partitions), so no"
            + " batch is larger"),
        Flags.of(point(false, 2, 50), seen(8, 13, 13, 1, 1, true)));
  }
}
