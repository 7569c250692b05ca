package io.sparknodes.pipeline;

/** A stateful input's factory threw: names the input. Raised once, never retried per row. */
public final class StatefulBuildException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String input;

  public StatefulBuildException(String input, Throwable cause) {
    super("stateful input '" + input + "' could not be built: " + cause, cause);
    this.input = input;
  }

  /** The stateful input whose factory threw. */
  public String input() {
    return input;
  }
}
