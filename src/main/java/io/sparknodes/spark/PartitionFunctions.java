package io.sparknodes.spark;

import io.sparknodes.pipeline.internal.Plan;
import io.sparknodes.pipeline.ValueType;
import scala.jdk.javaapi.CollectionConverters;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;

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
    io.sparknodes.pipeline.MemoryWatch.Mark started = probe && tc != null
        ? io.sparknodes.pipeline.MemoryWatch.markOnce(List.of(acc.id(), tc.stageId(), tc.stageAttemptNumber()))
        : io.sparknodes.pipeline.MemoryWatch.mark();
    if (tc != null) {
      tc.addTaskCompletionListener(ctx -> {
        acc.onRetained(host + ":" + pid, io.sparknodes.pipeline.MemoryWatch.retainedSince(started, probe));
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
    public void onNestedFailure(int step, String node) {
      acc.onNestedFailure(node);
    }

    // The sizers this task fed, by step: their summaries go into the accumulator once, as the task
    // completes, not after every batch.
    private io.sparknodes.pipeline.BatchSizer[] sizers;

    @Override
    public void onAutoBatch(int step, io.sparknodes.pipeline.BatchSizer sizer) {
      org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
      if (tc == null) {
        acc.onAutoBatch(step + offset, SparkEnv.get().executorId(), sizer.summary());
        return;
      }
      if (sizers == null) {
        sizers = new io.sparknodes.pipeline.BatchSizer[acc.steps()];
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

  /** Runs every node over a partition of a Dataset's rows; the outputs become new columns. */
  static final class Rows implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Plan plan;
    private final ReportAccumulator acc;
    private final int[] columnIndexes;
    private final DataType[] columnTypes;
    private final ValueType[] outputTypes;
    private final boolean failureColumn;

    Rows(Plan plan, ReportAccumulator acc, int[] columnIndexes, DataType[] columnTypes, ValueType[] outputTypes,
        boolean failureColumn) {
      this.plan = plan;
      this.acc = acc;
      this.columnIndexes = columnIndexes;
      this.columnTypes = columnTypes;
      this.outputTypes = outputTypes;
      this.failureColumn = failureColumn;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
      recordTask(acc, plan.probes());
      Iterator<Object[]> rows = new Iterator<>() {
        private long index;

        @Override
        public boolean hasNext() {
          return input.hasNext();
        }

        @Override
        public Object[] next() {
          Row r = input.next();
          Object[] values = new Object[columnIndexes.length];
          for (int c = 0; c < values.length; c++) {
            values[c] = toJava(r, columnIndexes[c], columnTypes[c]);
          }
          Object[] row = plan.newRow(index++, values);
          // Keep the source row beside the plan's slots: its columns pass through unchanged.
          return new Object[] {r, row};
        }
      };
      // The plan pulls rows in batches; the source rows are queued in the same order.
      java.util.ArrayDeque<Row> sources = new java.util.ArrayDeque<>();
      Iterator<Object[]> feed = new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Object[] next() {
          Object[] pair = rows.next();
          sources.addLast((Row) pair[0]);
          return (Object[]) pair[1];
        }
      };
      java.util.Map<Long, Row> failed = new java.util.HashMap<>();
      // Over a Dataset a failed row's first failure goes into its failure column (no items are
      // collected on the driver); the report keeps the counts.
      Plan.Observer observer = new AccObserver(acc, 0) {
        @Override
        public void onFailure(int step, long item, Throwable error) {
          acc.onFailure(step);
          io.sparknodes.pipeline.MapResult.Failure f = io.sparknodes.pipeline.MapResult.Failure.of(item,
              plan.steps().get(step).node().name(), error);
          failed.putIfAbsent(item, RowFactory.create(f.node(), f.exception(), f.message()));
        }
      };
      Iterator<Object[]> out = plan.apply(feed, TaskStates.forTask(plan, acc), observer);
      int k = plan.outputs().size();
      int extra = failureColumn ? 1 : 0;
      return new Iterator<>() {
        private long count;
        private boolean ended;

        @Override
        public boolean hasNext() {
          boolean more = out.hasNext();
          if (!more && !ended) {
            ended = true;
            acc.onTaskRows(count);
          }
          return more;
        }

        @Override
        public Row next() {
          Object[] row = out.next();
          count++;
          Row source = sources.pollFirst();
          int w = source.length();
          Object[] values = new Object[w + k + extra];
          for (int i = 0; i < w; i++) {
            values[i] = source.get(i);
          }
          for (int i = 0; i < k; i++) {
            values[w + i] = toSpark(plan.output(row, i), outputTypes[i]);
          }
          if (failureColumn) {
            values[w + k] = failed.remove((Long) row[0]);
          }
          return RowFactory.create(values);
        }
      };
    }

    /** Spark's row encoder takes Scala collections for array and map columns. */
    static Object toSpark(Object v, ValueType type) {
      if (v == null) {
        return null;
      }
      if (type instanceof ValueType.ListOf l) {
        java.util.List<Object> out = new java.util.ArrayList<>();
        for (Object e : (Iterable<?>) v) {
          out.add(toSpark(e, l.element()));
        }
        return CollectionConverters.asScala(out).toSeq();
      }
      if (type instanceof ValueType.MapOf m) {
        java.util.Map<Object, Object> out = new java.util.LinkedHashMap<>();
        ((Map<?, ?>) v).forEach((k, e) -> out.put(toSpark(k, m.key()), toSpark(e, m.value())));
        return CollectionConverters.asScala(out);
      }
      return v;
    }

    static Object toJava(Row r, int i, DataType type) {
      if (r.isNullAt(i)) {
        return null;
      }
      if (type instanceof ArrayType) {
        return r.getList(i);
      }
      if (type instanceof MapType) {
        Map<Object, Object> m = r.getJavaMap(i);
        return m;
      }
      return r.get(i);
    }
  }
}
