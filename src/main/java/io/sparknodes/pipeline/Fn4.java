package io.sparknodes.pipeline;

import java.io.Serializable;

/** A node function of 4 inputs; serializable so that an engine can ship it to executors. */
@FunctionalInterface
public interface Fn4<A, B, C, D, R> extends Serializable {
  R apply(A a, B b, C c, D d) throws Exception;
}
