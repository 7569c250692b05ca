package io.sparknodes.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.pipeline.LocalEngine;
import io.sparknodes.pipeline.MapResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The seed's workload: its check compares with expected outputs it computes once per list of items. */
class TextNormalizeTest {
  private final TextNormalize workload = new TextNormalize();

  private MapResult map(List<?> items) {
    return workload.pipeline().withEngine(new LocalEngine())
        .map(workload.inputs(items, workload.constants()), workload.mappedInput());
  }

  @Test
  void check_passesRightOutputs_againAndAgain_andFailsOnesOfOtherItems() {
    List<?> items = workload.items(40);
    MapResult result = map(items);
    assertEquals(Optional.empty(), workload.check(items, result));
    assertEquals(Optional.empty(), workload.check(items, result), "the second check reads the kept outputs");
    // Another list (the same outputs over other items): its own expected outputs, so the check fails.
    List<?> shifted = new ArrayList<>(workload.items(41).subList(1, 41));
    Optional<String> wrong = workload.check(shifted, result);
    assertTrue(wrong.isPresent() && wrong.get().startsWith("item 0: expected text 1"), wrong.toString());
    // Then the first list again: the check follows the list it is given, not the one it kept.
    assertEquals(Optional.empty(), workload.check(items, result));
    Optional<String> count = workload.check(workload.items(39), map(workload.items(40)));
    assertEquals(Optional.of("expected 39 outputs but got 40"), count);
  }
}
