package io.sparknodes.pipeline;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * A stateful input: an expensive object (a model, a tokenizer, a client) that an engine builds
 * lazily where the work runs, once per executor and application (or once per task slot), and
 * reuses across partitions, batches and jobs. Only its recipe is shipped, never the object.
 *
 * <p>Three ways to mark an input stateful:
 *
 * <ol>
 *   <li>pass a factory as the input's value: {@code inputs.put("model", Stateful.of(TextModel::new))};
 *   <li>name the input on the node: {@code Node.named("clean").inputs("text", "model").stateful("model")},
 *       and pass a serializable value, which is shipped once and kept per executor;
 *   <li>annotate the value's class with {@link StatefulResource}.
 * </ol>
 *
 * <p>The default {@link Scope#EXECUTOR} instance is shared by an executor's task threads, so it must
 * be thread-safe; {@link #perSlot()} gives each task slot its own instance. Instances that are
 * {@link AutoCloseable} are closed when their application ends.
 *
 * @param <T> the type of the object built
 */
public final class Stateful<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How many instances an executor keeps. */
  public enum Scope {
    /** One instance per executor, shared by its task threads (it must be thread-safe). */
    EXECUTOR,
    /** One instance per concurrently running task: for objects that are not thread-safe. */
    SLOT
  }

  /** Builds the object; serializable, so it must capture only what it needs. */
  @FunctionalInterface
  public interface Factory<T> extends Serializable {
    T create() throws Exception;
  }

  private final Factory<T> factory;
  private final String key;
  private final String origin;
  private final Scope scope;
  private final String description;

  private Stateful(Factory<T> factory, String key, String origin, Scope scope, String description) {
    this.factory = factory;
    this.key = key;
    this.origin = origin;
    this.scope = scope;
    this.description = description;
  }

  /**
   * A stateful input built by {@code factory}. Equal factories share instances within an
   * application: the same lambda or method reference with equal captured values (compared by their
   * serialized form), so that a fresh {@code Stateful.of(Model::new)} on every map reuses the
   * instance the first one built instead of building, and keeping, another each time. A factory
   * that cannot be serialized here has instances of its own.
   */
  public static <T> Stateful<T> of(Factory<T> factory) {
    Objects.requireNonNull(factory, "factory");
    String key;
    try {
      key = "factory:" + sha256(serialize(factory));
    } catch (IOException | RuntimeException e) {
      key = "factory:" + UUID.randomUUID();
    }
    return new Stateful<>(factory, key, UUID.randomUUID().toString(), Scope.EXECUTOR, "factory");
  }

  /**
   * A stateful input made from a value: the value is serialized now and deserialized at most once
   * per executor (or slot). Equal serialized forms share instances.
   *
   * @throws IllegalArgumentException if the value cannot be serialized, saying how to use a factory
   */
  public static <T> Stateful<T> shipped(T value, Scope scope) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(scope, "scope");
    byte[] bytes;
    try {
      bytes = serialize(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("a " + value.getClass().getName()
          + " cannot be shipped: " + e + ". Pass a factory instead: Stateful.of(() -> new "
          + value.getClass().getSimpleName() + "(...))", e);
    }
    return new Stateful<>(new Deserialize<>(bytes), "value:" + sha256(bytes), UUID.randomUUID().toString(), scope,
        "shipped " + value.getClass().getSimpleName());
  }

  /**
   * An instance already built where the work runs (a nested pipeline's, given by the outer plan):
   * creating it gives the instance back. Never shipped.
   */
  static <T> Stateful<T> prebuilt(T instance) {
    Objects.requireNonNull(instance, "instance");
    return new Stateful<>(new Prebuilt<>(instance), "prebuilt:" + System.identityHashCode(instance),
        UUID.randomUUID().toString(), Scope.EXECUTOR,
        "prebuilt " + instance.getClass().getSimpleName());
  }

  private record Prebuilt<T>(T instance) implements Factory<T> {
    @Override
    public T create() {
      return instance;
    }
  }

  /** The stateful form of {@code value} if its class carries {@link StatefulResource}, else empty. */
  static Stateful<?> ofMarked(Object value) {
    StatefulResource marker = value.getClass().getAnnotation(StatefulResource.class);
    return marker == null ? null : shipped(value, marker.scope());
  }

  /** This input with one instance per task slot, for objects that are not thread-safe. */
  public Stateful<T> perSlot() {
    return withScope(Scope.SLOT);
  }

  /** This input with the given scope. */
  public Stateful<T> withScope(Scope scope) {
    return new Stateful<>(factory, key, origin, Objects.requireNonNull(scope, "scope"), description);
  }

  /** Builds a new instance; called by engines where the work runs. */
  public T create() throws Exception {
    return factory.create();
  }

  /** The identity of the instances: equal keys share instances within an application. */
  public String key() {
    return key;
  }

  /**
   * This value's own identity (kept by {@link #withScope}): a build that failed is not tried again
   * for the same value within an application, but another value with the same {@link #key} (a fresh
   * {@code Stateful.of} after the cause was mended) tries it again. For engines.
   */
  public String origin() {
    return origin;
  }

  /** How many instances an executor keeps. */
  public Scope scope() {
    return scope;
  }

  /**
   * The fingerprint of this input's recipe, for the node cache: a shipped value by its serialized
   * form, a factory by its code and captured values; empty for one that cannot be fingerprinted
   * (the nodes taking it are then not cached). The scope is not part of it. For engines.
   */
  public java.util.Optional<String> fingerprint() {
    if (factory instanceof Deserialize<?>) {
      return java.util.Optional.of(key);
    }
    if (factory instanceof Prebuilt<?>) {
      return java.util.Optional.empty();
    }
    return io.sparknodes.pipeline.internal.cache.CodeFingerprint.of(factory).map(f -> "factory:" + f);
  }

  @Override
  public String toString() {
    return "Stateful(" + description + ", " + scope + ")";
  }

  private record Deserialize<T>(byte[] bytes) implements Factory<T> {
    @Override
    @SuppressWarnings("unchecked")
    public T create() throws IOException, ClassNotFoundException {
      return (T) io.sparknodes.pipeline.internal.JavaSerial.read(bytes);
    }
  }

  /** The Java serialization of {@code value}; for the engines' shipping checks, not API. */
  public static byte[] serialize(Object value) throws IOException {
    if (!(value instanceof Serializable)) {
      throw new NotSerializableException(value.getClass().getName());
    }
    return io.sparknodes.pipeline.internal.JavaSerial.write(value);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
