package io.sparknodes.spark;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A partition's items, or its outputs, as one block of bytes written once, column by column
 * ({@link ListData}, process mode): a column of strings as their lengths then their UTF-8 bytes, a
 * column of {@code Integer}, {@code Long} or {@code Double} (none null) as the primitive values,
 * any other column Java-serialized as one array. The block starts with the first item's index and
 * the item count: a partition's items are consecutive.
 *
 * <p>Column {@code c} of a block is read from, or written to, {@code arrays[c][bases[c] + i *
 * stride]} for item {@code first + i}: a map's input columns in place (stride 1), or its output
 * array, whose {@code k} outputs are interleaved (stride {@code k}), so that neither side copies a
 * value twice.
 */
final class Blocks {
  private Blocks() {}

  private static final byte MAGIC0 = 'S';
  private static final byte MAGIC1 = 'N';
  private static final byte STRING = 1;
  private static final byte INT = 2;
  private static final byte LONG = 3;
  private static final byte DOUBLE = 4;
  private static final byte JAVA = 5;
  private static final int HEADER = 2 + 8 + 4 + 4;

  /** True for bytes {@link #write} wrote (Java serialization starts otherwise: 0xACED). */
  static boolean isBlock(byte[] bytes) {
    return bytes.length >= HEADER && bytes[0] == MAGIC0 && bytes[1] == MAGIC1;
  }

  /** The block of items {@code first .. first + n - 1}, whose column {@code c} is at {@code arrays[c][bases[c] + i * stride]}. */
  static byte[] write(long first, int n, Object[][] arrays, int[] bases, int stride) {
    int cols = arrays.length;
    byte[] tags = new byte[cols];
    Object[] encoded = new Object[cols];
    long size = HEADER;
    for (int c = 0; c < cols; c++) {
      tags[c] = typeOf(arrays[c], bases[c], stride, n);
      size += 1;
      switch (tags[c]) {
        case STRING -> {
          byte[][] utf8 = new byte[n][];
          long bytes = 0;
          for (int i = 0; i < n; i++) {
            String s = (String) arrays[c][bases[c] + i * stride];
            if (s != null) {
              utf8[i] = s.getBytes(StandardCharsets.UTF_8);
              bytes += utf8[i].length;
            }
          }
          encoded[c] = utf8;
          size += 4L * n + bytes;
        }
        case INT -> size += 4L * n;
        case LONG, DOUBLE -> size += 8L * n;
        default -> {
          Object[] values = new Object[n];
          for (int i = 0; i < n; i++) {
            values[i] = arrays[c][bases[c] + i * stride];
          }
          byte[] java = ListData.write(values);
          encoded[c] = java;
          size += 4L + java.length;
        }
      }
    }
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("a partition's block would take " + size + " bytes: more than an array holds;"
          + " use more partitions");
    }
    ByteBuffer out = ByteBuffer.allocate((int) size);
    out.put(MAGIC0).put(MAGIC1).putLong(first).putInt(n).putInt(cols);
    for (int c = 0; c < cols; c++) {
      out.put(tags[c]);
      Object[] a = arrays[c];
      int b = bases[c];
      switch (tags[c]) {
        case STRING -> {
          byte[][] utf8 = (byte[][]) encoded[c];
          for (byte[] s : utf8) {
            out.putInt(s == null ? -1 : s.length);
          }
          for (byte[] s : utf8) {
            if (s != null) {
              out.put(s);
            }
          }
        }
        case INT -> {
          for (int i = 0; i < n; i++) {
            out.putInt((Integer) a[b + i * stride]);
          }
        }
        case LONG -> {
          for (int i = 0; i < n; i++) {
            out.putLong((Long) a[b + i * stride]);
          }
        }
        case DOUBLE -> {
          for (int i = 0; i < n; i++) {
            out.putDouble((Double) a[b + i * stride]);
          }
        }
        default -> {
          byte[] java = (byte[]) encoded[c];
          out.putInt(java.length).put(java);
        }
      }
    }
    return out.array();
  }

  private static byte typeOf(Object[] a, int base, int stride, int n) {
    Class<?> type = null;
    boolean nulls = false;
    for (int i = 0; i < n; i++) {
      Object v = a[base + i * stride];
      if (v == null) {
        nulls = true;
        continue;
      }
      if (type == null) {
        type = v.getClass();
      } else if (v.getClass() != type) {
        return JAVA;
      }
    }
    if (type == String.class || (type == null && n > 0)) {
      return STRING;
    }
    if (nulls) {
      return JAVA;
    }
    return type == Integer.class ? INT : type == Long.class ? LONG : type == Double.class ? DOUBLE : JAVA;
  }

  /** The index of the first item of a block. */
  static long first(byte[] block) {
    return ByteBuffer.wrap(block).getLong(2);
  }

  /** The number of items of a block. */
  static int size(byte[] block) {
    return ByteBuffer.wrap(block).getInt(10);
  }

  /** The block's columns, each a new array of its items. */
  static Object[][] columns(byte[] block) {
    ByteBuffer in = ByteBuffer.wrap(block);
    int n = in.getInt(10);
    int cols = in.getInt(14);
    Object[][] arrays = new Object[cols][];
    int[] bases = new int[cols];
    for (int c = 0; c < cols; c++) {
      arrays[c] = new Object[n];
    }
    read(block, arrays, bases, 1);
    return arrays;
  }

  /** Reads a block's columns into {@code arrays[c][bases[c] + i * stride]}; returns its item count. */
  static int read(byte[] block, Object[][] arrays, int[] bases, int stride) {
    ByteBuffer in = ByteBuffer.wrap(block);
    in.position(10);
    int n = in.getInt();
    int cols = in.getInt();
    if (cols != arrays.length) {
      throw new IllegalStateException("a block of " + cols + " columns where " + arrays.length + " were expected");
    }
    for (int c = 0; c < cols; c++) {
      Object[] a = arrays[c];
      int b = bases[c];
      switch (in.get()) {
        case STRING -> {
          int lengths = in.position();
          int at = lengths + 4 * n;
          for (int i = 0; i < n; i++) {
            int len = in.getInt(lengths + 4 * i);
            if (len >= 0) {
              a[b + i * stride] = new String(block, at, len, StandardCharsets.UTF_8);
              at += len;
            } else {
              a[b + i * stride] = null;
            }
          }
          in.position(at);
        }
        case INT -> {
          for (int i = 0; i < n; i++) {
            a[b + i * stride] = in.getInt();
          }
        }
        case LONG -> {
          for (int i = 0; i < n; i++) {
            a[b + i * stride] = in.getLong();
          }
        }
        case DOUBLE -> {
          for (int i = 0; i < n; i++) {
            a[b + i * stride] = in.getDouble();
          }
        }
        default -> {
          int len = in.getInt();
          byte[] java = new byte[len];
          in.get(java);
          Object[] values = (Object[]) ListData.read(java);
          for (int i = 0; i < n; i++) {
            a[b + i * stride] = values[i];
          }
        }
      }
    }
    return n;
  }
}
