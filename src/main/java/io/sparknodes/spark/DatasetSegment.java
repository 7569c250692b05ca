package io.sparknodes.spark;

import io.sparknodes.pipeline.ValueType;
import io.sparknodes.pipeline.internal.JavaSerial;
import io.sparknodes.pipeline.internal.Plan;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One run of steps of a Dataset map ({@link Whole}: all of them, when every node runs in the same
 * partitions), or of one whose nodes run in different numbers of partitions (a node's
 * max_concurrency below the Dataset's partitions caps that node alone): steps {@code from} to
 * {@code to} over a partition, between two shuffles that set the next run's partitions. Its input
 * is the Dataset's rows (the first run) or the records the run before it left; its output is the
 * mapped rows (the last run) or records for the next run.
 *
 * <p>A record is {@code {source values, the plan's row, failure}}: the input row's values (its
 * columns pass through; its schema, the same for every row, is not shipped), the plan's slots that
 * the later steps read and the wanted outputs ({@link Plan#slotsReadFrom}), and the row's first
 * recorded failure. Records cross the shuffle in chunks
 * of up to {@value #CHUNK}, as bytes we write with Java serialization, so {@code spark.serializer}
 * sees only {@code byte[]}, as on the list path ({@link ListMap}). A row's index in the plan is its
 * partition's index in the high bits and its place in the partition in the low ones, unique over
 * the map, so that failures stay with their rows across shuffles.
 */
final class DatasetSegment implements FlatMapFunction<Iterator<Object>, Object> {
  /**
   * A Dataset map whose nodes all run in the same partitions: the whole plan as one run, straight
   * from the Dataset's rows to the mapped rows ({@code Dataset.mapPartitions}).
   */
  static final class Whole implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final DatasetSegment all;

    Whole(Plan plan, ReportAccumulator acc, int[] columnIndexes, DataType[] columnTypes, ValueType[] outputTypes,
        boolean failureColumn) {
      this.all = new DatasetSegment(plan, acc, columnIndexes, columnTypes, outputTypes, failureColumn, 0,
          plan.steps().size());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Iterator<Row> call(Iterator<Row> rows) {
      return (Iterator<Row>) (Iterator<?>) all.call((Iterator<Object>) (Iterator<?>) rows);
    }
  }

  private static final long serialVersionUID = 1L;
  /**
   * The most records in one shipped chunk. The shuffle deals chunks out round-robin, so a partition
   * of n rows reaches at most n / {@value} of the next run's partitions: small, so that a few
   * hundred rows still spread; not one, so that a chunk's stream header and class descriptors are
   * written once for many rows.
   */
  static final int CHUNK = 32;

  private final Plan plan;
  private final ReportAccumulator acc;
  private final int[] columnIndexes;
  private final DataType[] columnTypes;
  private final ValueType[] outputTypes;
  private final boolean failureColumn;
  private final int from;
  private final int to;
  private final boolean[] keep;

  DatasetSegment(Plan plan, ReportAccumulator acc, int[] columnIndexes, DataType[] columnTypes, ValueType[] outputTypes,
      boolean failureColumn, int from, int to) {
    this.plan = plan;
    this.acc = acc;
    this.columnIndexes = columnIndexes;
    this.columnTypes = columnTypes;
    this.outputTypes = outputTypes;
    this.failureColumn = failureColumn;
    this.from = from;
    this.to = to;
    this.keep = to < plan.steps().size() ? plan.slotsReadFrom(to) : null;
  }

  private boolean last() {
    return to == plan.steps().size();
  }

  @Override
  public Iterator<Object> call(Iterator<Object> input) {
    PartitionFunctions.recordTask(acc, plan.probes());
    Iterator<Object[]> records = from == 0 ? fromRows(input) : fromChunks(input);
    // The plan pulls rows in batches; their records are queued in the same order.
    ArrayDeque<Object[]> queued = new ArrayDeque<>();
    Iterator<Object[]> feed = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return records.hasNext();
      }

      @Override
      public Object[] next() {
        Object[] record = records.next();
        queued.addLast(record);
        return (Object[]) record[1];
      }
    };
    Map<Long, Row> failed = new HashMap<>();
    Plan.Observer observer = new PartitionFunctions.AccObserver(acc, 0) {
      @Override
      public void onFailure(int step, long item, Throwable error) {
        acc.onFailure(step);
        io.sparknodes.pipeline.MapResult.Failure f = io.sparknodes.pipeline.MapResult.Failure.of(item,
            plan.steps().get(step).node().name(), error);
        failed.putIfAbsent(item, RowFactory.create(f.node(), f.exception(), f.message()));
      }
    };
    TaskStates states = TaskStates.forTask(plan, acc);
    Iterator<Object[]> done = feed;
    for (int s = from; s < to; s++) {
      done = plan.applyStep(s, done, states, observer);
    }
    Iterator<Object[]> out = done;
    // Each row that comes out is the next queued record's, now with its failure, if any.
    Iterator<Object[]> finished = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return out.hasNext();
      }

      @Override
      public Object[] next() {
        Object[] row = out.next();
        Object[] record = queued.pollFirst();
        if (record[2] == null) {
          record[2] = failed.remove((Long) row[0]);
        } else {
          failed.remove((Long) row[0]);
        }
        return record;
      }
    };
    return last() ? mappedRows(finished) : chunks(finished);
  }

  /** The Dataset's rows as records; the plan's row holds the per-row inputs. */
  private Iterator<Object[]> fromRows(Iterator<Object> input) {
    long base = (long) TaskContext.getPartitionId() << 32;
    return new Iterator<>() {
      private long index;

      @Override
      public boolean hasNext() {
        return input.hasNext();
      }

      @Override
      public Object[] next() {
        Row r = (Row) input.next();
        Object[] values = new Object[columnIndexes.length];
        for (int c = 0; c < values.length; c++) {
          values[c] = toJava(r, columnIndexes[c], columnTypes[c]);
        }
        Object[] source = new Object[r.length()];
        for (int i = 0; i < source.length; i++) {
          source[i] = r.get(i);
        }
        return new Object[] {source, plan.newRow(base + index++, values), null};
      }
    };
  }

  /** The records of the chunks the run before left. */
  private static Iterator<Object[]> fromChunks(Iterator<Object> input) {
    return new Iterator<>() {
      private Object[][] chunk = new Object[0][];
      private int pos;

      @Override
      public boolean hasNext() {
        while (pos == chunk.length && input.hasNext()) {
          chunk = (Object[][]) ListData.read((byte[]) input.next());
          pos = 0;
        }
        return pos < chunk.length;
      }

      @Override
      public Object[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return chunk[pos++];
      }
    };
  }

  /** Records into chunks for the next run: each row without the slots no later step reads. */
  private Iterator<Object> chunks(Iterator<Object[]> records) {
    return new Iterator<>() {
      private long count;
      private boolean ended;

      @Override
      public boolean hasNext() {
        boolean more = records.hasNext();
        if (!more && !ended) {
          ended = true;
          acc.onStepRows(from, to, count);
        }
        return more;
      }

      @Override
      public Object next() {
        List<Object[]> chunk = new ArrayList<>(CHUNK);
        while (chunk.size() < CHUNK && records.hasNext()) {
          Object[] record = records.next();
          count++;
          Object[] row = (Object[]) record[1];
          for (int slot = 0; slot < row.length; slot++) {
            if (!keep[slot]) {
              row[slot] = null;
            }
          }
          chunk.add(record);
        }
        try {
          return JavaSerial.write(chunk.toArray(new Object[0][]));
        } catch (IOException e) {
          throw new IllegalStateException(unshippable(chunk) + ": " + e, e);
        }
      }
    };
  }

  /** Which value of a chunk could not be serialized, in words. */
  private String unshippable(List<Object[]> chunk) {
    for (Object[] record : chunk) {
      try {
        JavaSerial.write(record[0]);
      } catch (IOException e) {
        return "a row of the Dataset cannot be serialized, and it must travel to node '"
            + plan.steps().get(to).node().name() + "', which runs in a different number of partitions (its"
            + " max_concurrency)";
      }
      Object[] row = (Object[]) record[1];
      for (int slot = 0; slot < row.length; slot++) {
        if (row[slot] != null) {
          try {
            JavaSerial.write(row[slot]);
          } catch (IOException e) {
            return "'" + plan.slotName(slot) + "' (a " + row[slot].getClass().getName() + ") is read after node '"
                + plan.steps().get(to).node().name() + "' begins a run of nodes in a different number of partitions"
                + " (its max_concurrency), so it travels through a shuffle, but it cannot be serialized: make it"
                + " Serializable, or give the nodes from the one that makes it to the ones that read it the same"
                + " max_concurrency";
          }
        }
      }
    }
    return "the rows of a Dataset partition cannot be serialized";
  }

  /** The mapped rows: the source row's columns, then the wanted outputs (then the failure). */
  private Iterator<Object> mappedRows(Iterator<Object[]> records) {
    int k = plan.outputs().size();
    int extra = failureColumn ? 1 : 0;
    return new Iterator<>() {
      private long count;
      private boolean ended;

      @Override
      public boolean hasNext() {
        boolean more = records.hasNext();
        if (!more && !ended) {
          ended = true;
          acc.onTaskRows(count);
          acc.onStepRows(from, to, count);
        }
        return more;
      }

      @Override
      public Object next() {
        Object[] record = records.next();
        count++;
        Object[] source = (Object[]) record[0];
        Object[] row = (Object[]) record[1];
        int w = source.length;
        Object[] values = new Object[w + k + extra];
        System.arraycopy(source, 0, values, 0, w);
        for (int i = 0; i < k; i++) {
          values[w + i] = toSpark(plan.output(row, i), outputTypes[i]);
        }
        if (failureColumn) {
          values[w + k] = record[2];
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

  /** A column's value as a node takes it: Java lists and maps for array and map columns. */
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
