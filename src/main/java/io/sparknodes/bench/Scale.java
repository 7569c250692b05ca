package io.sparknodes.bench;

import java.util.Locale;

/** How big the benchmarks run: {@code tiny} for a smoke test, {@code full} for the real figures. */
public enum Scale {
  /** A few hundred items: checks that everything runs, measures nothing worth reading. */
  TINY,
  /** The sizes the README's table reports; under 10 minutes in all on 2 cores. */
  FULL;

  /**
   * The scale called {@code name}, case-insensitively.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static Scale parse(String name) {
    for (Scale s : values()) {
      if (s.name().equalsIgnoreCase(name.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException("scale must be tiny or full but was '" + name + "'");
  }

  /** The name as the command line spells it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
