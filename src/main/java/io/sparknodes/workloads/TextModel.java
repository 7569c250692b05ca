package io.sparknodes.workloads;

import java.util.Locale;

/**
 * The seed's stateful model: takes 50 ms to build (a model load), then normalizes text by strip
 * and lowercase. Thread-safe: it holds no mutable state after construction.
 */
public final class TextModel implements AutoCloseable {
  /** The seed's build time. */
  public static final long BUILD_MILLIS = 50;

  private final long builtAtNanos;

  /** Builds the model: sleeps {@value #BUILD_MILLIS} ms, as loading a model would take. */
  public TextModel() throws InterruptedException {
    Thread.sleep(BUILD_MILLIS);
    builtAtNanos = System.nanoTime();
  }

  /** {@code text.strip().toLowerCase()}. */
  public String normalize(String text) {
    return text.strip().toLowerCase(Locale.ROOT);
  }

  /** When this instance finished building (System.nanoTime). */
  public long builtAtNanos() {
    return builtAtNanos;
  }

  @Override
  public void close() {}
}
