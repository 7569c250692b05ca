package io.sparknodes.pipeline.internal;

import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.NodeExecutionException;
import io.sparknodes.pipeline.StatefulBuildException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Runs one step of a {@link Plan} over its batches. The batch-level entry point is {@link
 * #process(Batch)}: one batch of rows for this step, handed to the node's function (a batch node
 * sees read-only column views; a row node is called row by row, in the same loop, with one
 * argument array per batch), its outputs written into the step's output slot, the sizer and the
 * observer fed. Two drivers hand it batches: this class as a lazy {@code Iterator} over rows, which
 * cuts the rows into the step's batches ({@link #nextBatchSize()}: its batch_size, or its sizer's
 * choice with {@code auto}) and hands out the rows that went in; and {@link ColumnRun}, which runs
 * the plan over columns with no object per row.
 */
final class PlanRunner implements Iterator<Object[]> {
  private static final Plan.Source[] SOURCES = Plan.Source.values();
  private static final NodeAccess.Access NODES = NodeAccess.get();

  private final int stepIndex;
  private final Plan.Step step;
  private final Iterator<Object[]> in;
  private final Plan.StatefulSource states;
  private final Plan.Observer observer;
  /** The batch being handed out, already processed. */
  private List<Object[]> current = List.of();
  private int pos;
  private BatchSizer sizer;
  // The plan's, read per row and per failure.
  private final Object[] constants;
  private final List<String> statefulNames;
  // The node cache's hook at the batch boundary; null without a cache.
  private final CachedStep cached;
  // The arguments a row node's function is called with: one array, refilled per row (calls are synchronous).
  private final Object[] args;
  // The positions of the step's per-row arguments, and their slots.
  private final int[] rowArgs;
  private final int[] rowSlots;

  PlanRunner(Plan plan, int stepIndex, Iterator<Object[]> in, Plan.StatefulSource states, Plan.Observer observer) {
    this.stepIndex = stepIndex;
    this.step = plan.steps.get(stepIndex);
    this.constants = plan.constants;
    this.statefulNames = plan.statefulNames;
    this.in = in;
    this.states = states;
    this.observer = observer;
    this.cached = CachedStep.of(plan, stepIndex, observer);
    this.args = new Object[step.sources.length];
    int rows = 0;
    for (int a = 0; a < step.sources.length; a++) {
      rows += SOURCES[step.sources[a]] == Plan.Source.ROW ? 1 : 0;
    }
    this.rowArgs = new int[rows];
    this.rowSlots = new int[rows];
    for (int a = 0, r = 0; a < step.sources.length; a++) {
      if (SOURCES[step.sources[a]] == Plan.Source.ROW) {
        rowArgs[r] = a;
        rowSlots[r++] = step.indexes[a];
      }
    }
  }

  @Override
  public boolean hasNext() {
    if (pos < current.size()) {
      return true;
    }
    if (!in.hasNext()) {
      return false;
    }
    int max = nextBatchSize();
    List<Object[]> next = new ArrayList<>(Math.min(max, 4096));
    while (next.size() < max && in.hasNext()) {
      next.add(in.next());
    }
    if (cached != null) {
      cached.process(next, rows -> process(new Batch.Rows(rows)));
    } else {
      process(new Batch.Rows(next));
    }
    current = next;
    pos = 0;
    return true;
  }

