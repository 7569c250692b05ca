package io.sparknodes.tuning;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The defaults of a sweep, in one place (as JMH's {@code org.openjdk.jmh.runner.Defaults}): what the
 * CLI and {@link SweepOptions} use when nothing is given. The grid file's own defaults (warm-up,
 * repeats, time limit, seed, {@code min_sample_seconds}, {@code applications}, {@code max_repeats},
 * {@code budget_seconds}, {@code negligible_effect}) are {@link Grid}'s {@code DEFAULT_*} constants:
 * {@link Grid#DEFAULT_WARMUP}, {@link Grid#DEFAULT_REPEATS}, {@link Grid#DEFAULT_TIME_LIMIT_SECONDS},
 * {@link Grid#DEFAULT_SEED}, {@link Grid#DEFAULT_MIN_SAMPLE_SECONDS}, {@link
 * Grid#DEFAULT_APPLICATIONS}, {@link Grid#DEFAULT_MAX_REPEATS_FACTOR}, {@link
 * Grid#DEFAULT_BUDGET_SECONDS}, {@link Grid#DEFAULT_NEGLIGIBLE_EFFECT}.
 */
public final class SweepDefaults {
  private SweepDefaults() {}

  /** The grid file the CLI runs when none is named. */
  public static final Path GRID_FILE = Path.of("conf", "grid-seed.json");

  /** The folder under which the CLI makes a sweep's output folder ({@code results/<timestamp>}) when no --out is given. */
  public static final Path RESULTS_ROOT = Path.of("results");

  /** The option of the groups' JVMs when none is given: room for the driver of a local application. */
  public static final String CHILD_JVM_OPTION = "-Xmx3g";

  /** The options of the groups' JVMs when none are given: {@value #CHILD_JVM_OPTION}. */
  public static final List<String> CHILD_JVM_OPTIONS = List.of(CHILD_JVM_OPTION);

  /**
   * How long a group's JVM may take to start its application and begin its first run (JVM start,
   * Spark start, executor JVMs in process mode) before its points fail; the grid's time limit then
   * applies to every run.
   */
  public static final Duration START_ALLOWANCE = Duration.ofSeconds(180);

  /** How long a group's JVM may take to exit after its last event before it is killed. */
  public static final Duration EXIT_WAIT = Duration.ofSeconds(60);

  /** How long to wait for a killed group's JVM to end. */
  public static final Duration KILL_WAIT = Duration.ofSeconds(30);
}
