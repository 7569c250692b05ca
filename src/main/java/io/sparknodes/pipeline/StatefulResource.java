package io.sparknodes.pipeline;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose instances are stateful inputs wherever they are passed: an engine ships the
 * instance once and keeps one copy per executor (or per task slot), never one per row or batch.
 * The class must be {@link java.io.Serializable}; keep the serialized form small and build heavy
 * state lazily (a transient field filled on first use), or pass a {@link Stateful#of} factory.
 *
 * <pre>{@code
 * @StatefulResource
 * final class Tokenizer implements Serializable { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StatefulResource {
  /** One instance per executor (shared by its task threads) or one per task slot. */
  Stateful.Scope scope() default Stateful.Scope.EXECUTOR;
}
