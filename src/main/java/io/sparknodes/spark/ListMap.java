package io.sparknodes.spark;

import io.sparknodes.pipeline.internal.JavaSerial;
import io.sparknodes.pipeline.internal.Plan;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import scala.jdk.javaapi.CollectionConverters;

/**
 * How a list input reaches the tasks and how their outputs come back, in one of two ways.
 *
 * <ul>
 *   <li><b>In this JVM</b> ({@code local[N]}: the executor is the driver's JVM): the input columns
 *       and the output array stay on the heap, in a registry keyed by map; a task reads its run of
 *       items and writes its outputs in place, and only a partition index and a row count cross
 *       Spark. Nothing is serialized per item.
 *   <li><b>Shipped</b> (executor JVMs: {@code local-cluster}, a real cluster): a partition's values
 *       travel as one {@code byte[]} we write with Java serialization, and its outputs come back the
 *       same way. Spark's {@code spark.serializer} (Java or Kryo, with or without required
 *       registration) only ever sees {@code Integer}, {@code Long} and {@code byte[]}, so no session
 *       setting can drop a field of ours. (Kryo does not call {@code writeObject} and skips
 *       transient fields: a slice with transient data arrived empty.) A partition's bytes larger than
 *       the layout's bound travel as a broadcast instead ({@link Shipments}), not inside its task.
 * </ul>
 *
 * Either way the driver checks that every item came back before it returns.
 */
final class ListMap {
  private ListMap() {}

  private static final AtomicLong IDS = new AtomicLong();
  private static final Map<Long, Shared> SHARED = new ConcurrentHashMap<>();

  /** The columns and outputs of one map running in this JVM. */
  static final class Shared implements AutoCloseable {
    final long id;
    final Object[][] columns;
    final Object[] out;
    final ListLayout layout;

    private Shared(Object[][] columns, int width, ListLayout layout) {
      this.id = IDS.incrementAndGet();
      this.columns = columns;
      this.out = new Object[Math.multiplyExact(layout.items(), width)];
      this.layout = layout;
    }

    // The rows of a map whose nodes run in different numbers of partitions, by item, where they
    // wait between its jobs: one array per boundary, made by the driver before the job that fills it.
    private final Map<Integer, Object[]> staged = new ConcurrentHashMap<>();

    /** The array, by item, that the job before boundary {@code boundary} fills with its rows. */
    Object[] staged(int boundary) {
      return staged.computeIfAbsent(boundary, b -> new Object[layout.items()]);
    }

    /** Drops what boundary {@code boundary} held, once the job after it has run. */
    void unstage(int boundary) {
      staged.remove(boundary);
    }

    @Override
    public void close() {
      SHARED.remove(id);
    }
  }

  /** Registers a map's columns for tasks in this JVM; close it when the map ends. */
  static Shared share(Object[][] columns, int width, ListLayout layout) {
    Shared s = new Shared(columns, width, layout);
    SHARED.put(s.id, s);
    return s;
  }

  static Shared shared(long id) {
    Shared s = SHARED.get(id);
    if (s == null) {
      throw new IllegalStateException("the inputs of map #" + id + " are not in this JVM: a task of a local-mode map"
          + " ran in another JVM, or after its map ended");
    }
    return s;
  }

  /** The values of each per-row input of {@code plan}, read once from {@code inputs}. */
  static Object[][] columns(Plan plan, Map<String, ?> inputs) {
    List<String> names = plan.rowInputs();
    Object[][] all = new Object[names.size()][];
    for (int c = 0; c < all.length; c++) {
      all[c] = ((List<?>) inputs.get(names.get(c))).toArray();
    }
    return all;
  }

  /**
   * Bytes per item of {@code columns} when serialized, from a sample of up to 256 items spread
   * over the list (0 when there is none).
   *
   * @throws IllegalArgumentException naming the input, if a sampled value cannot be serialized
   */
  static double bytesPerItem(Plan plan, Object[][] columns, int n) {
    if (n == 0 || columns.length == 0) {
      return 0;
    }
    int k = Math.min(n, 256);
    long total = 0;
    for (int c = 0; c < columns.length; c++) {
      Object[] sample = new Object[k];
      for (int i = 0; i < k; i++) {
        sample[i] = columns[c][(int) ((long) i * n / k)];
      }
      try {
        total += serializedSize(sample) - serializedSize(new Object[0]);
      } catch (IOException e) {
        throw new IllegalArgumentException("mapped input '" + plan.rowInputs().get(c) + "' holds a value that cannot be"
            + " shipped to executor JVMs: " + e, e);
      }
    }
    return (double) total / k;
  }

