package io.sparknodes.results;

import io.sparknodes.config.Knobs;
import java.math.BigDecimal;
import java.util.Comparator;

/** The values an axis may hold (Boolean, Integer, Long, Double, String): normalizing, naming, ordering. */
final class Values {
  private Values() {}

  /**
   * The canonical form of an axis value: integral numbers become Integer when they fit, else Long;
   * Float becomes Double. Two values are the same setting exactly when their canonical forms are
   * equal.
   */
  static Object normalize(String axis, Object value) {
    if (value instanceof Boolean || value instanceof String) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).intValue();
    }
    if (value instanceof Long l) {
      if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
        return l.intValue();
      }
      return l;
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("axis " + axis + " holds " + d + ", which is not a finite number");
      }
      return d;
    }
    throw new IllegalArgumentException("axis " + axis + " must hold booleans, integers, numbers or strings but holds "
        + (value == null ? "null" : "a " + value.getClass().getSimpleName() + " (" + value + ")"));
  }

  /** Checks that a known axis holds the type it needs. */
  static void checkAxisValue(String axis, Object value) {
    switch (axis) {
      case Knobs.USE_PROCESS -> {
        if (!(value instanceof Boolean)) {
          throw new IllegalArgumentException("axis use_process must hold booleans but holds " + quote(value));
        }
      }
      case Knobs.MAX_CONCURRENCY -> {
        if (!(value instanceof Integer i) || i <= 0) {
          throw new IllegalArgumentException("axis " + axis + " must hold positive integers but holds " + quote(value));
        }
      }
      case Knobs.BATCH_SIZE -> {
        if (!Knobs.AUTO.equals(value) && !(value instanceof Integer i && i > 0)) {
          throw new IllegalArgumentException("axis batch_size must hold positive integers or \"auto\" but holds "
              + quote(value));
        }
      }
      case Knobs.PARTITIONS -> {
        if (!Knobs.AUTO.equals(value) && !(value instanceof Integer i && i > 0)) {
          throw new IllegalArgumentException("axis partitions must hold positive integers or \"auto\" but holds "
              + quote(value));
        }
      }
      default -> {
        if (!Knobs.isSparkSetting(axis)) {
          throw new IllegalArgumentException("unknown axis '" + axis + "' (axes are " + Knobs.USE_PROCESS + ", "
              + Knobs.MAX_CONCURRENCY + ", " + Knobs.BATCH_SIZE + ", " + Knobs.PARTITIONS + ", or spark.* settings)");
        }
      }
    }
  }

  /** The text of a value in ids, CSV cells and snippets; independent of the default locale. */
  static String text(Object value) {
    if (value instanceof Double d) {
      return plain(d);
    }
    return String.valueOf(value);
  }

  /** A double in plain decimal notation, shortest form that reads back exactly; locale-independent. */
  static String plain(double d) {
    String s = BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    return s.indexOf('.') < 0 ? s + ".0" : s;
  }

  static String quote(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }

  /**
   * Orders numbers by value, then strings (such as {@code "auto"}, a level of its own), and false
   * before true; strings among themselves and other mixed types compare equal (keep declared order).
   */
  static final Comparator<Object> NATURAL = (a, b) -> {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof Number && b instanceof String) {
      return -1;
    }
    if (a instanceof String && b instanceof Number) {
      return 1;
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return Boolean.compare(x, y);
    }
    return 0;
  };
}
