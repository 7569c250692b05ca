package io.sparknodes.pipeline;

import io.sparknodes.pipeline.internal.Plan;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * Product maps as zipped ones: each mapped list becomes a view of the outer product (row-major,
 * first list slowest), computed on access, so that every engine maps over it as over zipped lists.
 */
final class Product {
  private Product() {}

  /**
   * {@code inputs} with each list named in {@code mapOver} replaced by its column of the product.
   *
   * @throws IllegalArgumentException for a missing, repeated or non-list mapped input, or a product
   *     of more than {@link Integer#MAX_VALUE} items
   */
  static Map<String, Object> expand(Map<String, ?> inputs, List<String> mapOver) {
    List<List<?>> lists = new ArrayList<>();
    long total = 1;
    Set<String> seen = new HashSet<>();
    for (String name : mapOver) {
      if (!seen.add(name)) {
        throw new IllegalArgumentException("a product map names input '" + name + "' twice");
      }
    }
    for (String name : mapOver) {
      List<?> list = Plan.mappedList(inputs, name);
      lists.add(list);
      total *= list.size();
      if (total > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("a product map over " + mapOver + " has more than " + Integer.MAX_VALUE + " items");
      }
    }
    int size = (int) total;
    Map<String, Object> out = new LinkedHashMap<>(inputs);
    int stride = size;
    for (int k = 0; k < mapOver.size(); k++) {
      List<?> list = lists.get(k);
      stride = list.isEmpty() ? 0 : stride / list.size();
      out.put(mapOver.get(k), new Column(list, stride, size));
    }
    return out;
  }

  /** Element {@code (i / stride) % base.size()} of {@code base} at position i. */
  private static final class Column extends AbstractList<Object> implements RandomAccess {
    private final List<?> base;
    private final int stride;
    private final int size;

    Column(List<?> base, int stride, int size) {
      this.base = base;
      this.stride = stride;
      this.size = size;
    }

    @Override
    public Object get(int i) {
      java.util.Objects.checkIndex(i, size);
      return base.get((i / stride) % base.size());
    }

    @Override
    public int size() {
      return size;
    }
  }
}
