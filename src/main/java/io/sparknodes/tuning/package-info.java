/**
 * The sweep: a {@link io.sparknodes.tuning.Grid} of engine settings, run one Spark application per
 * (use_process, max_concurrency) group in a child JVM, with warm-up and interleaved repeats, each
 * run checked and each point's effective config compared with what was asked. It writes results
 * records as points finish; it neither renders reports nor knows how the engine works inside.
 */
package io.sparknodes.tuning;
