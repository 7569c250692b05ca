package io.sparknodes.bench;

import java.lang.management.ManagementFactory;

/**
 * Times one run: wall time and this JVM's CPU time (all its threads: tasks, scheduler, GC, JIT).
 * CPU time is the steadier figure on a machine that other work shares: waiting for a core does not
 * count in it. A run that must set up first (start a session) restarts the watch after its setup
 * and stops it before its teardown.
 */
final class Stopwatch {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private long wall0;
  private long cpu0;
  private Timing stopped;

  /**
   * One run's seconds.
   *
   * @param wall wall-clock seconds
   * @param cpu CPU seconds of this JVM
   */
  record Timing(double wall, double cpu) {}

  /** A started stopwatch. */
  Stopwatch() {
    restart();
  }

  /** Starts timing again from now: what came before does not count. */
  void restart() {
    stopped = null;
    wall0 = System.nanoTime();
    cpu0 = OS.getProcessCpuTime();
  }

  /** Stops timing, once: later calls return the same timing. */
  Timing stop() {
    if (stopped == null) {
      long cpu = OS.getProcessCpuTime();
      stopped = new Timing((System.nanoTime() - wall0) / 1e9, (cpu - cpu0) / 1e9);
    }
    return stopped;
  }
}
