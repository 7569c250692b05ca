package io.sparknodes.spark;

import io.sparknodes.pipeline.internal.JavaSerial;
import io.sparknodes.pipeline.internal.Plan;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * The functions a list map ships to its tasks ({@link ListMap}), each a static class that carries
 * only the plan, the accumulator and the map's id: a partition's element into its rows ({@link
 * Rows}), the whole plan over a partition ({@link Whole}), the end of a job before a change of
 * partitions ({@link Stage}), and the outputs of the last job ({@link Outputs}), written in place in
 * this JVM ({@link SharedMap}) or shipped back as bytes ({@link ListData}).
 */
final class ListJobs {
  private ListJobs() {}

  /**
   * The element of the task's partition: its bytes from {@code sent} when its partition was sent as
   * a broadcast ({@link Shipments#send}), else {@code element} as the task carried it.
   */
  static Object element(Object element, Broadcast<?>[] sent) {
    Broadcast<?> b = sent.length == 0 ? null : sent[TaskContext.getPartitionId()];
    return b == null ? element : b.value();
  }

  /** The rows of items {@code from} (inclusive) to {@code to}, built from {@code columns} at {@code offset}. */
  static Iterator<Object[]> rows(Plan plan, Object[][] columns, int from, int to, int offset) {
    return new Iterator<>() {
      private int i = from;

      @Override
      public boolean hasNext() {
        return i < to;
      }

      @Override
      public Object[] next() {
        if (i >= to) {
          throw new NoSuchElementException();
        }
        Object[] row = plan.rowOf(i, columns, i - offset);
        i++;
        return row;
      }
    };
  }

  /** The rows of a partition, from this JVM's registry or from its shipped bytes. */
  static Iterator<Object[]> rowsOf(Plan plan, Object element, long sharedId) {
    if (element instanceof Integer p) {
      SharedMap s = SharedMap.of(sharedId);
      return rows(plan, s.columns, s.layout.start(p), s.layout.end(p), 0);
    }
    Object[] slice = ListData.readSlice((byte[]) element);
    int from = (Integer) slice[0];
    int size = (Integer) slice[1];
    return rows(plan, (Object[][]) slice[2], from, from + size, from);
  }

  /** The boundary of a job that reads the map's input, not rows a {@link Stage} job left. */
  static final int INPUT = -1;

  /**
   * The first function of each job of a map whose nodes run in different numbers of partitions: a
   * partition's one element into its rows. After {@code boundary}'s {@link Stage} job: in this JVM
   * the element is a partition index of {@code layout} over the staged array; shipped, the rows
   * themselves. For the first job ({@link #INPUT}): the input's element ({@link #rowsOf}).
   */
  static final class Rows implements FlatMapFunction<Iterator<Object>, Object[]> {
    private static final long serialVersionUID = 1L;
    private final Plan plan;
    private final long sharedId;
    private final int boundary;
    private final ListLayout layout;

    private final Broadcast<?>[] sent;

    Rows(Plan plan, long sharedId, int boundary, ListLayout layout, Broadcast<?>[] sent) {
      this.plan = plan;
      this.sharedId = sharedId;
      this.boundary = boundary;
      this.layout = layout;
      this.sent = sent;
    }

    @Override
    public Iterator<Object[]> call(Iterator<Object> elements) {
      if (!elements.hasNext()) {
        return java.util.Collections.emptyIterator();
      }
      Object element = element(elements.next(), sent);
      if (boundary == INPUT) {
        return rowsOf(plan, element, sharedId);
      }
      if (element instanceof Integer p) {
        Object[] staged = SharedMap.of(sharedId).staged(boundary);
        return Arrays.stream(staged, layout.start(p), layout.end(p)).map(r -> (Object[]) r).iterator();
      }
      return Arrays.asList((Object[][]) ListData.read((byte[]) element)).iterator();
    }
  }

  /**
   * Runs the whole plan over one partition of a list: its rows, every step, its outputs. In this
   * JVM the outputs are written in place and the row count returned; shipped, they return as bytes
   * of {@code {long[] indexes, Object[] outputs}}.
   */
  static final class Whole extends PartitionJob<Object> {
    private static final long serialVersionUID = 1L;
    private final Plan plan;
    private final ReportAccumulator acc;
    private final long sharedId;
    private final Broadcast<?>[] sent;

    Whole(Plan plan, ReportAccumulator acc, long sharedId, Broadcast<?>[] sent) {
      this.plan = plan;
      this.acc = acc;
      this.sharedId = sharedId;
      this.sent = sent;
    }

    @Override
    Object run(Iterator<Object> elements) {
      PartitionFunctions.recordTask(acc, plan.probes());
      if (!elements.hasNext()) {
        return 0L;
      }
      Object element = element(elements.next(), sent);
      int k = plan.outputs().size();
      Plan.StatefulSource states = TaskStates.forTask(plan, acc);
      Plan.Observer observer = PartitionFunctions.observer(acc, 0);
      if (element instanceof Integer p) {
        // In place: the inputs read from the map's columns, the outputs written into its array.
        SharedMap s = SharedMap.of(sharedId);
        int from = s.layout.start(p);
        int n = s.layout.end(p) - from;
        plan.applyColumns(s.columns, from, from, n, s.out, Math.multiplyExact(from, k), states, observer);
        acc.onTaskRows(n);
        return (long) n;
      }
      // Shipped: the items read from one block, the outputs written into one array and sent as one block.
      byte[] block = (byte[]) element;
      long from = Blocks.first(block);
      Object[][] columns = Blocks.columns(block);
      int n = Blocks.size(block);
      Object[] out = new Object[Math.multiplyExact(n, k)];
      plan.applyColumns(columns, 0, from, n, out, 0, states, observer);
      acc.onTaskRows(n);
      return ListData.outputs(from, n, out, k);
    }
  }

