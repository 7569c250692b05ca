package io.sparknodes.config;

import java.util.OptionalInt;

/**
 * How many partitions a list input is cut into: {@link #AUTO} (the engine's rule, sized for its
 * executor slots) or a fixed count. A per-map setting: changing it needs no new application.
 * Written {@code "auto"} or as a positive integer in files.
 */
public final class Partitions extends AutoOrCount {
  private static final long serialVersionUID = 2L;

  /** The engine's rule. */
  public static final Partitions AUTO = new Partitions(0);

  private Partitions(int count) {
    super(count);
  }

  /** Exactly {@code count} partitions (fewer only when there are fewer items). */
  public static Partitions of(int count) {
    if (count <= 0) {
      throw new IllegalArgumentException(Knobs.PARTITIONS + " must be positive or \"auto\" but was " + count);
    }
    return new Partitions(count);
  }

  /** {@code "auto"}, a positive integer, or its decimal string. */
  static Partitions parse(Object value) {
    return parse(value, Knobs.PARTITIONS, Partitions.class, AUTO, Partitions::of);
  }

  /** The fixed count, if set. */
  public OptionalInt count() {
    return fixed();
  }

  @Override
  AutoOrCount auto() {
    return AUTO;
  }
}
