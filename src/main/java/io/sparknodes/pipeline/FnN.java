package io.sparknodes.pipeline;

import java.io.Serializable;

/** The general form of a node function: any number of inputs, read by name or position. */
@FunctionalInterface
public interface FnN<R> extends Serializable {
  R apply(Args args) throws Exception;
}
