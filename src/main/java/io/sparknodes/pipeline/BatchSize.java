package io.sparknodes.pipeline;

import io.sparknodes.knobs.Knobs;
import java.io.Serializable;
import java.util.OptionalInt;

/**
 * Rows handed to one call of a node's function: a fixed count, or {@link #AUTO} (the executor picks
 * sizes as it runs, with a {@link BatchSizer} per node and executor). Written {@code "auto"} or as
 * a positive integer in files; {@code auto} is a level of its own, never a number.
 */
public final class BatchSize implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Sizes chosen as the node runs. */
  public static final BatchSize AUTO = new BatchSize(0);
  /** The text of {@link #AUTO} in files. */
  public static final String AUTO_TEXT = io.sparknodes.knobs.Knobs.AUTO;

  private final int rows;

  private BatchSize(int rows) {
    this.rows = rows;
  }

  /** Exactly {@code rows} rows a call (fewer only at the end of a partition). */
  public static BatchSize of(int rows) {
    return new BatchSize(ExecutionConfig.checkBatchSize(rows));
  }

  /** {@code "auto"}, a positive integer, or its decimal string. */
  public static BatchSize parse(Object value) {
    if (value instanceof BatchSize b) {
      return b;
    }
    if (value instanceof String s && s.trim().equalsIgnoreCase(AUTO_TEXT)) {
      return AUTO;
    }
    int rows;
    try {
      rows = ExecutionConfig.toInt(Knobs.BATCH_SIZE, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage().replace("must be an integer", "must be an integer or \"auto\""), e);
    }
    return of(rows);
  }

  /** True for sizes chosen as the node runs. */
  public boolean isAuto() {
    return rows == 0;
  }

  /** The fixed count, if set. */
  public OptionalInt rows() {
    return rows == 0 ? OptionalInt.empty() : OptionalInt.of(rows);
  }

  /** The value as files hold it: {@code "auto"} or the count. */
  public Object toValue() {
    return rows == 0 ? AUTO_TEXT : (Object) rows;
  }

  private Object readResolve() {
    return rows == 0 ? AUTO : this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BatchSize b && b.rows == rows;
  }

  @Override
  public int hashCode() {
    return rows;
  }

  @Override
  public String toString() {
    return rows == 0 ? AUTO_TEXT : Integer.toString(rows);
  }
}