  private static long serializedSize(Object value) throws IOException {
    long[] count = {0};
    OutputStream counter = new OutputStream() {
      @Override
      public void write(int b) {
        count[0]++;
      }

      @Override
      public void write(byte[] b, int off, int len) {
        count[0] += len;
      }
    };
    try (ObjectOutputStream out = new ObjectOutputStream(counter)) {
      out.writeObject(value);
    }
    return count[0];
  }

  /** The values of partition {@code p}: its start, then one array per column, serialized. */
  static byte[] slice(Object[][] columns, ListLayout layout, int p) {
    int from = layout.start(p);
    int to = layout.end(p);
    Object[][] part = new Object[columns.length][];
    for (int c = 0; c < columns.length; c++) {
      part[c] = Arrays.copyOfRange(columns[c], from, to);
    }
    return write(new Object[] {from, to - from, part});
  }

  static byte[] write(Object value) {
    try {
      return JavaSerial.write(value);
    } catch (IOException e) {
      throw new IllegalStateException("a value cannot be serialized: " + e, e);
    }
  }

  /** Reads what {@link #write} wrote, resolving classes through the task's class loader. */
  static Object read(byte[] data) {
    try {
      return JavaSerial.read(data);
    } catch (IOException e) {
      throw new UncheckedIOException("a partition's data cannot be read", e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("a partition's data names a class this executor lacks: " + e.getMessage(), e);
    }
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
      Shared s = shared(sharedId);
      return rows(plan, s.columns, s.layout.start(p), s.layout.end(p), 0);
    }
    Object[] slice = (Object[]) read((byte[]) element);
    int from = (Integer) slice[0];
    int size = (Integer) slice[1];
    return rows(plan, (Object[][]) slice[2], from, from + size, from);
  }

  /**
   * A partition's work as the job's own result function: {@code SparkContext.runJob} runs it on each
   * partition and returns its one result per partition. Run directly rather than through {@code
   * mapPartitions} and {@code collect}: those hand Spark's closure cleaner Scala lambdas, which it
   * inspects by reading and parsing the class files of {@code JavaRDDLike}, {@code RDD} and {@code
   * SparkContext} with ASM on every job; this function is a plain class, which the cleaner only
   * checks for serializability. Measured on the seed workload (10,000 texts a map, 2 cores): JFR put
   * 32% of the JVM's CPU samples in that parsing under {@code local[1]}, twice the nodes' own work;
   * side by side in one JVM (30 pairs of 16-map blocks, alternating ABBA), the old path took 1.94x
   * the time of this one under {@code local[1]} (95% CI 1.75-2.16) and 1.54x under {@code local[8]}
   * (1.41-1.68).
   */
  abstract static class PartitionJob<T> extends scala.runtime.AbstractFunction2<TaskContext, scala.collection.Iterator<T>, Object>
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public final Object apply(TaskContext context, scala.collection.Iterator<T> partition) {
      return run(CollectionConverters.asJava(partition));
    }

    /** The partition's one result. */
    abstract Object run(Iterator<T> partition);
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
      Iterator<Object[]> rows = rowsOf(plan, element, sharedId);
      Iterator<Object[]> done = plan.apply(rows, TaskStates.forTask(plan, acc), PartitionFunctions.observer(acc, 0));
      return element instanceof Integer ? (Object) Outputs.writeShared(plan, done, shared(sharedId), acc)
          : Outputs.ship(plan, done, acc);
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
        Object[] into = shared(sharedId).staged(boundary);
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

  /**
   * The elements of the job after a {@link Stage} job, one a partition of {@code next}: its index in
   * this JVM (the rows wait in the staged array), else its rows serialized, cut from the rows the
   * {@code Stage} job returned. Throws when a row is missing, rather than losing it.
   */
  static List<Object> restage(List<Object> staged, ListLayout next, boolean inJvm) {
    int items = next.items();
    List<Object> elements = new java.util.ArrayList<>(next.partitions());
    Object[][] all = inJvm ? null : new Object[items][];
    long back = 0;
    for (Object r : staged) {
      if (inJvm) {
        back += (Long) r;
        continue;
      }
      for (Object[] row : (Object[][]) read((byte[]) r)) {
        all[(int) (long) (Long) row[0]] = row;
        back++;
      }
    }
    if (back != items) {
      throw new IllegalStateException("a job of the map returned " + back + " of " + items + " rows without an error");
    }
    for (int p = 0; p < next.partitions(); p++) {
      elements.add(inJvm ? (Object) p : write(Arrays.copyOfRange(all, next.start(p), next.end(p))));
    }
    return elements;
  }

