package io.sparknodes.pipeline;

import java.util.List;

/**
 * The invokers of a {@link Node}'s function, one per arity: classes, not lambdas, since a task
 * deserializes its nodes and a lambda costs a reflective lookup each time it is deserialized.
 */
final class Invokers {
  private Invokers() {}

  /** Calls a function of one input. */
  static final class Call1 implements Node.Invoker {
    private static final long serialVersionUID = 1L;
    private final Node.Fn1<Object, ?> fn;

    Call1(Node.Fn1<Object, ?> fn) {
      this.fn = fn;
    }

    @Override
    public Object call(Object[] a) throws Exception {
      return fn.apply(a[0]);
    }

    @Override
    public Object function() {
      return fn;
    }
  }

  /** Calls a function of two inputs. */
  static final class Call2 implements Node.Invoker {
    private static final long serialVersionUID = 1L;
    private final Node.Fn2<Object, Object, ?> fn;

    Call2(Node.Fn2<Object, Object, ?> fn) {
      this.fn = fn;
    }

    @Override
    public Object call(Object[] a) throws Exception {
      return fn.apply(a[0], a[1]);
    }

    @Override
    public Object function() {
      return fn;
    }
  }

  /** Calls a function of three inputs. */
  static final class Call3 implements Node.Invoker {
    private static final long serialVersionUID = 1L;
    private final Node.Fn3<Object, Object, Object, ?> fn;

    Call3(Node.Fn3<Object, Object, Object, ?> fn) {
      this.fn = fn;
    }

    @Override
    public Object call(Object[] a) throws Exception {
      return fn.apply(a[0], a[1], a[2]);
    }

    @Override
    public Object function() {
      return fn;
    }
  }

  /** Calls a function of four inputs. */
  static final class Call4 implements Node.Invoker {
    private static final long serialVersionUID = 1L;
    private final Node.Fn4<Object, Object, Object, Object, ?> fn;

    Call4(Node.Fn4<Object, Object, Object, Object, ?> fn) {
      this.fn = fn;
    }

    @Override
    public Object call(Object[] a) throws Exception {
      return fn.apply(a[0], a[1], a[2], a[3]);
    }

    @Override
    public Object function() {
      return fn;
    }
  }

  /** Calls a function of any number of inputs, read from {@link Args}. */
  static final class CallN implements Node.Invoker {
    private static final long serialVersionUID = 1L;
    private final Node.FnN<?> fn;
    private final List<String> names;

    CallN(Node.FnN<?> fn, List<String> names) {
      this.fn = fn;
      this.names = names;
    }

    @Override
    public Object call(Object[] a) throws Exception {
      return fn.apply(new Args(names, a));
    }

    @Override
    public Object function() {
      return fn;
    }
  }
}
