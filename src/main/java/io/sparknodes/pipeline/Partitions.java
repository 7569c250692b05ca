package io.sparknodes.pipeline;

import io.sparknodes.knobs.Knobs;
import java.io.Serializable;
import java.util.OptionalInt;

/**
 * How many partitions a list input is cut into: {@link #AUTO} (the engine's rule, sized for its
 * executor slots) or a fixed count. A per-map setting: changing it needs no new application.
 * Written {@code "auto"} or as a positive integer in files.
 */
public final class Partitions implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The engine's rule. */
  public static final Partitions AUTO = new Partitions(0);
  /** The text of {@link #AUTO} in files. */
  public static final String AUTO_TEXT = Knobs.AUTO;

  private final int count;

  private Partitions(int count) {
    this.count = count;
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
    if (value instanceof String s && s.trim().equalsIgnoreCase(AUTO_TEXT)) {
      return AUTO;
    }
    return of(ExecutionConfig.toInt(Knobs.PARTITIONS, value));
  }

  /** True for the engine's rule. */
  public boolean isAuto() {
    return count == 0;
  }

  /** The fixed count, if set. */
  public OptionalInt count() {
    return count == 0 ? OptionalInt.empty() : OptionalInt.of(count);
  }

  /** The value as files hold it: {@code "auto"} or the count. */
  public Object toValue() {
    return count == 0 ? AUTO_TEXT : (Object) count;
  }

  private Object readResolve() {
    return count == 0 ? AUTO : this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Partitions p && p.count == count;
  }

  @Override
  public int hashCode() {
    return count;
  }

  @Override
  public String toString() {
    return count == 0 ? AUTO_TEXT : Integer.toString(count);
  }
}
