package io.sparknodes.results;

import static io.sparknodes.results.Fixtures.axes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GridInfoTest {
  @Test
  void points_isTheOuterProductOfTheAxes() {
    GridInfo g = Fixtures.grid(axes("use_process", List.of(false, true), "max_concurrency", List.of(1, 2, 4),
        "batch_size", List.of(128, 512)), 3);
    assertEquals(12, g.points());
    assertEquals(12, g.allPoints().size());
    assertEquals(1, Fixtures.grid(Map.of(), 3).points());
  }

  @Test
  void allPoints_keepDeclaredOrderWithFirstAxisSlowest() {
    GridInfo g = Fixtures.grid(axes("batch_size", List.of(512, 128), "use_process", List.of(true, false)), 1);
    List<String> ids = g.allPoints().stream().map(Trial::idOf).toList();
    assertEquals(List.of("batch_size=512,use_process=true", "batch_size=512,use_process=false",
        "batch_size=128,use_process=true", "batch_size=128,use_process=false"), ids);
  }

  @Test
  void longValuesThatFitAreKeptAsIntegers() {
    GridInfo g = Fixtures.grid(axes("batch_size", List.of(128L), "spark.x", List.of(1.5f, "a", 10_000_000_000L)), 1);
    assertEquals(List.of(128), g.values("batch_size"));
    assertEquals(List.of(1.5, "a", 10_000_000_000L), g.values("spark.x"));
  }

  @Test
  void rejectsBadAxesWithExactMessages() {
    assertEquals("unknown axis 'threads' (axes are use_process, max_concurrency, batch_size, partitions, or spark.* settings)",
        message(() -> Fixtures.grid(axes("threads", List.of(1)), 1)));
    assertEquals("axis batch_size has no values", message(() -> Fixtures.grid(axes("batch_size", List.of()), 1)));
    assertEquals("axis batch_size lists 512 twice",
        message(() -> Fixtures.grid(axes("batch_size", List.of(512, 512L)), 1)));
    assertEquals("axis use_process must hold booleans but holds \"yes\"",
        message(() -> Fixtures.grid(axes("use_process", List.of("yes")), 1)));
    assertEquals("axis max_concurrency must hold positive integers but holds 0",
        message(() -> Fixtures.grid(axes("max_concurrency", List.of(0)), 1)));
    assertEquals("repeats must be positive but was 0", message(() -> Fixtures.grid(Map.of(), 0)));
  }

  static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }
}
