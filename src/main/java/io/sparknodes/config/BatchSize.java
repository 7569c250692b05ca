package io.sparknodes.config;

import java.util.OptionalInt;

/**
 * Rows handed to one call of a node's function: a fixed count, or {@link #AUTO} (the executor picks
 * sizes as it runs, with a batch sizer per node and executor, within {@link AutoBatching}'s bounds).
 * Written {@code "auto"} or as a positive integer in files; {@code auto} is a level of its own, never
 * a number.
 */
public final class BatchSize extends AutoOrCount {
  private static final long serialVersionUID = 2L;

  /** Sizes chosen as the node runs. */
  public static final BatchSize AUTO = new BatchSize(0);

  private BatchSize(int rows) {
    super(rows);
  }

  /** Exactly {@code rows} rows a call (fewer only at the end of a partition). */
  public static BatchSize of(int rows) {
    return new BatchSize(ExecutionConfig.checkBatchSize(rows));
  }

  /** {@code "auto"}, a positive integer, or its decimal string. */
  public static BatchSize parse(Object value) {
    return parse(value, Knobs.BATCH_SIZE, BatchSize.class, AUTO, BatchSize::of);
  }

  /** The fixed count, if set. */
  public OptionalInt rows() {
    return fixed();
  }

  @Override
  AutoOrCount auto() {
    return AUTO;
  }
}
