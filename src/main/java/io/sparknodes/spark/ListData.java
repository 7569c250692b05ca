package io.sparknodes.spark;

import io.sparknodes.pipeline.internal.JavaSerial;
import io.sparknodes.pipeline.internal.Plan;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The data a list map's driver hands its tasks and takes back ({@link ListMap}): the input's
 * columns, their size when serialized, a partition's slice as bytes, the elements of the job after
 * a boundary ({@link #restage}) and the shipped outputs put in place ({@link #place}); and the
 * Java serialization of all those bytes ({@link #write}, {@link #read}), which {@code
 * spark.serializer} only ever sees as {@code byte[]}.
 */
final class ListData {
  private ListData() {}

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

  /**
   * The values of partition {@code p} as one block, column by column ({@link Blocks}): its start,
   * its size, then each column.
   */
  static byte[] slice(Object[][] columns, ListLayout layout, int p) {
    int from = layout.start(p);
    int[] bases = new int[columns.length];
    java.util.Arrays.fill(bases, from);
    return Blocks.write(from, layout.end(p) - from, columns, bases, 1);
  }

  /** What {@link #slice} wrote: {@code {Integer start, Integer size, Object[][] columns}}. */
  static Object[] readSlice(byte[] slice) {
    return new Object[] {(int) Blocks.first(slice), Blocks.size(slice), Blocks.columns(slice)};
  }

  /** The {@code k} outputs of items {@code first .. first + n - 1}, interleaved in {@code out} from 0, as one block. */
  static byte[] outputs(long first, int n, Object[] out, int k) {
    Object[][] arrays = new Object[k][];
    int[] bases = new int[k];
    for (int j = 0; j < k; j++) {
      arrays[j] = out;
      bases[j] = j;
    }
    return Blocks.write(first, n, arrays, bases, k);
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

  /**
   * The elements of the job after a {@link ListJobs.Stage} job, one a partition of {@code next}:
   * its index in this JVM (the rows wait in the staged array), else its rows serialized, cut from
   * the rows the {@code Stage} job returned. Throws when a row is missing, rather than losing it.
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
   * Places the shipped outputs of every partition at their items' places in {@code out}; the rows
   * placed.
   */
  static long place(List<Object> results, Object[] out, int k) {
    long placed = 0;
    for (Object r : results) {
      byte[] bytes = (byte[]) r;
      if (Blocks.isBlock(bytes)) {
        // Straight into place: output j of item i at out[i * k + j].
        Object[][] arrays = new Object[k][];
        int[] bases = new int[k];
        long first = Blocks.first(bytes);
        for (int j = 0; j < k; j++) {
          arrays[j] = out;
          bases[j] = Math.toIntExact(first * k + j);
        }
        placed += Blocks.read(bytes, arrays, bases, k);
        continue;
      }
      Object[] pair = (Object[]) read(bytes);
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
