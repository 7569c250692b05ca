package io.sparknodes.cli;

import io.sparknodes.tuning.Sweep;

/** The entry point of a sweep's child JVM (one group); see {@link Sweep#runGroupChild}. */
public final class GroupMain {
  private GroupMain() {}

  public static void main(String[] args) throws Exception {
    int code = Sweep.runGroupChild(args, System.out);
    // Spark may leave non-daemon threads behind: end the child JVM explicitly.
    System.exit(code);
  }
}
