package io.sparknodes.pipeline.internal;

import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.NodeExecutionException;
import io.sparknodes.pipeline.StatefulBuildException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.RandomAccess;

/**
 * Runs one step of a {@link Plan} over an iterator of rows, lazily: it cuts the rows into the
 * step's batches (its batch_size, or its sizer's choice with {@code auto}), hands each batch to the
 * node's function, fills the step's output slot, and feeds the sizer and the observer. The rows
 * that come out are the rows that went in.
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

  PlanRunner(Plan plan, int stepIndex, Iterator<Object[]> in, Plan.StatefulSource states, Plan.Observer observer) {
    this.stepIndex = stepIndex;
    this.step = plan.steps.get(stepIndex);
    this.constants = plan.constants;
    this.statefulNames = plan.statefulNames;
    this.in = in;
    this.states = states;
    this.observer = observer;
    this.cached = CachedStep.of(plan, stepIndex, observer);
  }

  @Override
  public boolean hasNext() {
    if (pos < current.size()) {
      return true;
    }
    if (!in.hasNext()) {
      return false;
    }
    if (step.auto != null && sizer == null) {
      BatchSizer kept = states.batchSizer(stepIndex, step.auto);
      sizer = kept != null ? kept : new BatchSizer(step.auto);
    }
    int max = sizer != null ? sizer.next() : step.config.batchSize();
    List<Object[]> next = new ArrayList<>(Math.min(max, 4096));
    while (next.size() < max && in.hasNext()) {
      next.add(in.next());
    }
    if (cached != null) {
      cached.process(next, this::process);
    } else {
      process(next);
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

  /** Runs the step's function over {@code batch}, timing it for the sizer and the observer. */
  private void process(List<Object[]> batch) {
    observer.onBatch(stepIndex, batch.size());
    Object[] resolved = resolveStateful(step, states);
    long allocated = MemoryWatch.threadAllocatedBytes();
    long started = System.nanoTime();
    boolean done = false;
    if (step.probe) {
      MemoryWatch.probeEnter();
    }
    try {
      work(stepIndex, step, batch, resolved, observer);
      done = true;
    } finally {
      if (step.probe) {
        MemoryWatch.probeExit();
      }
      long elapsed = System.nanoTime() - started;
      long bytes = MemoryWatch.threadAllocatedBytes() - allocated;
      observer.onBatchDone(stepIndex, batch.size(), bytes);
      if (done && sizer != null) {
        if (MemoryWatch.countsAllocations()) {
          sizer.record(batch.size(), elapsed, Math.max(0, bytes));
        } else {
          sizer.record(batch.size(), elapsed);
        }
        observer.onAutoBatch(stepIndex, sizer);
      }
    }
  }

  private void work(int stepIndex, Plan.Step step, List<Object[]> batch, Object[] resolved, Plan.Observer observer) {
    if (step.node.isBatch()) {
      processBatch(stepIndex, step, batch, resolved, observer);
    } else {
      for (Object[] row : batch) {
        Object[] args = new Object[step.sources.length];
        for (int a = 0; a < args.length; a++) {
          args[a] = switch (SOURCES[step.sources[a]]) {
            case ROW -> row[step.indexes[a]];
            case CONSTANT -> constants[step.indexes[a]];
            case STATEFUL -> resolved[a];
          };
        }
        try {
          row[step.out] = NODES.callRow(step.node, args);
        } catch (Exception | LinkageError e) {
          fail(stepIndex, step, (Long) row[0], 1, e, observer);
          row[step.out] = null;
        }
      }
    }
  }

  private void processBatch(int stepIndex, Plan.Step step, List<Object[]> batch, Object[] resolved, Plan.Observer observer) {
    Object[] args = new Object[step.sources.length];
    int n = batch.size();
    for (int a = 0; a < args.length; a++) {
      int idx = step.indexes[a];
      args[a] = switch (SOURCES[step.sources[a]]) {
        case ROW -> new Column(batch, idx);
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
        for (Object[] row : batch) {
          processBatch(stepIndex, step, List.<Object[]>of(row), resolved, observer);
        }
        return;
      }
      fail(stepIndex, step, (Long) batch.get(0)[0], n, e, observer);
      for (Object[] row : batch) {
        row[step.out] = null;
      }
      return;
    }
    for (int i = 0; i < n; i++) {
      batch.get(i)[step.out] = result.get(i);
    }
  }

  private Object[] resolveStateful(Plan.Step step, Plan.StatefulSource states) {
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

  private void fail(int stepIndex, Plan.Step step, long item, int n, Throwable e, Plan.Observer observer) {
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

  /** A read-only view of one slot of a batch's rows. */
  private static final class Column extends AbstractList<Object> implements RandomAccess {
    private final List<Object[]> rows;
    private final int slot;

    Column(List<Object[]> rows, int slot) {
      this.rows = rows;
      this.slot = slot;
    }

    @Override
    public Object get(int index) {
      return rows.get(index)[slot];
    }

    @Override
    public int size() {
      return rows.size();
    }
  }
}