  /**
   * The end of one job of a map whose nodes run in different numbers of partitions: a partition's
   * rows, kept for the next job. In this JVM they go into the map's staged array at their items'
   * places and the row count comes back; shipped, the rows come back serialized, each holding only
   * the slots the later nodes read (its index, their inputs, the wanted outputs), so that a value
   * only the earlier nodes use never has to leave its executor.
   */
  static final class Stage extends PartitionJob<Object[]> {
    private static final long serialVersionUID = 1L;
    private final Plan plan;
    private final long sharedId;
    private final int boundary;
    private final boolean inJvm;
    private final boolean[] keep;
    // The first step of the job after this one.
    private final int boundaryStep;

    Stage(Plan plan, long sharedId, int boundary, boolean inJvm, int boundaryStep) {
      this.plan = plan;
      this.boundaryStep = boundaryStep;
      this.keep = plan.slotsReadFrom(boundaryStep);
      this.sharedId = sharedId;
      this.boundary = boundary;
      this.inJvm = inJvm;
    }

    @Override
    Object run(Iterator<Object[]> rows) {
      if (inJvm) {
        Object[] into = SharedMap.of(sharedId).staged(boundary);
        long n = 0;
        while (rows.hasNext()) {
          Object[] row = prune(rows.next());
          into[(int) (long) (Long) row[0]] = row;
          n++;
        }
        return n;
      }
      java.util.List<Object[]> kept = new java.util.ArrayList<>();
      while (rows.hasNext()) {
        kept.add(prune(rows.next()));
      }
      try {
        return JavaSerial.write(kept.toArray(new Object[0][]));
      } catch (IOException e) {
        throw new IllegalStateException(unshippable(kept) + ": " + e, e);
      }
    }

    /** The row without the values no later node reads and no output wants (they are not held on). */
    private Object[] prune(Object[] row) {
      for (int slot = 0; slot < row.length; slot++) {
        if (!keep[slot]) {
          row[slot] = null;
        }
      }
      return row;
    }

    /** Which kept value could not be serialized, in words. */
    private String unshippable(List<Object[]> rows) {
      for (Object[] row : rows) {
        for (int slot = 0; slot < row.length; slot++) {
          Object v = row[slot];
          if (v != null && keep[slot]) {
            try {
              JavaSerial.write(v);
            } catch (IOException e) {
              String what = "'" + plan.slotName(slot) + "' (a " + v.getClass().getName() + ")";
              return plan.isOutputSlot(slot) && !plan.slotsReadBySteps(boundaryStep)[slot]
                  ? what + " is a wanted output, which a map with executor JVMs returns as bytes, but it cannot be"
                      + " serialized: make it Serializable"
                  : what + " is read by a node that runs in a different number of partitions (its max_concurrency),"
                      + " so it travels through the driver, but it cannot be serialized: make it Serializable, or give"
                      + " the nodes from the one that makes it to the ones that read it the same max_concurrency";
            }
          }
        }
      }
      return "the rows of a partition cannot be serialized";
    }
  }

  /** The last stage of a capped map: a partition's outputs, in place or shipped. */
  static final class Outputs extends PartitionJob<Object[]> {
    private static final long serialVersionUID = 1L;
    private final Plan plan;
    private final ReportAccumulator acc;
    private final long sharedId;
    private final boolean inJvm;

    Outputs(Plan plan, ReportAccumulator acc, long sharedId, boolean inJvm) {
      this.plan = plan;
      this.acc = acc;
      this.sharedId = sharedId;
      this.inJvm = inJvm;
    }

    @Override
    Object run(Iterator<Object[]> rows) {
      return inJvm ? (Object) writeShared(plan, rows, SharedMap.of(sharedId), acc) : ship(plan, rows, acc);
    }

    /** Writes each row's wanted outputs at its item's place in the map's output array; the row count. */
    static Long writeShared(Plan plan, Iterator<Object[]> rows, SharedMap shared, ReportAccumulator acc) {
      int k = plan.outputs().size();
      Object[] out = shared.out;
      long n = 0;
      while (rows.hasNext()) {
        Object[] row = rows.next();
        int at = (int) (long) (Long) row[0] * k;
        for (int j = 0; j < k; j++) {
          out[at + j] = plan.output(row, j);
        }
        n++;
      }
      acc.onTaskRows(n);
      return n;
    }

    /** The rows' indexes and wanted outputs, serialized: {@code {long[] indexes, Object[] outputs}}. */
    static byte[] ship(Plan plan, Iterator<Object[]> rows, ReportAccumulator acc) {
      int k = plan.outputs().size();
      long[] indexes = new long[64];
      Object[] out = new Object[64 * k];
      int n = 0;
      while (rows.hasNext()) {
        Object[] row = rows.next();
        if (n == indexes.length) {
          indexes = Arrays.copyOf(indexes, n * 2);
          out = Arrays.copyOf(out, n * 2 * k);
        }
        indexes[n] = (Long) row[0];
        for (int j = 0; j < k; j++) {
          out[n * k + j] = plan.output(row, j);
        }
        n++;
      }
      acc.onTaskRows(n);
      return ListData.write(new Object[] {Arrays.copyOf(indexes, n), Arrays.copyOf(out, n * k)});
    }
  }
}
