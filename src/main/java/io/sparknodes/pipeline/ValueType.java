package io.sparknodes.pipeline;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The declared type of a node's output, which an engine needs where results become typed columns
 * (a Spark {@code Dataset}): a scalar, or a list or map of those.
 */
public sealed interface ValueType extends Serializable {
  ValueType STRING = new Scalar(String.class);
  ValueType INT = new Scalar(Integer.class);
  ValueType LONG = new Scalar(Long.class);
  ValueType DOUBLE = new Scalar(Double.class);
  ValueType FLOAT = new Scalar(Float.class);
  ValueType BOOLEAN = new Scalar(Boolean.class);
  ValueType SHORT = new Scalar(Short.class);
  ValueType BYTE = new Scalar(Byte.class);

  /** A list whose elements are of {@code element}. */
  static ValueType list(ValueType element) {
    return new ListOf(element);
  }

  /** A map from {@code key} to {@code value}. */
  static ValueType map(ValueType key, ValueType value) {
    return new MapOf(key, value);
  }

  /** The scalar type of a boxed or primitive class, e.g. {@code String.class} or {@code int.class}. */
  static ValueType of(Class<?> type) {
    Objects.requireNonNull(type, "type");
    Class<?> boxed = switch (type.getName()) {
      case "int" -> Integer.class;
      case "long" -> Long.class;
      case "double" -> Double.class;
      case "float" -> Float.class;
      case "boolean" -> Boolean.class;
      case "short" -> Short.class;
      case "byte" -> Byte.class;
      default -> type;
    };
    for (ValueType t : List.of(STRING, INT, LONG, DOUBLE, FLOAT, BOOLEAN, SHORT, BYTE)) {
      if (((Scalar) t).type() == boxed) {
        return t;
      }
    }
    if (List.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(
          "the element types of " + type.getSimpleName() + " are erased: declare ValueType.list(...) or ValueType.map(...)");
    }
    throw new IllegalArgumentException("unsupported output type " + type.getName()
        + "; supported: String, boxed primitives, and lists and maps of those");
  }

  /** A scalar: String or a boxed primitive. */
  record Scalar(Class<?> type) implements ValueType {
    @Override
    public String toString() {
      return type.getSimpleName();
    }
  }

  /** A list of {@code element}. */
  record ListOf(ValueType element) implements ValueType {
    public ListOf {
      Objects.requireNonNull(element, "element");
    }

    @Override
    public String toString() {
      return "List<" + element + ">";
    }
  }

  /** A map from {@code key} to {@code value}. */
  record MapOf(ValueType key, ValueType value) implements ValueType {
    public MapOf {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return "Map<" + key + ", " + value + ">";
    }
  }
}