  @Override
  public Object[] next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.get(pos++);
  }

  /** The most rows the step's next batch takes: its batch_size, or its sizer's choice ({@code auto}). */
  int nextBatchSize() {
    if (step.auto != null && sizer == null) {
      BatchSizer kept = states.batchSizer(stepIndex, step.auto);
      sizer = kept != null ? kept : new BatchSizer(step.auto);
    }
    return sizer != null ? sizer.next() : step.config.batchSize();
  }

  /**
   * Runs the step's function over {@code batch} and fills the step's output slot of its rows,
   * timing it for the sizer and the observer: the batch-level entry point of one step.
   */
  void process(Batch batch) {
    int n = batch.size();
    observer.onBatch(stepIndex, n);
    Object[] resolved = resolveStateful();
    long allocated = MemoryWatch.threadAllocatedBytes();
    long started = System.nanoTime();
    boolean done = false;
    if (step.probe) {
      MemoryWatch.probeEnter();
    }
    try {
      if (step.node.isBatch()) {
        processBatch(batch, resolved);
      } else {
        processRows(batch, resolved);
      }
      done = true;
    } finally {
      if (step.probe) {
        MemoryWatch.probeExit();
      }
      long elapsed = System.nanoTime() - started;
      long bytes = MemoryWatch.threadAllocatedBytes() - allocated;
      observer.onBatchDone(stepIndex, n, bytes);
      if (done && sizer != null) {
        if (MemoryWatch.countsAllocations()) {
          sizer.record(n, elapsed, Math.max(0, bytes));
        } else {
          sizer.record(n, elapsed);
        }
        observer.onAutoBatch(stepIndex, sizer);
      }
    }
  }

  /** A row node over {@code batch}: one call per row, the arguments refilled in one array. */
  private void processRows(Batch batch, Object[] resolved) {
    Object[] args = this.args;
    for (int a = 0; a < args.length; a++) {
      int source = step.sources[a];
      args[a] = source == Plan.Source.CONSTANT.ordinal() ? constants[step.indexes[a]]
          : source == Plan.Source.STATEFUL.ordinal() ? resolved[a] : null;
    }
    int[] rowArgs = this.rowArgs;
    int[] rowSlots = this.rowSlots;
    int out = step.out;
    Node node = step.node;
    int n = batch.size();
    try {
      for (int i = 0; i < n; i++) {
        for (int r = 0; r < rowArgs.length; r++) {
          args[rowArgs[r]] = batch.get(i, rowSlots[r]);
        }
        Object value;
        try {
          value = NODES.callRow(node, args);
        } catch (Exception | LinkageError e) {
          fail(batch.index(i), 1, e);
          value = null;
        }
        batch.set(i, out, value);
      }
    } finally {
      // Nothing of the batch stays reachable from the runner once it is done.
      java.util.Arrays.fill(args, null);
    }
  }

  /** A batch node over {@code batch}: one call, read-only column views as its arguments. */
  private void processBatch(Batch batch, Object[] resolved) {
    Object[] args = new Object[step.sources.length];
    int n = batch.size();
    for (int a = 0; a < args.length; a++) {
      int idx = step.indexes[a];
      args[a] = switch (SOURCES[step.sources[a]]) {
        case ROW -> batch.column(idx);
        case CONSTANT -> Collections.nCopies(n, constants[idx]);
        case STATEFUL -> resolved[a];
      };
    }
    List<?> result;
    try {
      Object r = NODES.call(step.node, args, n, observer, stepIndex);
      if (!(r instanceof List<?> list)) {
        throw new IllegalStateException("batch function of node '" + step.node.name() + "' returned "
            + (r == null ? "null" : "a " + r.getClass().getSimpleName()) + " instead of a List");
      }
      if (list.size() != n) {
        throw new IllegalStateException("batch function of node '" + step.node.name() + "' returned "
            + list.size() + " results for a batch of " + n + " rows");
      }
      result = list;
    } catch (Exception | LinkageError e) {
      if (step.node.onError() == Node.OnError.RECORD && n > 1) {
        // Isolate the failing items: run the batch again one row at a time.
        for (int i = 0; i < n; i++) {
          processBatch(batch.slice(i, i + 1), resolved);
        }
        return;
      }
      fail(batch.index(0), n, e);
      for (int i = 0; i < n; i++) {
        batch.set(i, step.out, null);
      }
      return;
    }
    int out = step.out;
    for (int i = 0; i < n; i++) {
      batch.set(i, out, result.get(i));
    }
  }

  private Object[] resolveStateful() {
    Object[] resolved = new Object[step.sources.length];
    for (int a = 0; a < resolved.length; a++) {
      if (SOURCES[step.sources[a]] == Plan.Source.STATEFUL) {
        int i = step.indexes[a];
        try {
          resolved[a] = states.get(i);
        } catch (StatefulBuildException e) {
          throw e;
        } catch (Exception | LinkageError e) {
          throw new StatefulBuildException(statefulNames.get(i), e);
        }
      }
    }
    return resolved;
  }

  private void fail(long item, int n, Throwable e) {
    if (e instanceof StatefulBuildException sbe) {
      throw sbe;
    }
    if (step.node.onError() == Node.OnError.RECORD) {
      if (cached != null) {
        cached.failed(item);
      }
      observer.onFailure(stepIndex, item, e);
      return;
    }
    String where = n == 1 ? "item " + item : "the batch of items " + item + ".." + (item + n - 1);
    throw new NodeExecutionException(step.node.name(), item,
        "node '" + step.node.name() + "' failed on " + where + ": " + e, e);
  }
}
