package io.sparknodes.pipeline.internal;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The rows one step's function runs over at once ({@link PlanRunner#process}): their item indexes
 * (primitive), the value each holds in a slot, and the step's output slot to fill. Backed by rows
 * ({@link Rows}, one {@code Object[]} each, as a row iterator brings them) or by columns ({@link
 * Columns}, one array per slot, sized once per partition: no object per row). A batch's argument
 * columns are read-only views, never copies.
 */
abstract class Batch {
  /** The rows in the batch. */
  abstract int size();

  /** The item index of row {@code i}. */
  abstract long index(int i);

  /** The value row {@code i} holds in {@code slot}. */
  abstract Object get(int i, int slot);

  /** Sets the value row {@code i} holds in {@code slot}. */
  abstract void set(int i, int slot, Object value);

  /** Rows {@code from} (inclusive) to {@code to} of this batch, as a batch over the same storage. */
  abstract Batch slice(int from, int to);

  /** The rows at {@code at} (positions in this batch), as a batch over the same storage. */
  Batch pick(int[] at) {
    return new Picked(this, at);
  }

  /** A read-only view of {@code slot} over the batch's rows. */
  List<Object> column(int slot) {
    return new Column(this, slot);
  }

  /** A batch of rows, each an {@code Object[]} whose slot 0 holds its item's index (a {@code Long}). */
  static final class Rows extends Batch {
    final List<Object[]> rows;

    Rows(List<Object[]> rows) {
      this.rows = rows;
    }

    @Override
    int size() {
      return rows.size();
    }

    @Override
    long index(int i) {
      return (Long) rows.get(i)[0];
    }

    @Override
    Object get(int i, int slot) {
      return rows.get(i)[slot];
    }

    @Override
    void set(int i, int slot, Object value) {
      rows.get(i)[slot] = value;
    }

    @Override
    Batch slice(int from, int to) {
      return new Rows(rows.subList(from, to));
    }
  }

  /**
   * A batch of consecutive items {@code first, first + 1, ...}, whose slot {@code s} holds row
   * {@code i}'s value at {@code arrays[s][bases[s] + i * strides[s]]}: an input column in place, a
   * map's output array (one of its {@code k} interleaved outputs: stride {@code k}), or a step's
   * array of its own. A slot no step reads or writes has a null array.
   */
  static final class Columns extends Batch {
    final Object[][] arrays;
    final int[] bases;
    final int[] strides;
    final long first;
    final int size;

    Columns(Object[][] arrays, int[] bases, int[] strides, long first, int size) {
      this.arrays = arrays;
      this.bases = bases;
      this.strides = strides;
      this.first = first;
      this.size = size;
    }

    @Override
    int size() {
      return size;
    }

    @Override
    long index(int i) {
      return first + i;
    }

    @Override
    Object get(int i, int slot) {
      return arrays[slot][bases[slot] + i * strides[slot]];
    }

    @Override
    void set(int i, int slot, Object value) {
      arrays[slot][bases[slot] + i * strides[slot]] = value;
    }

    @Override
    Batch slice(int from, int to) {
      int[] b = new int[bases.length];
      for (int s = 0; s < b.length; s++) {
        b[s] = bases[s] + from * strides[s];
      }
      return new Columns(arrays, b, strides, first + from, to - from);
    }

    @Override
    List<Object> column(int slot) {
      return strides[slot] == 1 ? new ArrayView(arrays[slot], bases[slot], size) : super.column(slot);
    }
  }

  /** Some rows of another batch, by position. */
  private static final class Picked extends Batch {
    private final Batch of;
    private final int[] at;

    Picked(Batch of, int[] at) {
      this.of = of;
      this.at = at;
    }

    @Override
    int size() {
      return at.length;
    }

    @Override
    long index(int i) {
      return of.index(at[i]);
    }

    @Override
    Object get(int i, int slot) {
      return of.get(at[i], slot);
    }

    @Override
    void set(int i, int slot, Object value) {
      of.set(at[i], slot, value);
    }

    @Override
    Batch slice(int from, int to) {
      return new Picked(of, java.util.Arrays.copyOfRange(at, from, to));
    }
  }

  /** A read-only view of one slot of a batch's rows. */
  private static final class Column extends AbstractList<Object> implements RandomAccess {
    private final Batch batch;
    private final int slot;

    Column(Batch batch, int slot) {
      this.batch = batch;
      this.slot = slot;
    }

    @Override
    public Object get(int index) {
      java.util.Objects.checkIndex(index, batch.size());
      return batch.get(index, slot);
    }

    @Override
    public int size() {
      return batch.size();
    }
  }

  /** A read-only view of a run of an array. */
  private static final class ArrayView extends AbstractList<Object> implements RandomAccess {
    private final Object[] array;
    private final int base;
    private final int size;

    ArrayView(Object[] array, int base, int size) {
      this.array = array;
      this.base = base;
      this.size = size;
    }

    @Override
    public Object get(int index) {
      java.util.Objects.checkIndex(index, size);
      return array[base + index];
    }

    @Override
    public int size() {
      return size;
    }
  }
}
