package io.sparknodes.pipeline;

import java.io.Serializable;

/** A node function of 2 inputs; serializable so that an engine can ship it to executors. */
@FunctionalInterface
public interface Fn2<A, B, R> extends Serializable {
  R apply(A a, B b) throws Exception;
}
