package io.sparknodes.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Maps over every combination of the named lists. */
class ProductMapTest {
  private static final Pipeline PAIR = Pipeline.of(
      Node.named("pair").inputs("a", "b", "sep").row((String a, Integer b, String sep) -> a + sep + b));

  @Test
  void product_of3By4Items_gives12RowsInRowMajorOrder() {
    MapResult r = PAIR.map(Map.of("a", List.of("x", "y", "z"), "b", List.of(1, 2, 3, 4), "sep", ":"),
        MapMode.PRODUCT, "a", "b");

    List<String> expected = new ArrayList<>();
    for (String a : List.of("x", "y", "z")) {
      for (int b = 1; b <= 4; b++) {
        expected.add(a + ":" + b);
      }
    }
    assertEquals(expected, r.column("pair"));
  }

  @Test
  void product_followsTheOrderTheInputsAreNamedIn() {
    MapResult r = PAIR.map(Map.of("a", List.of("x", "y"), "b", List.of(1, 2), "sep", ""), MapMode.PRODUCT, "b", "a");

    assertEquals(List.of("x1", "y1", "x2", "y2"), r.column("pair"));
  }

  @Test
  void product_withAnEmptyList_hasNoItems() {
    MapResult r = PAIR.map(Map.of("a", List.of(), "b", List.of(1, 2), "sep", ""), MapMode.PRODUCT, "a", "b");

    assertEquals(0, r.size());
  }

  @Test
  void zip_staysTheDefault_andRefusesUnequalLengths() {
    Map<String, Object> inputs = Map.of("a", List.of("x", "y"), "b", List.of(1, 2), "sep", "-");

    assertEquals(PAIR.map(inputs, "a", "b").column("pair"), PAIR.map(inputs, MapMode.ZIP, "a", "b").column("pair"));
    assertThrows(IllegalArgumentException.class,
        () -> PAIR.map(Map.of("a", List.of("x"), "b", List.of(1, 2), "sep", "-"), MapMode.ZIP, "a", "b"));
  }

  @Test
  void product_ofAnInputThatIsNotAList_namesIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PAIR.map(Map.of("a", "x", "b", List.of(1), "sep", ""), MapMode.PRODUCT, "a", "b"));
    assertEquals("mapped input 'a' must be a List but was a String", e.getMessage());
  }

  @Test
  void product_namingAnInputTwice_isAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PAIR.map(Map.of("a", List.of("x"), "b", List.of(1), "sep", ""), MapMode.PRODUCT, "a", "a"));
    assertEquals("a product map names input 'a' twice", e.getMessage());
  }

  @Test
  void product_ofAMissingInput_namesIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PAIR.map(Map.of("a", List.of("x"), "sep", ""), MapMode.PRODUCT, "a", "b"));
    assertEquals("mapped input 'b' is not among the inputs given [a, sep]", e.getMessage());
  }
}
