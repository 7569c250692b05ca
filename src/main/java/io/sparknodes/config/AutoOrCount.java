package io.sparknodes.config;

import java.io.Serializable;
import java.util.OptionalInt;
import java.util.function.IntFunction;

/**
 * A knob that is {@code auto} (left to the engine's rule) or a positive count: the one
 * implementation behind {@link BatchSize} and {@link Partitions}. Written {@value #AUTO_TEXT} or as
 * a positive integer in files; {@code auto} is a level of its own, never a number. Equal only to a
 * value of the same knob.
 */
public abstract sealed class AutoOrCount implements Serializable permits BatchSize, Partitions {
  private static final long serialVersionUID = 1L;

  /** The text of {@code auto} in files. */
  public static final String AUTO_TEXT = Knobs.AUTO;

  // 0: auto; else the count, checked positive by the knob's factory.
  private final int count;

  AutoOrCount(int count) {
    this.count = count;
  }

  /**
   * {@code "auto"} (any case, trimmed), a positive integer, or its decimal string, as {@code knob}
   * (a value of {@code type} passes as it is).
   *
   * @throws IllegalArgumentException naming the knob and the value
   */
  static <T extends AutoOrCount> T parse(Object value, String knob, Class<T> type, T auto, IntFunction<T> of) {
    if (type.isInstance(value)) {
      return type.cast(value);
    }
    if (value instanceof String s && s.trim().equalsIgnoreCase(AUTO_TEXT)) {
      return auto;
    }
    int n;
    try {
      n = ExecutionConfig.toInt(knob, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage().replace("must be an integer", "must be an integer or \"" + AUTO_TEXT + "\""), e);
    }
    return of.apply(n);
  }

  /** True for {@code auto}: the engine's rule. */
  public final boolean isAuto() {
    return count == 0;
  }

  /** The fixed count, if set. */
  final OptionalInt fixed() {
    return count == 0 ? OptionalInt.empty() : OptionalInt.of(count);
  }

  /** The value as files hold it: {@code "auto"} or the count. */
  public final Object toValue() {
    return count == 0 ? AUTO_TEXT : (Object) count;
  }

  /** This knob's {@code auto}, the one instance a deserialized {@code auto} resolves to. */
  abstract AutoOrCount auto();

  final Object readResolve() {
    return count == 0 ? auto() : this;
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((AutoOrCount) o).count == count;
  }

  @Override
  public final int hashCode() {
    return count;
  }

  @Override
  public final String toString() {
    return count == 0 ? AUTO_TEXT : Integer.toString(count);
  }
}
