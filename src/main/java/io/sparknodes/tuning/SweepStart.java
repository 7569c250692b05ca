package io.sparknodes.tuning;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.internal.Plan;
import io.sparknodes.results.Environment;
import io.sparknodes.results.GridInfo;
import io.sparknodes.results.InputInfo;
import io.sparknodes.results.Results;
import io.sparknodes.results.format.ResultsJson;
import io.sparknodes.workloads.Workload;
import io.sparknodes.workloads.Workloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link Sweep} checks before anything runs, and the results it goes on from: the workload
 * builds and plans; a resumed sweep finds its results file, its grid and the data it ran over (the
 * resume checks); a new one never overwrites a results file. Each check fails with a usage error
 * that says what to give instead.
 */
final class SweepStart {
  /** The grid as the sweep runs it (racing and item count as recorded or given) and its results so far. */
  record Opened(Grid grid, Results results) {}

  private SweepStart() {}

  /**
   * Checks, in this JVM and before anything starts, that the workload exists and that its pipeline
   * builds and plans over a couple of its items: a cycle, a missing input or unequal mapped lists
   * is a usage error, not a sweep full of failed points. Returns the workload.
   */
  static Workload checkWorkload(Grid grid) {
    Workload w = Workloads.byName(grid.workload());
    try {
      Pipeline pipeline = w.pipeline();
      List<?> sample = w.items(Math.min(2, grid.items()));
      Plan.forLists(pipeline, w.inputs(sample, w.constants()), w.mappedInputs(), ExecutionConfig.empty());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("workload '" + grid.workload() + "': " + e.getMessage(), e);
    }
    return w;
  }

  /**
   * Checks that a sweep to resume has a results file, before its folder is made: a mistyped
   * --resume leaves nothing behind.
   */
  static void checkResumable(SweepOptions options) {
    Path resultsFile = OutputFolder.resultsFile(options.outDir());
    if (options.resume() && !Files.exists(resultsFile)) {
      throw new IllegalArgumentException("nothing to resume: " + resultsFile + " does not exist");
    }
  }

  /**
   * The results to go on from: those recorded in the folder when resuming (the grid must be the
   * one they were recorded with), else new ones, written at once. An existing results file is never
   * overwritten. The user's items, if any, set the grid's item count.
   */
  static Opened open(Grid grid, SweepOptions options, OutputFolder folder) throws IOException {
    Path resultsFile = folder.resultsFile();
    Results results = null;
    if (options.resume()) {
      // checkResumable has checked that it exists, before making the folder.
      results = ResultsJson.read(resultsFile);
      GridInfo checked = checkInput(results.grid(), resultsFile, options, folder);
      if (!checked.equals(results.grid())) {
        // A file written before results.json recorded the input (schema 5): it is recorded now.
        results = results.withGrid(checked);
      }
      // The input was checked above: the grid is compared without it.
      GridInfo recorded = results.grid().withInput(Optional.empty());
      if (!recorded.racing() && grid.racing()
          && recorded.equals(grid.withRacing(recorded.maxRepeats(), recorded.budgetSeconds()).info())) {
        // A sweep recorded before racing existed goes on without it.
        grid = grid.withRacing(recorded.maxRepeats(), recorded.budgetSeconds());
      }
      if (recorded.design() != grid.design() && recorded.equals(grid.withDesign(recorded.design()).info())) {
        // A resumed sweep keeps the design it started with (one recorded before the key: isolated).
        grid = grid.withDesign(recorded.design());
      }
      if (!recorded.equals(grid.info())) {
        throw new IllegalArgumentException("the grid differs from the one recorded in " + resultsFile
            + ": resume with the same grid file, or start a new sweep in another folder");
      }
    } else if (Files.exists(resultsFile)) {
      throw new IllegalArgumentException(resultsFile + " already exists: resume it with --resume, or choose another --out");
    }
    Optional<List<String>> items = options.items();
    if (items.isPresent() && items.get().size() != grid.items()) {
      // The user's data sets the item count: record the truth.
      grid = grid.withItems(items.get().size());
      if (results != null && !results.grid().withInput(Optional.empty()).equals(grid.info())) {
        throw new IllegalArgumentException("the input has " + items.get().size() + " rows but the sweep in "
            + resultsFile + " ran over " + results.grid().items() + " items");
      }
    }
    if (results == null) {
      results = Results.start(environment(options), grid.info().withInput(options.input()), Instant.now());
      ResultsJson.write(results, resultsFile);
    }
    return new Opened(grid, results);
  }

  /**
   * Checks that a resumed sweep goes on over the data it ran over: the same user's items (by their
   * digest, wherever their file is now), or the workload's own; returns the recorded grid with its
   * input. A results file older than schema 5 does not record it: then the {@code items.json} that
   * the earlier run left in the folder tells (a sweep over the workload's own items writes none),
   * and the input is recorded from now on.
   */
  private static GridInfo checkInput(GridInfo recorded, Path resultsFile, SweepOptions options, OutputFolder folder)
      throws IOException {
    Optional<InputInfo> then = recorded.input();
    Optional<InputInfo> now = options.input();
    if (then.isEmpty()) {
      Optional<List<String>> left = folder.readItems();
      if (left.isPresent()) {
        String digest = InputInfo.digest(left.get());
        if (now.isEmpty()) {
          throw new IllegalArgumentException("the sweep in " + resultsFile + " ran over your own data (items.json beside"
              + " it, SHA-256 " + digest.substring(0, 12) + "...): resume with the same --input and --column");
        }
        if (!digest.equals(now.get().sha256())) {
          throw new IllegalArgumentException("the input is not the data the sweep in " + resultsFile + " ran over: "
              + now.get().describe() + " against items.json beside it (SHA-256 " + digest.substring(0, 12) + "...)");
        }
        return recorded.withInput(now);
      }
    }
    if (then.isPresent() && now.isEmpty()) {
      InputInfo in = then.get();
      throw new IllegalArgumentException("the sweep in " + resultsFile + " ran over " + in.describe() + ": resume with "
          + (in.fromFile() ? "--input " + in.file() + " --column " + in.column() : "the same items"));
    }
    if (then.isEmpty() && now.isPresent()) {
      throw new IllegalArgumentException("the sweep in " + resultsFile + " ran over workload " + recorded.workload()
          + "'s own items: resume without --input");
    }
    if (then.isPresent() && !then.get().sha256().equals(now.get().sha256())) {
      throw new IllegalArgumentException("the input is not the data the sweep in " + resultsFile + " ran over: "
          + now.get().describe() + " against " + then.get().describe());
    }
    return recorded;
  }

  private static Environment environment(SweepOptions options) {
    String master = options.master().orElse("embedded: local[N] (threads), local-cluster[N,1,MB] (processes)");
    return Environment.current(org.apache.spark.package$.MODULE$.SPARK_VERSION(), master, Environment.currentGitCommit());
  }
}
