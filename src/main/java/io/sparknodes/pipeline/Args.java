package io.sparknodes.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * The inputs of one call of a general ({@link Node.FnN}) node function, by name or by position. In a
 * row function each value is one item's; in a batch function each non-stateful input is a {@code
 * List} holding the batch's values and each stateful input is its instance.
 */
public final class Args {
  private final List<String> names;
  private final Object[] values;

  Args(List<String> names, Object[] values) {
    this.names = names;
    this.values = values;
  }

  /** The input names, in the node's declared order. */
  public List<String> names() {
    return names;
  }

  /** The value of input {@code name}. */
  @SuppressWarnings("unchecked")
  public <T> T get(String name) {
    int i = names.indexOf(Objects.requireNonNull(name, "name"));
    if (i < 0) {
      throw new IllegalArgumentException("no input '" + name + "'; the inputs are " + names);
    }
    return (T) values[i];
  }

  /** The value of the input at {@code index}, in the node's declared order. */
  @SuppressWarnings("unchecked")
  public <T> T get(int index) {
    Objects.checkIndex(index, values.length);
    return (T) values[index];
  }

  /** The number of inputs. */
  public int size() {
    return values.length;
  }
}
