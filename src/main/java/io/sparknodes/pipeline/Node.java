package io.sparknodes.pipeline;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.internal.Plan;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A function with named inputs and one named output. A <em>row</em> function is called once per
 * item (an engine batches the calls); a <em>batch</em> function is called once per batch and
 * receives each non-stateful input as a {@code List} of the batch's values and each stateful input
 * as its instance, and returns a {@code List} of one result per row.
 *
 * <pre>{@code
 * Node clean = Node.named("clean").inputs("text", "model")
 *     .row((String text, TextModel m) -> m.normalize(text));
 * Node tokens = Node.named("tokens").inputs("clean").batchSize(256).returns(ValueType.list(ValueType.STRING))
 *     .batch((List<String> texts) -> texts.stream().map(t -> List.of(t.split(" "))).toList());
 * }</pre>
 *
 * <p>The output is named after the node unless {@link Builder#output(String)} names it.
 */
public final class Node implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What happens when the function throws on an item. */
  public enum OnError {
    /** The map fails, with an error naming the node and the item (the default). */
    FAIL,
    /** The item's output is null, the failure is counted in the execution report, and the map goes on. */
    RECORD
  }

  // The shapes of a node's function, which its builder's row and batch methods take; each is
  // serializable so that an engine can ship it to executors. Users write lambdas, not these names.

  /** A node function of 1 input. */
  @FunctionalInterface
  public interface Fn1<A, R> extends Serializable {
    R apply(A a) throws Exception;
  }

  /** A node function of 2 inputs. */
  @FunctionalInterface
  public interface Fn2<A, B, R> extends Serializable {
    R apply(A a, B b) throws Exception;
  }

  /** A node function of 3 inputs. */
  @FunctionalInterface
  public interface Fn3<A, B, C, R> extends Serializable {
    R apply(A a, B b, C c) throws Exception;
  }

  /** A node function of 4 inputs. */
  @FunctionalInterface
  public interface Fn4<A, B, C, D, R> extends Serializable {
    R apply(A a, B b, C c, D d) throws Exception;
  }

  /** The general form of a node function: any number of inputs, read by name or position. */
  @FunctionalInterface
  public interface FnN<R> extends Serializable {
    R apply(Args args) throws Exception;
  }

  /** Calls the user's function with positional arguments. */
  @FunctionalInterface
  interface Invoker extends Serializable {
    Object call(Object[] args) throws Exception;

    /** The user's function this invoker calls, whose code the cache fingerprints. */
    default Object function() {
      return this;
    }
  }

  // The invokers are classes, not lambdas: a task deserializes its nodes, and a lambda costs a
  // reflective lookup each time it is deserialized.

  /**
   * An invoker that runs more than one function per call (a nested pipeline): it is told which
   * arguments are stateful instances and reports the batches it runs to the plan's observer.
   */
  interface Composite extends Invoker {
    /** This invoker for a plan whose arguments have these sources, over {@code engineDefaults}. */
    Composite bind(boolean[] statefulArgs, ExecutionConfig engineDefaults);

    /** Runs a batch of {@code rows} rows; step {@code step}'s nested batches go to {@code observer}. */
    Object call(Object[] args, int rows, Plan.Observer observer, int step) throws Exception;
  }

  private final String name;
  private final List<String> inputs;
  private final String output;
  private final boolean batch;
  private final Invoker fn;
  private final ExecutionConfig config;
  private final Map<String, Stateful.Scope> statefulHints;
  private final ValueType outputType;
  // A flag, not the enum: a task deserializes its nodes, and every class in them costs.
  private final boolean recordErrors;
  // The cache: an explicit code version (or null), whether the node is cached at all, and a dual
  // node's row function (null for any other node; fn is then its batch function).
  private final String version;
  private final boolean cached;
  private final Invoker rowFn;
  private transient volatile Optional<String> codeFingerprint;

  private Node(Builder b, boolean batch, Invoker fn, Invoker rowFn) {
    this.name = b.name;
    this.inputs = List.copyOf(b.inputs);
    this.output = b.output != null ? b.output : b.name;
    this.batch = batch;
    this.fn = fn;
    this.config = b.config;
    this.statefulHints = b.statefulHints.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(b.statefulHints));
    this.outputType = b.outputType;
    this.recordErrors = b.onError == OnError.RECORD;
    this.version = b.version;
    this.cached = b.cached;
    this.rowFn = rowFn;
  }

  private Node(Node n, ExecutionConfig config) {
    this(n, config, n.fn);
  }

  private Node(Node n, ExecutionConfig config, Invoker fn) {
    this(n, config, fn, n.batch, n.rowFn);
  }

  private Node(Node n, ExecutionConfig config, Invoker fn, boolean batch, Invoker rowFn) {
    this.name = n.name;
    this.inputs = n.inputs;
    this.output = n.output;
    this.batch = batch;
    this.fn = fn;
    this.config = config;
    this.statefulHints = n.statefulHints;
    this.outputType = n.outputType;
    this.recordErrors = n.recordErrors;
    this.version = n.version;
    this.cached = n.cached;
    this.rowFn = rowFn;
  }

  /** Starts a node called {@code name}, whose output is also called {@code name} unless renamed. */
  public static Builder named(String name) {
    return new Builder(name);
  }

  /** The node's name. */
  public String name() {
    return name;
  }

  /** The input names, in the order the function takes them. */
  public List<String> inputs() {
    return inputs;
  }

  /** The output name. */
  public String output() {
    return output;
  }

  /** True for a batch function, false for a row function. */
  public boolean isBatch() {
    return batch;
  }

  /** The node's own settings, which override the engine's defaults. */
  public ExecutionConfig config() {
    return config;
  }

  /** The inputs this node marks stateful, with their scope. */
  public Map<String, Stateful.Scope> statefulHints() {
    return statefulHints;
  }

  /** The declared output type, if any; required where outputs become typed columns. */
  public Optional<ValueType> outputType() {
    return Optional.ofNullable(outputType);
  }

  /** What happens when the function throws on an item. */
  public OnError onError() {
    return recordErrors ? OnError.RECORD : OnError.FAIL;
  }

  /** The explicit code version ({@link Builder#version}), if any. */
  public Optional<String> version() {
    return Optional.ofNullable(version);
  }

  /** False for a node that is never cached ({@link Builder#cache}). */
  public boolean isCached() {
    return cached;
  }

  /** True for a node with a row function for {@code run} and a batch function for maps ({@link Builder#dual}). */
  public boolean isDual() {
    return rowFn != null;
  }

  /**
   * What the cache knows of this node's code: its explicit version, else a fingerprint of its
   * function (or both of a dual node's) and the values they capture; empty when it cannot be
   * derived, and the node is then not cached. For the engines, not API.
   */
  public Optional<String> codeFingerprint() {
    Optional<String> f = codeFingerprint;
    if (f == null) {
      f = version != null ? Optional.of("version:" + version)
          : fingerprintOf(fn).map(b -> (batch ? "batch:" : "row:") + b)
              .flatMap(b -> rowFn == null ? Optional.of(b) : fingerprintOf(rowFn).map(r -> b + ",row:" + r));
      codeFingerprint = f;
    }
    return f;
  }

  private static Optional<String> fingerprintOf(Invoker invoker) {
    if (invoker instanceof NestedPipeline nested) {
      return nested.fingerprint();
    }
    if (invoker instanceof Pipeline.Pick pick) {
      return Optional.of("pick:" + pick.output());
    }
    return io.sparknodes.pipeline.internal.cache.CodeFingerprint.of(invoker.function());
  }

  /** A dual node as the row node that {@code run} calls; any other node as it is. */
  Node forRun() {
    return rowFn == null ? this : new Node(this, config, rowFn, false, null);
  }

  /** This node with its own settings replaced by {@code config}. */
  public Node withConfig(ExecutionConfig config) {
    return new Node(this, Objects.requireNonNull(config, "config"));
  }

  static {
    // The plan's way to the three methods below, which are not API (see NodeAccess).
    io.sparknodes.pipeline.internal.NodeAccess.set(new io.sparknodes.pipeline.internal.NodeAccess.Access() {
      @Override
      public Object callRow(Node node, Object[] args) throws Exception {
        return node.call(args);
      }

      @Override
      public Object call(Node node, Object[] args, int rows, Plan.Observer observer, int step) throws Exception {
        return node.call(args, rows, observer, step);
      }

      @Override
      public Node bind(Node node, int[] sources, ExecutionConfig engineDefaults) {
        return node.bind(sources, engineDefaults);
      }
    });
  }

  /**
   * Calls a row function on one row's positional arguments. For the engines ({@link Plan}, through
   * {@code NodeAccess}), not API.
   */
  Object call(Object[] args) throws Exception {
    return fn.call(args);
  }

  /**
   * Calls a batch function on a batch of {@code rows} rows; a nested pipeline reports its batches to
   * {@code observer}. For the engines ({@link Plan}, through {@code NodeAccess}), not API.
   */
  Object call(Object[] args, int rows, Plan.Observer observer, int step) throws Exception {
    return fn instanceof Composite c ? c.call(args, rows, observer, step) : fn.call(args);
  }

  /**
   * This node for a plan whose argument {@code a} has source {@code sources[a]} (ordinals of
   * {@link Plan.Source}): a nested pipeline learns which arguments are stateful instances; any
   * other node is returned as it is. For the engines ({@link Plan}, through {@code NodeAccess}), not API.
   */
  Node bind(int[] sources, ExecutionConfig engineDefaults) {
    if (!(fn instanceof Composite c)) {
      return this;
    }
    boolean[] stateful = new boolean[sources.length];
    for (int a = 0; a < sources.length; a++) {
      stateful[a] = sources[a] == Plan.Source.STATEFUL.ordinal();
    }
    return new Node(this, config, c.bind(stateful, config.overriding(engineDefaults)));
  }

  /** The function, for the nested pipeline and the graph renderers of this package. */
  Invoker invoker() {
    return fn;
  }

  @Override
  public String toString() {
    return "Node(" + name + ": " + inputs + " -> " + output + (rowFn != null ? ", dual" : batch ? ", batch" : "")
        + (config.isEmpty() ? "" : ", " + config.toMap()) + ")";
  }

  /** Builds a {@link Node}; {@code row(...)} or {@code batch(...)} ends the chain. */
  public static final class Builder {
    private final String name;
    private final List<String> inputs = new ArrayList<>();
    private String output;
    private ExecutionConfig config = ExecutionConfig.empty();
    private final Map<String, Stateful.Scope> statefulHints = new LinkedHashMap<>();
    private ValueType outputType;
    private OnError onError = OnError.FAIL;
    private String version;
    private boolean cached = true;

    private Builder(String name) {
      this.name = checkName("node name", name);
    }

    /** The input names, in the order the function takes them. */
    public Builder inputs(String... names) {
      inputs.clear();
      LinkedHashSet<String> seen = new LinkedHashSet<>();
      for (String n : names) {
        checkName("input name of node '" + name + "'", n);
        if (!seen.add(n)) {
          throw new IllegalArgumentException("node '" + name + "' names input '" + n + "' twice");
        }
      }
      inputs.addAll(seen);
      return this;
    }

    /** Names the output (by default the node's name). */
    public Builder output(String output) {
      this.output = checkName("output name of node '" + name + "'", output);
      return this;
    }

    /**
     * The node's own settings, overriding the engine's defaults. Each call overrides the keys it
     * sets and keeps the others given before ({@code .batchSize(64).config(cap)} keeps the 64).
     */
    public Builder config(ExecutionConfig config) {
      this.config = Objects.requireNonNull(config, "config").overriding(this.config);
      return this;
    }

    /** Shorthand for a config that sets only batch_size. */
    public Builder batchSize(int batchSize) {
      this.config = ExecutionConfig.builder().batchSize(batchSize).build().overriding(config);
      return this;
    }

    /** Marks {@code input} stateful: one instance per executor, shared by its task threads. */
    public Builder stateful(String input) {
      return stateful(input, Stateful.Scope.EXECUTOR);
    }

    /** Marks {@code input} stateful with the given scope. */
    public Builder stateful(String input, Stateful.Scope scope) {
      statefulHints.put(checkName("stateful input of node '" + name + "'", input), Objects.requireNonNull(scope));
      return this;
    }

    /** Declares the output type, which typed columns (a Spark {@code Dataset}) need. */
    public Builder returns(ValueType type) {
      this.outputType = Objects.requireNonNull(type, "type");
      return this;
    }

    /** Declares a scalar output type, e.g. {@code String.class} or {@code long.class}. */
    public Builder returns(Class<?> type) {
      return returns(ValueType.of(type));
    }

    /** What happens when the function throws on an item (default {@link OnError#FAIL}). */
    public Builder onError(OnError policy) {
      this.onError = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The node's code version: the cache keys the node by it instead of by a fingerprint of its
     * function, so a new version never gets the old results (and an unchanged one keeps them
     * whatever the function's code).
     */
    public Builder version(String version) {
      this.version = checkName("version of node '" + name + "'", version);
      return this;
    }

    /** Whether a cache keeps this node's results (default true); false for a node that must always run. */
    public Builder cache(boolean cached) {
      this.cached = cached;
      return this;
    }

    /**
     * A node with a row function, which {@code run} calls, and a batch function, which maps call
     * with the batch's values as lists (as {@link #batch(Fn1)}; a stateful input as its instance);
     * both must compute the same thing.
     */
    @SuppressWarnings("unchecked")
    public <A, R, L> Node dual(Fn1<A, R> row, Fn1<L, ? extends List<R>> batch) {
      Objects.requireNonNull(row, "row");
      Objects.requireNonNull(batch, "batch");
      return build(true, 1, new Invokers.Call1((Fn1<Object, ?>) (Fn1<?, ?>) batch), new Invokers.Call1((Fn1<Object, ?>) row));
    }

    /** A dual node of two inputs (see {@link #dual(Fn1, Fn1)}). */
    @SuppressWarnings("unchecked")
    public <A, B, R, L, M> Node dual(Fn2<A, B, R> row, Fn2<L, M, ? extends List<R>> batch) {
      Objects.requireNonNull(row, "row");
      Objects.requireNonNull(batch, "batch");
      return build(true, 2, new Invokers.Call2((Fn2<Object, Object, ?>) (Fn2<?, ?, ?>) batch),
          new Invokers.Call2((Fn2<Object, Object, ?>) row));
    }

    @SuppressWarnings("unchecked")
    public <A, R> Node row(Fn1<A, R> fn) {
      Objects.requireNonNull(fn, "fn");
      return build(false, 1, new Invokers.Call1((Fn1<Object, ?>) fn));
    }

    @SuppressWarnings("unchecked")
    public <A, B, R> Node row(Fn2<A, B, R> fn) {
      Objects.requireNonNull(fn, "fn");
      return build(false, 2, new Invokers.Call2((Fn2<Object, Object, ?>) fn));
    }

    @SuppressWarnings("unchecked")
    public <A, B, C, R> Node row(Fn3<A, B, C, R> fn) {
      Objects.requireNonNull(fn, "fn");
      return build(false, 3, new Invokers.Call3((Fn3<Object, Object, Object, ?>) fn));
    }

    @SuppressWarnings("unchecked")
    public <A, B, C, D, R> Node row(Fn4<A, B, C, D, R> fn) {
      Objects.requireNonNull(fn, "fn");
      return build(false, 4, new Invokers.Call4((Fn4<Object, Object, Object, Object, ?>) fn));
    }

    /** A row function of any number of inputs, read from {@link Args}. */
    public <R> Node rowArgs(FnN<R> fn) {
      Objects.requireNonNull(fn, "fn");
      List<String> names = List.copyOf(inputs);
      return build(false, -1, new Invokers.CallN(fn, names));
    }

    @SuppressWarnings("unchecked")
    public <A, R> Node batch(Fn1<A, ? extends List<R>> fn) {
      Objects.requireNonNull(fn, "fn");
      return build(true, 1, new Invokers.Call1((Fn1<Object, ?>) fn));
    }

    @SuppressWarnings("unchecked")
    public <A, B, R> Node batch(Fn2<A, B, ? extends List<R>> fn) {
      Objects.requireNonNull(fn, "fn");
      return build(true, 2, new Invokers.Call2((Fn2<Object, Object, ?>) fn));
    }

    @SuppressWarnings("unchecked")
    public <A, B, C, R> Node batch(Fn3<A, B, C, ? extends List<R>> fn) {
      Objects.requireNonNull(fn, "fn");
      return build(true, 3, new Invokers.Call3((Fn3<Object, Object, Object, ?>) fn));
    }

    @SuppressWarnings("unchecked")
    public <A, B, C, D, R> Node batch(Fn4<A, B, C, D, ? extends List<R>> fn) {
      Objects.requireNonNull(fn, "fn");
      return build(true, 4, new Invokers.Call4((Fn4<Object, Object, Object, Object, ?>) fn));
    }

    /** A node whose function is {@code invoker}, taking the inputs in declared order. */
    Node custom(boolean batch, Invoker invoker) {
      return build(batch, -1, Objects.requireNonNull(invoker, "invoker"));
    }

    /** A batch function of any number of inputs, read from {@link Args}. */
    public <R> Node batchArgs(FnN<? extends List<R>> fn) {
      Objects.requireNonNull(fn, "fn");
      List<String> names = List.copyOf(inputs);
      return build(true, -1, new Invokers.CallN(fn, names));
    }

    private Node build(boolean batch, int arity, Invoker invoker) {
      return build(batch, arity, invoker, null);
    }

    private Node build(boolean batch, int arity, Invoker invoker, Invoker rowFn) {
      if (arity >= 0 && arity != inputs.size()) {
        throw new IllegalArgumentException("node '" + name + "' declares " + inputs.size() + " input"
            + (inputs.size() == 1 ? "" : "s") + " " + inputs + " but its function takes " + arity);
      }
      for (String s : statefulHints.keySet()) {
        if (!inputs.contains(s)) {
          throw new IllegalArgumentException("node '" + name + "' marks '" + s + "' stateful but has no such input; inputs are " + inputs);
        }
      }
      return new Node(this, batch, invoker, rowFn);
    }
  }

  static String checkName(String what, String name) {
    Objects.requireNonNull(name, what);
    if (name.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return name;
  }
}
