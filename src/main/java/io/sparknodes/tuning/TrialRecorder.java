package io.sparknodes.tuning;

import io.sparknodes.results.ApplicationTime;
import io.sparknodes.results.Results;
import io.sparknodes.results.Status;
import io.sparknodes.results.StopReason;
import io.sparknodes.results.Trial;
import io.sparknodes.results.format.ResultsJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sweep's results as trials arrive: each group application's trial merged into the point's
 * earlier ones (balanced samples, or racing samples), racing decisions and wall time recorded, and
 * {@code results.json} rewritten atomically after every change, so that a sweep that dies can be
 * resumed from what it holds. Tells the progress listener each time a point is complete.
 */
final class TrialRecorder {
  private final Path resultsFile;
  private final int applications;
  private final Sweep.Progress progress;
  private final Set<String> done = new LinkedHashSet<>();
  private final int total;
  private Results results;

  /**
   * A recorder that starts from {@code results} (written already), for a grid of {@code total}
   * points whose groups each run as {@code applications} balanced applications.
   */
  TrialRecorder(Results results, Path resultsFile, int total, int applications, Sweep.Progress progress) {
    this.results = results;
    this.resultsFile = resultsFile;
    this.total = total;
    this.applications = applications;
    this.progress = progress;
    results.trials().stream().filter(t -> complete(t, applications)).forEach(t -> done.add(t.id()));
  }

  /** Tells the progress listener how many points there are and how many are done. */
  void started() {
    progress.started(total, done.size());
  }

  Results results() {
    return results;
  }

  Optional<Trial> trial(String id) {
    return results.trial(id);
  }

  /**
   * Records a point's trial from balanced application {@code application} of its group: the first
   * one's as it is (its samples tagged application 0 when there are more), a later one's merged.
   */
  void balanced(Trial trial, int application) throws IOException {
    Trial recorded = trial;
    if (application > 0) {
      Optional<Trial> earlier = results.trial(trial.id());
      if (earlier.isPresent()) {
        recorded = merge(earlier.get(), trial, application);
      }
    } else if (applications > 1 && trial.status() == Status.OK && !trial.warmSeconds().isEmpty()) {
      recorded = trial.toBuilder().applications(Collections.nCopies(trial.warmSeconds().size(), 0)).build();
    }
    write(results.withTrial(recorded));
    if (complete(recorded, applications)) {
      done.add(recorded.id());
      progress.finished(recorded, done.size(), total);
    }
  }

  /**
   * Records a point's trial from racing application {@code application}: merged into its earlier
   * trial; returns whether it was (a point without an earlier trial is not racing).
   */
  boolean racing(Trial trial, int application) throws IOException {
    Optional<Trial> earlier = results.trial(trial.id());
    if (earlier.isEmpty()) {
      return false;
    }
    write(results.withTrial(mergeRacing(earlier.get(), trial, application)));
    return true;
  }

  /** Stops the racing of these points, for these reasons. */
  void stop(Map<String, StopReason> reasons) throws IOException {
    if (reasons.isEmpty()) {
      return;
    }
    Results r = results;
    for (Map.Entry<String, StopReason> e : reasons.entrySet()) {
      Trial t = r.trial(e.getKey()).orElseThrow();
      r = r.withTrial(t.toBuilder().stopReason(e.getValue()).build());
    }
    write(r);
  }

  /** Shares out the wall time of a racing application among the points it sampled. */
  void shareWall(double wall, Set<String> sampled) throws IOException {
    if (sampled.isEmpty()) {
      return;
    }
    Results r = results;
    for (String id : sampled) {
      Trial t = r.trial(id).orElseThrow();
      r = r.withTrial(t.toBuilder().racingWallSeconds(t.racingWallSeconds().orElse(0) + wall / sampled.size()).build());
    }
    write(r);
  }

  /** Records where an application's wall time went. */
  void application(ApplicationTime time) throws IOException {
    write(results.withApplication(time));
  }

  private void write(Results r) throws IOException {
    ResultsJson.write(r, resultsFile);
    results = r;
  }

  /** The racing wall time spent so far: the sum of every point's share. */
  static double racingSpent(Results results) {
    return results.trials().stream().mapToDouble(t -> t.racingWallSeconds().orElse(0)).sum();
  }

  /** The index of a group's next application: one past the highest any of its points' samples came from. */
  static int nextApplication(List<Trial> trials) {
    return trials.stream().flatMap(t -> t.allApplications().stream()).mapToInt(Integer::intValue).max().orElse(0) + 1;
  }

  /** Whether a trial needs no more applications: it failed, or has samples from all of them. */
  static boolean complete(Trial t, int applications) {
    return t.status() != Status.OK || applications <= 1 || t.applications().isEmpty()
        || t.applicationCount() >= applications;
  }

  /**
   * A point's trial after one more application of its group: the samples appended with their
   * application index, the warm-up times added, the first cold run kept; a failure of the later
   * application makes the trial fail with its error, its earlier samples kept.
   */
  static Trial merge(Trial earlier, Trial later, int application) {
    List<Double> warm = new ArrayList<>(earlier.warmSeconds());
    warm.addAll(later.warmSeconds());
    List<Integer> apps = new ArrayList<>(earlier.applications());
    later.warmSeconds().forEach(x -> apps.add(application));
    Trial.Builder b = earlier.toBuilder().status(later.status()).warmSeconds(warm, earlier.items())
        .applications(apps).finishedAt(later.finishedAt());
    later.error().ifPresent(b::error);
    double warmup = earlier.warmupSeconds().orElse(0) + later.warmupSeconds().orElse(0);
    if (warmup > 0) {
      b.warmupSeconds(warmup);
    }
    List<String> flags = new ArrayList<>(earlier.flags());
    later.flags().stream().filter(f -> !flags.contains(f)).forEach(flags::add);
    b.flags(flags);
    if (earlier.coldSeconds().isEmpty() && later.coldSeconds().isPresent()) {
      b.coldSeconds(later.coldSeconds().getAsDouble());
    }
    later.memory().ifPresent(m -> b.memory(earlier.memory().map(e -> e.merge(m)).orElse(m)));
    return b.build();
  }

  /**
   * A point's trial after a racing application: its samples appended to the racing ones with the
   * application's index; a failure keeps the earlier trial, flagged, and stops its racing.
   */
  static Trial mergeRacing(Trial earlier, Trial later, int application) {
    if (later.status() != Status.OK) {
      List<String> flags = new ArrayList<>(earlier.flags());
      flags.add("a racing application failed (" + later.status() + "): " + later.error().orElse("no error recorded")
          + "; the earlier samples stand");
      return earlier.toBuilder().flags(flags).stopReason(StopReason.FAILED).build();
    }
    List<Double> racing = new ArrayList<>(earlier.racingSeconds());
    racing.addAll(later.warmSeconds());
    List<Integer> apps = new ArrayList<>(earlier.racingApplications());
    later.warmSeconds().forEach(x -> apps.add(application));
    List<String> flags = new ArrayList<>(earlier.flags());
    later.flags().stream().filter(f -> !flags.contains(f)).forEach(flags::add);
    Trial.Builder b = earlier.toBuilder().racing(racing, apps).flags(flags);
    if (later.finishedAt().isAfter(earlier.finishedAt())) {
      b.finishedAt(later.finishedAt());
    }
    return b.build();
  }
}
