package io.sparknodes.spark;

import io.sparknodes.pipeline.Plan;
import io.sparknodes.pipeline.ValueType;
import scala.jdk.javaapi.CollectionConverters;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
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

  static void recordTask(ReportAccumulator acc) {
    SparkEnv env = SparkEnv.get();
    acc.onTask(env.executorId(), env.blockManager().blockManagerId().host(), ProcessHandle.current().pid());
  }

  static Plan.Observer observer(ReportAccumulator acc, int offset) {
    return new Plan.Observer() {
      @Override
      public void onBatch(int step, int size) {
        acc.onBatch(step + offset, size);
      }

      @Override
      public void onFailure(int step) {
        acc.onFailure(step + offset);
      }
    };
  }

  /** Runs one node (one step of the plan) over a partition of rows, batch by batch. */
  static final class Step implements FlatMapFunction<Iterator<Object[]>, Object[]> {
    private static final long serialVersionUID = 1L;
    private final Plan plan;
    private final int step;
    private final ReportAccumulator acc;

    Step(Plan plan, int step, ReportAccumulator acc) {
      this.plan = plan;
      this.step = step;
      this.acc = acc;
    }

    @Override
    public Iterator<Object[]> call(Iterator<Object[]> rows) {
      if (step == 0) {
        recordTask(acc);
      }
      return plan.applyStep(step, rows, TaskStates.forTask(plan, acc), observer(acc, 0));
    }
  }

  /**
   * The items of one partition of a list: a run of consecutive items from {@code start}, with the
   * values of each per-row input. Only these values travel to the executor; the plan's rows (index,
   * inputs, output slots) are built there.
   */
  static final class Slice implements Serializable {
    private static final long serialVersionUID = 1L;
    private transient long start;
    private transient int size;
    private transient Object[][] columns;

    Slice(long start, int size, Object[][] columns) {
      this.start = start;
      this.size = size;
      this.columns = columns;
    }

    // Written column by column: one array class fewer for every task to read.
    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
      out.defaultWriteObject();
      out.writeLong(start);
      out.writeInt(size);
      out.writeInt(columns.length);
      for (Object[] column : columns) {
        out.writeObject(column);
      }
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
      in.defaultReadObject();
      start = in.readLong();
      size = in.readInt();
      columns = new Object[in.readInt()][];
      for (int c = 0; c < columns.length; c++) {
        columns[c] = (Object[]) in.readObject();
      }
    }

    /**
     * Cuts the {@code n} items of {@code plan}'s row inputs, read from {@code inputs}, into slices of
     * {@code batch} items (the last may be smaller); one empty slice when there is no item.
     */
    static List<Slice> cut(Plan plan, Map<String, ?> inputs, int n, int batch) {
      List<String> names = plan.rowInputs();
      Object[][] all = new Object[names.size()][];
      for (int c = 0; c < all.length; c++) {
        all[c] = ((List<?>) inputs.get(names.get(c))).toArray();
      }
      List<Slice> slices = new ArrayList<>();
      for (int from = 0; from < n; from += batch) {
        int to = Math.min(n, from + batch);
        Object[][] columns = new Object[all.length][];
        for (int c = 0; c < all.length; c++) {
          columns[c] = Arrays.copyOfRange(all[c], from, to);
        }
        slices.add(new Slice(from, to - from, columns));
      }
      if (slices.isEmpty()) {
        slices.add(new Slice(0, 0, new Object[all.length][0]));
      }
      return slices;
    }

    /** The plan's rows of this slice, built as they are read. */
    Iterator<Object[]> rows(Plan plan) {
      return new Iterator<>() {
        private int i;

        @Override
        public boolean hasNext() {
          return i < size;
        }

        @Override
        public Object[] next() {
          if (i >= size) {
            throw new NoSuchElementException();
          }
          Object[] row = plan.rowOf(start + i, columns, i);
          i++;
          return row;
        }
      };
    }
  }

  /**
   * Runs the whole plan over a partition of slices in one function: rows, every step, outputs. The
   * engine uses it when no step coalesces partitions, so that a task deserializes one function.
   */
  static final class Whole implements FlatMapFunction<Iterator<Slice>, Object[]> {
    private static final long serialVersionUID = 1L;
    private final Plan plan;
    private final ReportAccumulator acc;

    Whole(Plan plan, ReportAccumulator acc) {
      this.plan = plan;
      this.acc = acc;
    }

    @Override
    public Iterator<Object[]> call(Iterator<Slice> slices) {
      recordTask(acc);
      List<Slice> mine = new ArrayList<>(1);
      int size = 0;
      while (slices.hasNext()) {
        Slice s = slices.next();
        mine.add(s);
        size += s.size;
      }
      Iterator<Object[]> rows = mine.size() == 1 ? mine.get(0).rows(plan)
          : mine.stream().flatMap(s -> java.util.stream.StreamSupport.stream(
              java.util.Spliterators.spliteratorUnknownSize(s.rows(plan), 0), false)).iterator();
      Iterator<Object[]> done = plan.apply(rows, TaskStates.forTask(plan, acc), observer(acc, 0));
      return List.<Object[]>of(Outputs.flatten(plan, done, size)).iterator();
    }
  }

  /** Turns a slice (one element per partition) into its rows. */
  static final class Unslice implements FlatMapFunction<Slice, Object[]> {
    private static final long serialVersionUID = 1L;
    private final Plan plan;

    Unslice(Plan plan) {
      this.plan = plan;
    }

    @Override
    public Iterator<Object[]> call(Slice slice) {
      return slice.rows(plan);
    }
  }

  /**
   * Keeps only the wanted outputs of a partition's rows, flattened into one array (the outputs of
   * each row in turn), so that only they travel back to the driver, in one piece per partition.
   */
  static final class Outputs implements FlatMapFunction<Iterator<Object[]>, Object[]> {
    private static final long serialVersionUID = 1L;
    private final Plan plan;

    Outputs(Plan plan) {
      this.plan = plan;
    }

    @Override
    public Iterator<Object[]> call(Iterator<Object[]> rows) {
      return List.<Object[]>of(flatten(plan, rows, 1024)).iterator();
    }

    /** The wanted outputs of {@code rows}, laid end to end; {@code expected} rows sizes the array. */
    static Object[] flatten(Plan plan, Iterator<Object[]> rows, int expected) {
      int k = plan.outputs().size();
      Object[] out = new Object[Math.max(expected, 16) * k];
      int n = 0;
      while (rows.hasNext()) {
        Object[] row = rows.next();
        if (n + k > out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        for (int i = 0; i < k; i++) {
          out[n++] = plan.output(row, i);
        }
      }
      return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** The partitions' flattened outputs laid end to end, in order. */
    static Object[] concat(List<Object[]> partitions) {
      int n = 0;
      for (Object[] p : partitions) {
        n += p.length;
      }
      Object[] all = new Object[n];
      int at = 0;
      for (Object[] p : partitions) {
        System.arraycopy(p, 0, all, at, p.length);
        at += p.length;
      }
      return all;
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

    Rows(Plan plan, ReportAccumulator acc, int[] columnIndexes, DataType[] columnTypes, ValueType[] outputTypes) {
      this.plan = plan;
      this.acc = acc;
      this.columnIndexes = columnIndexes;
      this.columnTypes = columnTypes;
      this.outputTypes = outputTypes;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
      recordTask(acc);
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
      Iterator<Object[]> out = plan.apply(feed, TaskStates.forTask(plan, acc), observer(acc, 0));
      int k = plan.outputs().size();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return out.hasNext();
        }

        @Override
        public Row next() {
          Object[] row = out.next();
          Row source = sources.pollFirst();
          int w = source.length();
          Object[] values = new Object[w + k];
          for (int i = 0; i < w; i++) {
            values[i] = source.get(i);
          }
          for (int i = 0; i < k; i++) {
            values[w + i] = toSpark(plan.output(row, i), outputTypes[i]);
          }
          return RowFactory.create(values);
        }
      };
    }

    /** Spark's row encoder takes Scala collections for array and map columns. */
    private static Object toSpark(Object v, ValueType type) {
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

    private static Object toJava(Row r, int i, DataType type) {
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
