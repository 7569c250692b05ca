package io.sparknodes.spark;

import io.sparknodes.pipeline.internal.Plan;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.FlatMapFunction;

/** The functions shipped to executors: static, capturing only the plan and the accumulator. */
final class PartitionFunctions {
  private PartitionFunctions() {}

  static void recordTask(ReportAccumulator acc, boolean probe) {
    SparkEnv env = SparkEnv.get();
    String host = env.blockManager().blockManagerId().host();
    long pid = ProcessHandle.current().pid();
    acc.onTask(env.executorId(), host, pid);
    // The heap after each collection during this task, recorded when it completes (before its
    // accumulator updates are sent); for a probe, during its stage's tasks in this JVM so far, so
    // that one forced collection serves all of them.
    org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
    io.sparknodes.pipeline.internal.MemoryWatch.Mark started = probe && tc != null
        ? io.sparknodes.pipeline.internal.MemoryWatch.markOnce(List.of(acc.id(), tc.stageId(), tc.stageAttemptNumber()))
        : io.sparknodes.pipeline.internal.MemoryWatch.mark();
    if (tc != null) {
      tc.addTaskCompletionListener(ctx -> {
        acc.onRetained(host + ":" + pid, io.sparknodes.pipeline.internal.MemoryWatch.retainedSince(started, probe));
      });
    }
  }

  /** Feeds {@code acc}: batches, failure counts and the failed items themselves. */
  static Plan.Observer observer(ReportAccumulator acc, int offset) {
    return new AccObserver(acc, offset);
  }

  /** The observer of a task: everything it sees goes into the map's accumulator. */
  static class AccObserver implements Plan.Observer {
    final ReportAccumulator acc;
    private final int offset;

    AccObserver(ReportAccumulator acc, int offset) {
      this.acc = acc;
      this.offset = offset;
    }

    @Override
    public void onBatch(int step, int size) {
      acc.onBatch(step + offset, size);
    }

    @Override
    public void onBatchDone(int step, int size, long allocatedBytes) {
      acc.onAllocated(step + offset, allocatedBytes);
      if (acc.listened()) {
        Progress.batchDone(acc.id(), acc.steps(), step + offset, size);
      }
    }

    @Override
    public void onFailure(int step, long item, Throwable error) {
      acc.onFailure(step + offset);
      acc.onFailed(step + offset, item, error);
    }

    @Override
    public void onNestedBatch(int step, String node, int size) {
      acc.onNestedBatch(node, size);
    }

    @Override
    public void onCacheHits(int step, int rows) {
      acc.onCache(step + offset, rows, 0);
    }

    @Override
    public void onCacheMisses(int step, int rows) {
      acc.onCache(step + offset, 0, rows);
    }

    @Override
    public void onNestedFailure(int step, String node) {
      acc.onNestedFailure(node);
    }

    // The sizers this task fed, by step: their summaries go into the accumulator once, as the task
    // completes, not after every batch.
    private io.sparknodes.pipeline.internal.BatchSizer[] sizers;

    @Override
    public void onAutoBatch(int step, io.sparknodes.pipeline.internal.BatchSizer sizer) {
      org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
      if (tc == null) {
        acc.onAutoBatch(step + offset, SparkEnv.get().executorId(), sizer.summary());
        return;
      }
      if (sizers == null) {
        sizers = new io.sparknodes.pipeline.internal.BatchSizer[acc.steps()];
        String executorId = SparkEnv.get().executorId();
        tc.addTaskCompletionListener(ctx -> {
          for (int s = 0; s < sizers.length; s++) {
            if (sizers[s] != null) {
              acc.onAutoBatch(s, executorId, sizers[s].summary());
            }
          }
        });
      }
      sizers[step + offset] = sizer;
    }
  }

  /** Runs one node (one step of the plan) over a partition of rows, batch by batch. */
  static final class Step implements FlatMapFunction<Iterator<Object[]>, Object[]> {
    private static final long serialVersionUID = 1L;
    private final Plan plan;
    private final int step;
    private final ReportAccumulator acc;
    // Whether it is the first step of its job (the one that records the task).
    private final boolean first;

    Step(Plan plan, int step, ReportAccumulator acc, boolean first) {
      this.plan = plan;
      this.step = step;
      this.acc = acc;
      this.first = first;
    }

    @Override
    public Iterator<Object[]> call(Iterator<Object[]> rows) {
      if (first) {
        recordTask(acc, plan.probes());
      }
      return plan.applyStep(step, rows, TaskStates.forTask(plan, acc), observer(acc, 0));
    }
  }
}
