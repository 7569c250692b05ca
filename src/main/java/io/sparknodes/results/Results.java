package io.sparknodes.results;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a sweep recorded: where it ran, the grid, and one {@link Trial} per measured point in
 * completion order. Immutable: {@link #withTrial(Trial)} returns a new value, which the sweep writes
 * with {@link io.sparknodes.results.format.ResultsJson#write(Results, java.nio.file.Path)} after each
 * point so that a sweep that dies can resume.
 *
 * <pre>{@code
 * Results results = Results.start(Environment.current("4.0.1", "local[2]", commit), grid, Instant.now());
 * for (Map<String, Object> point : results.pendingPoints()) {
 *   results = results.withTrial(measure(point));
 *   ResultsJson.write(results, dir.resolve("results.json"));
 * }
 * }</pre>
 *
 * @param schemaVersion always {@link #SCHEMA_VERSION} (older files are read into this shape)
 * @param trials in completion order, at most one per point id, each matching the grid's axes
 * @param pipelineGraph the workload's pipeline as a Mermaid flowchart; empty when not recorded
 *     (results written before it was)
 * @param applications where each Spark application's wall time went, in the order they ended;
 *     empty when not recorded (an in-session sweep, results written before version 4)
 */
public record Results(
    int schemaVersion,
    Environment environment,
    GridInfo grid,
    List<Trial> trials,
    Instant startedAt,
    Instant updatedAt,
    String pipelineGraph,
    List<ApplicationTime> applications) {

  /**
   * The version of this shape. 2 adds the grid's negligibleEffect and minSampleSeconds and a
   * trial's loops, applications and warmupSeconds; 3 adds the grid's maxRepeats and budgetSeconds
   * and a trial's racingSeconds, racingApplications, racingWallSeconds and stopReason; 4 adds the
   * applications' times ({@link ApplicationTime}); 5 adds the grid's input, the user's data it ran
   * over ({@link InputInfo}). {@link io.sparknodes.results.format.ResultsJson} still reads versions 1 to 4.
   */
  public static final int SCHEMA_VERSION = 5;
  /** The oldest version {@link io.sparknodes.results.format.ResultsJson} reads. */
  public static final int OLDEST_READABLE_VERSION = 1;

  /** Results without a pipeline graph. */
  public Results(int schemaVersion, Environment environment, GridInfo grid, List<Trial> trials, Instant startedAt,
      Instant updatedAt) {
    this(schemaVersion, environment, grid, trials, startedAt, updatedAt, "");
  }

  /** Results without applications' times. */
  public Results(int schemaVersion, Environment environment, GridInfo grid, List<Trial> trials, Instant startedAt,
      Instant updatedAt, String pipelineGraph) {
    this(schemaVersion, environment, grid, trials, startedAt, updatedAt, pipelineGraph, List.of());
  }

  public Results {
    if (schemaVersion != SCHEMA_VERSION) {
      throw new IllegalArgumentException("schemaVersion " + schemaVersion + " is not supported, expected "
          + SCHEMA_VERSION);
    }
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(grid, "grid");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(pipelineGraph, "pipelineGraph");
    trials = List.copyOf(Objects.requireNonNull(trials, "trials"));
    applications = List.copyOf(Objects.requireNonNull(applications, "applications"));
    Set<String> seen = new HashSet<>();
    for (Trial t : trials) {
      if (!seen.add(t.id())) {
        throw new IllegalArgumentException("trial " + t.id() + " is recorded twice");
      }
      grid.checkPoint(t.id(), t.params());
    }
    if (updatedAt.isBefore(startedAt)) {
      throw new IllegalArgumentException("updatedAt " + updatedAt + " is before startedAt " + startedAt);
    }
  }

  /** The results of a sweep that has measured nothing yet. */
  public static Results start(Environment environment, GridInfo grid, Instant startedAt) {
    return new Results(SCHEMA_VERSION, environment, grid, List.of(), startedAt, startedAt);
  }

  /**
   * These results with {@code trial} appended, replacing any earlier trial with the same id;
   * {@code updatedAt} moves to the trial's finish when that is later.
   *
   * @throws IllegalArgumentException when the trial's params do not match the grid
   */
  public Results withTrial(Trial trial) {
    Objects.requireNonNull(trial, "trial");
    List<Trial> next = new ArrayList<>(trials.size() + 1);
    for (Trial t : trials) {
      if (!t.id().equals(trial.id())) {
        next.add(t);
      }
    }
    next.add(trial);
    Instant updated = trial.finishedAt().isAfter(updatedAt) ? trial.finishedAt() : updatedAt;
    return new Results(schemaVersion, environment, grid, next, startedAt, updated, pipelineGraph, applications);
  }

  /**
   * These results with {@code time} appended to the applications' times; {@code updatedAt} moves to
   * the application's end when that is later.
   */
  public Results withApplication(ApplicationTime time) {
    Objects.requireNonNull(time, "time");
    List<ApplicationTime> next = new ArrayList<>(applications);
    next.add(time);
    Instant updated = time.endedAt().isAfter(updatedAt) ? time.endedAt() : updatedAt;
    return new Results(schemaVersion, environment, grid, trials, startedAt, updated, pipelineGraph, next);
  }

  /** These results with the workload's pipeline drawn as {@code mermaid} (empty for none). */
  public Results withPipelineGraph(String mermaid) {
    return new Results(schemaVersion, environment, grid, trials, startedAt, updatedAt, mermaid, applications);
  }

  /** These results with {@code grid} as the grid they ran (the same points; e.g. its input recorded). */
  public Results withGrid(GridInfo grid) {
    return new Results(schemaVersion, environment, grid, trials, startedAt, updatedAt, pipelineGraph, applications);
  }

  /** The trial of the point with this id, if recorded. */
  public Optional<Trial> trial(String id) {
    Objects.requireNonNull(id, "id");
    return trials.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  /** The ids of every recorded point, whatever its status, in completion order. */
  public Set<String> completedIds() {
    Set<String> ids = new LinkedHashSet<>();
    trials.forEach(t -> ids.add(t.id()));
    return Collections.unmodifiableSet(ids);
  }

  /** The grid's points that have no trial yet, in grid order. */
  public List<Map<String, Object>> pendingPoints() {
    Set<String> done = completedIds();
    return grid.allPoints().stream().filter(p -> !done.contains(Trial.idOf(p))).toList();
  }
}
