package io.sparknodes.pipeline;

import java.io.Serializable;

/** A node function of 1 input; serializable so that an engine can ship it to executors. */
@FunctionalInterface
public interface Fn1<A, R> extends Serializable {
  R apply(A a) throws Exception;
}
