package io.sparknodes.pipeline.internal.cache;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Not API: the fingerprint of a value, SHA-256 over a canonical, typed encoding that is the same in
 * every JVM: {@code 1} and {@code "1"} differ, as do {@code Integer 1} and {@code Long 1}; a list's
 * order counts, a map's and a set's do not; records count by class name and components, enums by
 * class and name. Anything else (an object known only by its identity, a queue, a cycle) cannot be
 * fingerprinted, and then {@link #of} is empty: never a guess.
 */
public final class Fingerprints {
  private static final int MAX_DEPTH = 256;
  // JDK value types whose toString is canonical and agrees with equals.
  private static final Set<String> BY_TEXT = Set.of("java.util.UUID", "java.net.URI", "java.time.LocalDate",
      "java.time.LocalTime", "java.time.LocalDateTime", "java.time.Instant", "java.time.Duration", "java.time.Period",
      "java.time.OffsetDateTime", "java.time.ZonedDateTime", "java.time.ZoneOffset", "java.time.Year",
      "java.time.YearMonth");

  private Fingerprints() {}

  /** The fingerprint of {@code value} in hex, or empty if it cannot be fingerprinted. */
  public static Optional<String> of(Object value) {
    Sink s = new Sink();
    return s.value(value, 0) ? Optional.of(HexFormat.of().formatHex(s.digest.digest())) : Optional.empty();
  }

  /** The class of the first part of {@code value} that cannot be fingerprinted; empty if all can. */
  public static Optional<Class<?>> offender(Object value) {
    Sink s = new Sink();
    return s.value(value, 0) ? Optional.empty() : Optional.ofNullable(s.offender);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the canonical encoding into a digest; each method returns false at what it cannot encode. */
  static final class Sink {
    final MessageDigest digest = sha256();
    Class<?> offender;

    void tag(char t) {
      digest.update((byte) t);
    }

    void i32(int v) {
      digest.update(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    void i64(long v) {
      i32((int) (v >>> 32));
      i32((int) v);
    }

    void bytes(byte[] b) {
      i32(b.length);
      digest.update(b);
    }

    void text(String s) {
      bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private boolean refuse(Object v) {
      if (offender == null) {
        offender = v.getClass();
      }
      return false;
    }

    boolean value(Object v, int depth) {
      if (depth > MAX_DEPTH) {
        return refuse(v);
      }
      if (v == null) {
        tag('N');
        return true;
      }
      if (v instanceof String s) {
        tag('S');
        text(s);
        return true;
      }
      if (v instanceof Number n && scalarNumber(n)) {
        return true;
      }
      if (v instanceof Boolean b) {
        tag('Z');
        tag(b ? '1' : '0');
        return true;
      }
      if (v instanceof Character c) {
        tag('C');
        i32(c);
        return true;
      }
      if (v instanceof Enum<?> e) {
        tag('E');
        text(e.getDeclaringClass().getName());
        text(e.name());
        return true;
      }
      if (v instanceof Optional<?> o) {
        tag('O');
        return o.isEmpty() ? tagged('0') : tagged('1') && value(o.get(), depth + 1);
      }
      if (v instanceof List<?> list) {
        tag('L');
        i32(list.size());
        for (Object e : list) {
          if (!value(e, depth + 1)) {
            return false;
          }
        }
        return true;
      }
      if (v instanceof Set<?> set) {
        tag('T');
        return unordered(set, depth);
      }
      if (v instanceof Map<?, ?> map) {
        tag('M');
        List<Object> entries = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
          entries.add(List.of(new Object[] {e.getKey()}, new Object[] {e.getValue()}));
        }
        return unordered(entries, depth);
      }
      if (v instanceof Record r) {
        return record(r, depth);
      }
      if (v.getClass().isArray()) {
        return array(v, depth);
      }
      if (BY_TEXT.contains(v.getClass().getName())) {
        tag('X');
        text(v.getClass().getName());
        text(v.toString());
        return true;
      }
      return refuse(v);
    }

    private boolean tagged(char t) {
      tag(t);
      return true;
    }

    private boolean scalarNumber(Number n) {
      if (n instanceof Integer i) {
        tag('I');
        i32(i);
      } else if (n instanceof Long l) {
        tag('J');
        i64(l);
      } else if (n instanceof Short s) {
        tag('H');
        i32(s);
      } else if (n instanceof Byte b) {
        tag('B');
        i32(b);
      } else if (n instanceof Double d) {
        // The bits: equals tells 0.0 from -0.0 and makes NaN equal to itself, and so does this.
        tag('D');
        i64(Double.doubleToLongBits(d));
      } else if (n instanceof Float f) {
        tag('F');
        i32(Float.floatToIntBits(f));
      } else if (n instanceof BigInteger b) {
        tag('b');
        bytes(b.toByteArray());
      } else if (n instanceof BigDecimal b) {
        tag('d');
        bytes(b.unscaledValue().toByteArray());
        i32(b.scale());
      } else {
        return false;
      }
      return true;
    }

    /** The elements' own fingerprints, sorted: the order of a set or a map never counts. */
    private boolean unordered(Collection<?> elements, int depth) {
      List<byte[]> parts = new ArrayList<>(elements.size());
      for (Object e : elements) {
        Sink sub = new Sink();
        if (!sub.value(e, depth + 1)) {
          offender = offender == null ? sub.offender : offender;
          return false;
        }
        parts.add(sub.digest.digest());
      }
      parts.sort(Arrays::compare);
      i32(parts.size());
      parts.forEach(digest::update);
      return true;
    }

    private boolean record(Record r, int depth) {
      tag('R');
      text(r.getClass().getName());
      RecordComponent[] components = r.getClass().getRecordComponents();
      i32(components.length);
      for (RecordComponent c : components) {
        Object value;
        try {
          var accessor = c.getAccessor();
          accessor.setAccessible(true);
          value = accessor.invoke(r);
        } catch (ReflectiveOperationException | RuntimeException e) {
          return refuse(r);
        }
        text(c.getName());
        if (!value(value, depth + 1)) {
          return false;
        }
      }
      return true;
    }

    private boolean array(Object v, int depth) {
      if (v instanceof byte[] b) {
        tag('y');
        bytes(b);
        return true;
      }
      tag('A');
      text(v.getClass().getComponentType().getName());
      int n = java.lang.reflect.Array.getLength(v);
      i32(n);
      for (int k = 0; k < n; k++) {
        if (!value(java.lang.reflect.Array.get(v, k), depth + 1)) {
          return false;
        }
      }
      return true;
    }
  }
}
