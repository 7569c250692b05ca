package io.sparknodes.pipeline.internal;

/**
 * Runs every step of a {@link Plan} over consecutive items held in columns, with no object per row:
 * the per-row inputs are read in place from their arrays, the item index is {@code first + i}, a
 * wanted output is written straight into its place in the map's output array, and a step's output
 * no one returns goes into an array of the run's own, sized once. Each step still cuts the items
 * into its own batches ({@link PlanRunner#nextBatchSize()}) and runs them through {@link
 * PlanRunner#process(Batch)}, in the order the lazy row iterators of {@link Plan#apply} would: a
 * step runs its next batch once the batch after it needs rows it has not done yet.
 */
final class ColumnRun {
  private final PlanRunner[] runners;
  private final Batch.Columns all;
  private final int[] done;

  private ColumnRun(PlanRunner[] runners, Batch.Columns all) {
    this.runners = runners;
    this.all = all;
    this.done = new int[runners.length];
  }

  /**
   * Runs {@code plan} over items {@code first .. first + n - 1}, whose per-row input {@code c} is
   * {@code columns[c][at + i]} for item {@code first + i}; writes wanted output {@code j} of item
   * {@code first + i} to {@code out[outAt + i * k + j]} ({@code k} wanted outputs).
   */
  static void run(Plan plan, Object[][] columns, int at, long first, int n, Object[] out, int outAt,
      Plan.StatefulSource states, Plan.Observer observer) {
    if (columns.length != plan.rowInputs().size()) {
      throw new IllegalArgumentException("expected " + plan.rowInputs().size() + " columns but got " + columns.length);
    }
    int width = plan.width();
    int k = plan.outputs().size();
    Object[][] arrays = new Object[width][];
    int[] bases = new int[width];
    int[] strides = new int[width];
    java.util.Arrays.fill(strides, 1);
    for (int c = 0; c < columns.length; c++) {
      arrays[c + 1] = columns[c];
      bases[c + 1] = at;
    }
    int steps = plan.steps.size();
    PlanRunner[] runners = new PlanRunner[steps];
    for (int s = 0; s < steps; s++) {
      int slot = plan.steps.get(s).out;
      int j = outputIndex(plan, slot);
      if (j >= 0) {
        arrays[slot] = out;
        bases[slot] = outAt + j;
        strides[slot] = k;
      } else {
        arrays[slot] = new Object[n];
      }
      runners[s] = new PlanRunner(plan, s, null, states, observer);
    }
    if (n == 0 || steps == 0) {
      return;
    }
    new ColumnRun(runners, new Batch.Columns(arrays, bases, strides, first, n)).upTo(steps - 1, n);
  }

  private static int outputIndex(Plan plan, int slot) {
    for (int j = 0; j < plan.outputs().size(); j++) {
      if (plan.outputSlot(j) == slot) {
        return j;
      }
    }
    return -1;
  }

  /** Runs step {@code s}'s batches until it has done the first {@code rows} rows. */
  private void upTo(int s, int rows) {
    int n = all.size();
    while (done[s] < rows) {
      int from = done[s];
      int to = (int) Math.min(n, (long) from + runners[s].nextBatchSize());
      if (s > 0) {
        upTo(s - 1, to);
      }
      runners[s].process(all.slice(from, to));
      done[s] = to;
    }
  }
}
