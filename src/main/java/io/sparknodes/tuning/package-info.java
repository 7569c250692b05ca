/**
 * The sweep: a {@link io.sparknodes.tuning.Grid} of engine settings, run one Spark application per
 * (use_process, max_concurrency) group in a child JVM, with warm-up and interleaved repeats, each
 * run checked and each point's effective config compared with what was asked. It writes results
 * records as points finish; it neither renders reports nor knows how the engine works inside.
 *
 * <p>A notebook uses {@link io.sparknodes.tuning.Grid} and {@link
 * io.sparknodes.tuning.InSessionSweep}; the CLI uses {@link io.sparknodes.tuning.Sweep}. The child
 * JVM's side (GroupChild, reached through {@link io.sparknodes.tuning.Sweep#runGroupChild}), the
 * group runner, the sweep's parts (OutputFolder, ChildLauncher, ChildSession, TrialRecorder) and the
 * child protocol (ChildProtocol, ChildEvent, ChildInput, PointResult) are package-private; {@link
 * io.sparknodes.tuning.SweepDefaults} documents the sweep's defaults.
 */
package io.sparknodes.tuning;
