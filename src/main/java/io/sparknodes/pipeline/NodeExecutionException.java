package io.sparknodes.pipeline;

/** A node's function threw: names the node and the item (or the batch of items). */
public final class NodeExecutionException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String node;
  private final long item;

  /** For the engines, which raise it; not API. */
  public NodeExecutionException(String node, long item, String message, Throwable cause) {
    super(message, cause);
    this.node = node;
    this.item = item;
  }

  /** The node whose function threw. */
  public String node() {
    return node;
  }

  /** The index of the item (the first item of the batch for a batch function). */
  public long item() {
    return item;
  }
}
