/**
 * The sweep: a {@link io.sparknodes.tuning.Grid} of engine settings, read once at the edge into
 * typed {@link io.sparknodes.tuning.Point}s, run one Spark application per (use_process,
 * max_concurrency) group in a child JVM, with warm-up and interleaved repeats, each run checked and
 * each point's effective config compared with what was asked. It writes results records as points
 * finish; it neither renders reports nor knows how the engine works inside.
 *
 * <p>A notebook uses {@link io.sparknodes.tuning.Grid} (its file format: GridFile) and {@link
 * io.sparknodes.tuning.InSessionSweep}; the CLI uses {@link io.sparknodes.tuning.Sweep} with its
 * {@link io.sparknodes.tuning.SweepOptions}, which runs the sweep's loop and delegates to its
 * package-private parts: SweepStart (the checks before anything runs, resuming included),
 * SweepOrder (the order of groups, passes and repeats), OutputFolder (the files),
 * ChildLauncher (a group's command line), ClassDataArchive (the class-data archive its JVMs
 * share), ChildSession (one group's JVM and its deadlines),
 * TrialRecorder (merging and writing trials), Racing, and the child protocol (ChildProtocol,
 * ChildEvent, ChildInput, PointResult), through which a group's JVM (GroupChild, reached through
 * {@link io.sparknodes.tuning.Sweep#runGroupChild}) gets its points typed and runs them with the
 * GroupRunner; it reads no grid file. {@link io.sparknodes.tuning.SweepDefaults} documents the
 * sweep's defaults.
 */
package io.sparknodes.tuning;
