package io.sparknodes.results;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a sweep spent its JVMs: {@link #SHARED} (one JVM per use_process value and pass runs all that
 * value's groups one after another, each in its own SparkContext) or {@link #ISOLATED} (one fresh
 * JVM and application per group replicate). Grid key {@code design}; results written before it
 * existed were isolated.
 */
public enum Design {
  /** Several groups share a warm JVM: the JVM is the whole plot of the split-plot model. */
  SHARED,
  /** One fresh JVM per group replicate: the group's application is the whole plot. */
  ISOLATED;

  /** The name grid files and results use: {@code shared} or {@code isolated}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The design of a grid file's or option's value.
   *
   * @throws IllegalArgumentException naming the key and the value
   */
  public static Design parse(String value) {
    for (Design d : values()) {
      if (d.key().equals(value)) {
        return d;
      }
    }
    throw new IllegalArgumentException("design must be one of " + Arrays.stream(values()).map(Design::key).toList()
        + " but was '" + value + "'");
  }
}
