package io.sparknodes.pipeline;

import java.io.Serializable;

/** A node function of 3 inputs; serializable so that an engine can ship it to executors. */
@FunctionalInterface
public interface Fn3<A, B, C, R> extends Serializable {
  R apply(A a, B b, C c) throws Exception;
}
