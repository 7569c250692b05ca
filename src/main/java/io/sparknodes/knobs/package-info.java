/**
 * The vocabulary of the engine's knobs ({@link io.sparknodes.knobs.Knobs}): their names, and the
 * prefix of Spark settings, declared once for pipeline, results, report, bench and tuning. It is
 * the floor below the bottom one: it imports nothing, so that both {@code pipeline} and {@code
 * results} (which must not import each other) can use it.
 */
package io.sparknodes.knobs;