  /**
   * The element of the task's partition: its bytes from {@code sent} when its partition was sent as
   * a broadcast ({@link Shipments#send}), else {@code element} as the task carried it.
   */
  static Object element(Object element, Broadcast<?>[] sent) {
    Broadcast<?> b = sent.length == 0 ? null : sent[TaskContext.getPartitionId()];
    return b == null ? element : b.value();
  }

  /**
   * A map's shipped elements, each carried inside its task when small and sent as a broadcast when
   * larger than {@code bound} bytes. A task's data counts against {@code spark.rpc.message.maxSize}
   * (128 MiB by default: Spark aborts the job past it, and warns past 1000 KiB), and a list cut into
   * few partitions (for a capped node, or a fixed {@code partitions}) can hold more than that in
   * one. A broadcast is stored in the driver's block manager and fetched in pieces by the executor
   * that reads it. It rides in the job's first function ({@link #element}), which Spark sends in the
   * job's task binary, itself a broadcast; the partition keeps only its index: the partition's
   * values go through {@code spark.serializer}, and Kryo with required registration refuses a
   * broadcast there. Each map destroys its broadcasts once the job that reads them has run ({@link
   * #release}) and when it ends ({@link #close}).
   */
  static final class Shipments implements AutoCloseable {
    private static final Broadcast<?>[] NONE = new Broadcast<?>[0];
    private final JavaSparkContext jsc;
    private final long bound;
    private final List<Broadcast<?>> live = new java.util.ArrayList<>();

    Shipments(JavaSparkContext jsc, long bound) {
      this.jsc = jsc;
      this.bound = bound;
    }

    /**
     * Sends each of {@code elements} (one a partition) larger than the bound as a broadcast,
     * leaving the partition's index in its place; returns the broadcasts by partition (null where
     * the task carries its element), empty when none was sent.
     */
    Broadcast<?>[] send(List<Object> elements) {
      Broadcast<?>[] sent = new Broadcast<?>[elements.size()];
      boolean any = false;
      for (int p = 0; p < elements.size(); p++) {
        if (elements.get(p) instanceof byte[] data && data.length > bound) {
          sent[p] = jsc.broadcast(data);
          live.add(sent[p]);
          elements.set(p, p);
          any = true;
        }
      }
      return any ? sent : NONE;
    }

    /** Destroys the broadcasts sent so far (their job has run), on the driver and the executors. */
    void release() {
      live.forEach(Broadcast::destroy);
      live.clear();
    }

    @Override
    public void close() {
      release();
    }
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
        Object[] staged = shared(sharedId).staged(boundary);
        return Arrays.stream(staged, layout.start(p), layout.end(p)).map(r -> (Object[]) r).iterator();
      }
      return Arrays.asList((Object[][]) read((byte[]) element)).iterator();
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
      return inJvm ? (Object) writeShared(plan, rows, shared(sharedId), acc) : ship(plan, rows, acc);
    }

    /** Writes each row's wanted outputs at its item's place in the map's output array; the row count. */
    static Long writeShared(Plan plan, Iterator<Object[]> rows, Shared shared, ReportAccumulator acc) {
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
      return write(new Object[] {Arrays.copyOf(indexes, n), Arrays.copyOf(out, n * k)});
    }
  }

  /**
   * Places the shipped outputs of every partition at their items' places in {@code out}; the rows
   * placed.
   */
  static long place(List<Object> results, Object[] out, int k) {
    long placed = 0;
    for (Object r : results) {
      Object[] pair = (Object[]) read((byte[]) r);
      long[] indexes = (long[]) pair[0];
      Object[] values = (Object[]) pair[1];
      for (int i = 0; i < indexes.length; i++) {
        System.arraycopy(values, i * k, out, (int) indexes[i] * k, k);
      }
      placed += indexes.length;
    }
    return placed;
  }
}
