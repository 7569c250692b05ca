package io.sparknodes.pipeline.internal;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.Node;

/**
 * What the plan calls on a node beyond its public API, handed over by {@link Node} when it is
 * loaded (the JDK's SharedSecrets pattern), so that no public method of {@code Node} names a type
 * of this internal package.
 */
public final class NodeAccess {
  private NodeAccess() {}

  /** The node's engine-side operations. */
  public interface Access {
    /** Calls the node's row function on one row's positional arguments. */
    Object callRow(Node node, Object[] args) throws Exception;

    /** Calls the node's function on a batch of {@code rows} rows; a nested pipeline reports its batches. */
    Object call(Node node, Object[] args, int rows, Plan.Observer observer, int step) throws Exception;

    /** The node for a plan whose arguments have these sources (ordinals of {@link Plan.Source}). */
    Node bind(Node node, int[] sources, ExecutionConfig engineDefaults);
  }

  private static volatile Access access;

  /** Called once, by {@code Node}'s class initializer. */
  public static void set(Access a) {
    if (!a.getClass().getName().startsWith(Node.class.getName() + "$")) {
      throw new IllegalArgumentException("only io.sparknodes.pipeline.Node hands over its access");
    }
    access = a;
  }

  static Access get() {
    Access a = access;
    if (a == null) {
      try {
        // Node's class initializer sets it.
        Class.forName(Node.class.getName(), true, Node.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      a = access;
    }
    return a;
  }
}
