/**
 * The vocabulary of the engine's knobs ({@link io.sparknodes.knobs.Knobs}): their names, the
 * {@code auto} value and the prefix of Spark settings, declared here and nowhere else (no other
 * package keeps a copy or an alias) for pipeline, results, report, bench and tuning. It is the floor
 * below {@code pipeline} and {@code results}: it imports nothing, so that both (which must not
 * import each other) can use it.
 */
package io.sparknodes.knobs;
