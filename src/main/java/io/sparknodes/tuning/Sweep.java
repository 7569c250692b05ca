package io.sparknodes.tuning;

import io.sparknodes.config.Knobs;
import io.sparknodes.results.Design;
import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.ApplicationTime;
import io.sparknodes.results.Results;
import io.sparknodes.results.StopReason;
import io.sparknodes.results.Trial;
import io.sparknodes.results.TunedProfile;
import io.sparknodes.workloads.Workload;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a grid: one Spark application per group (use_process, max_concurrency, and any setting that
 * needs a new application), each in its own child JVM, which also gives process mode its
 * SPARK_HOME and keeps groups from sharing JIT or executor state. Every finished point is appended
 * to {@code results.json} at once, atomically, so a sweep that dies can be resumed without redoing
 * a finished point. A run that exceeds the grid's time limit is recorded as a timeout: its child JVM
 * (and its executors) is killed and the group's other points go on in a new one.
 *
 * <p>This class is the sweep's loop: balanced passes over the groups (A B C ... C B A), then
 * racing. Its parts: {@link SweepOptions} (how to run it), {@link SweepStart} (the checks before
 * anything runs, resuming included, and the results it goes on from), {@link SweepOrder} (the
 * order of groups, passes and repeats), {@link OutputFolder} (the files), {@link ChildLauncher} (a
 * group's command line), {@link ChildSession} (one group's JVM, its events and deadlines), {@link
 * ChildProtocol} (what the sweep and the JVM say to each other), {@link TrialRecorder} (merging
 * trials into the results and writing them). Defaults are {@link SweepDefaults}'.
 */
public final class Sweep {
  private static final Logger LOG = LoggerFactory.getLogger(Sweep.class);

  /** Hears the sweep's progress. */
  public interface Progress {
    void started(int total, int done);

    void running(String pointId, String phase, int round);

    void finished(Trial trial, int done, int total);

    /**
     * An application (or a shared JVM) has ended and {@code results} are written: the moment to
     * rewrite anything drawn from them (the report), so that a sweep stopped at any time leaves
     * them valid. {@code applicationsDone} of {@code applicationsPlanned} balanced applications (a
     * shared JVM counts its groups' applications) have run, for an ETA.
     */
    default void checkpoint(Results results, int applicationsDone, int applicationsPlanned) throws IOException {}
  }

  private Grid grid;
  private final SweepOptions options;
  private final Progress progress;
  private OutputFolder folder;
  private TrialRecorder recorder;
  private ChildLauncher launcher;
  private Optional<Path> itemsFile = Optional.empty();
  private final long startNanos = System.nanoTime();
  private int applicationsDone;
  private int applicationsPlanned;

  private Sweep(Grid grid, SweepOptions options, Progress progress) {
    this.grid = grid;
    this.options = options;
    this.progress = progress;
  }

  /**
   * Runs the group a sweep's child JVM was started for (arguments as the sweep gives them) and
   * returns the process's exit code: 0, or 2 for bad arguments. The main class a caller names in
   * {@link SweepOptions} calls it, then exits with the code; not for users.
   */
  public static int runGroupChild(String[] args, PrintStream out) throws IOException {
    return GroupChild.run(args, out);
  }

  /** The results file of a sweep in {@code outDir}. */
  public static Path resultsFile(Path outDir) {
    return OutputFolder.resultsFile(outDir);
  }

  /**
   * Runs (or resumes) {@code grid} and returns its results, also written to {@code
   * outDir/results.json}.
   *
   * @throws IllegalArgumentException for a bad grid, workload, input or output folder, before
   *     anything runs; an existing results file is never overwritten except by {@code --resume}
   */
  public static Results run(Grid grid, SweepOptions options, Progress progress) throws IOException {
    return new Sweep(grid, options, progress).run();
  }

  private Results run() throws IOException {
    Workload workload = SweepStart.checkWorkload(grid);
    SweepStart.checkResumable(options);
    folder = OutputFolder.prepare(options.outDir());
    SweepStart.Opened opened = SweepStart.open(grid, options, folder);
    grid = opened.grid();
    Results start = opened.results();
    folder.writeGrid(grid);
    if (options.items().isPresent()) {
      itemsFile = Optional.of(folder.writeItems(options.items().get()));
    }
    launcher = new ChildLauncher(options, workload.getClass());
    int applications = SweepOrder.applications(grid);
    recorder = new TrialRecorder(start, folder.resultsFile(), grid.points().size(), applications, progress);
    recorder.started();
    List<List<Point>> groups = grid.groups();
    applicationsPlanned = groups.size() * applications;
    boolean stopped = grid.design() == Design.SHARED ? shared(groups, applications) : isolated(groups, applications);
    if (stopped) {
      LOG.info("the time budget of {} is spent: the sweep stops here; --resume goes on", options.timeBudget().get());
      return recorder.results();
    }
    race(groups);
    if (overBudget()) {
      return recorder.results();
    }
    TunedProfile.write(recorder.results(), grid.fixed().toMap(), folder.dir());
    return recorder.results();
  }

  /**
   * The balanced passes of the isolated design: one application per group and pass, each in a JVM
   * of its own, the groups in the balanced order (A B C ... C B A). Returns whether the time budget
   * stopped it.
   */
  private boolean isolated(List<List<Point>> groups, int applications) throws IOException {
    for (int pass = 0; pass < applications; pass++) {
      for (int g : SweepOrder.balancedOrder(groups.size(), pass)) {
        List<Point> pending = pendingOf(groups.get(g), pass, applications);
        while (!pending.isEmpty()) {
          if (overBudget()) {
            return true;
          }
          int before = pending.size();
          pending = runApplication(List.of(g), "", pass, false, SweepOrder.repeatsOf(grid, pass), pending,
              new LinkedHashSet<>());
          if (pending.size() == before) {
            break;
          }
        }
        applicationsDone++;
      }
    }
    return false;
  }

  /**
   * The balanced passes of the shared design: per pass, one JVM per use_process value (the values
   * in the balanced order) runs that value's groups one after another, each in an application of
   * its own, in the order {@link SweepOrder#sharedOrder} gives the pass. Returns whether the time
   * budget stopped it.
   */
  private boolean shared(List<List<Point>> groups, int applications) throws IOException {
    List<List<Integer>> sets = SweepOrder.jvmSets(groups);
    for (int pass = 0; pass < applications; pass++) {
      List<Integer> setOrder = SweepOrder.balancedOrder(sets.size(), pass);
      if (pass > 0) {
        setOrder = Replication.bestSetFirst(setOrder, sets, groups, Analysis.of(recorder.results()));
      }
      for (int s : setOrder) {
        List<Integer> set = sets.get(s);
        List<Integer> order = SweepOrder.jvmOrder(groups, set, pass, options.master());
        if (pass > 0) {
          // Replication where it pays: judged just before this JVM runs, on every sample so far.
          Set<Integer> pays = Replication.groupsThatPay(set, sets, groups, Analysis.of(recorder.results()));
          Map<String, StopReason> skipped = new LinkedHashMap<>();
          for (int g : order) {
            if (!pays.contains(g)) {
              pendingOf(groups.get(g), pass, applications).forEach(p -> skipped.put(p.id(), StopReason.NOT_CONTENDER));
              applicationsPlanned--;
            }
          }
          if (!skipped.isEmpty()) {
            LOG.info("pass {}: {} point(s) of {} group(s) hold no contender and no unresolved verdict: not replicated",
                pass + 1, skipped.size(), order.size() - order.stream().filter(pays::contains).count());
          }
          recorder.stop(skipped);
          order = order.stream().filter(pays::contains).toList();
        }
        List<Point> pending = new ArrayList<>();
        for (int g : order) {
          pending.addAll(pendingOf(groups.get(g), pass, applications));
        }
        String jvm = jvmLabel(groups.get(set.get(0)), pass);
        List<Point> left = pending;
        for (int attempt = 0; !left.isEmpty(); attempt++) {
          if (overBudget()) {
            return true;
          }
          int before = left.size();
          Set<String> ids = pendingIds(left);
          List<Integer> running = order.stream().filter(g -> groups.get(g).stream().anyMatch(
              p -> ids.contains(p.id()))).toList();
          left = runApplication(running, attempt == 0 ? jvm : jvm + "." + attempt, pass, false, SweepOrder.repeatsOf(grid, pass), left,
              new LinkedHashSet<>());
          if (left.size() == before) {
            break;
          }
        }
        applicationsDone += order.size();
      }
    }
    return false;
  }

  private static Set<String> pendingIds(List<Point> points) {
    Set<String> ids = new java.util.HashSet<>();
    points.forEach(p -> ids.add(p.id()));
    return ids;
  }

  /** The points of a group that pass {@code pass} must run: none yet, or the pass's next application. */
  private List<Point> pendingOf(List<Point> group, int pass, int applications) {
    List<Point> pending = new ArrayList<>();
    for (Point p : group) {
      Optional<Trial> t = recorder.trial(p.id());
      boolean needs = pass == 0 ? t.isEmpty()
          : t.isPresent() && !TrialRecorder.complete(t.get(), applications) && t.get().applicationCount() == pass
              && t.get().stopReason().isEmpty();
      if (needs) {
        pending.add(p);
      }
    }
    return pending;
  }

  /** Whether the time budget, if any, is spent. */
  private boolean overBudget() {
    return options.timeBudget().isPresent()
        && System.nanoTime() - startNanos >= options.timeBudget().get().toNanos();
  }

  /**
   * Races the contenders after the balanced samples (see {@link Racing}): round after round, the
   * group of the best-ranked point first, each group that holds points still racing runs one more
   * application that samples only those points, until no point races. Every decision and sample
   * is written at once, so a resumed sweep goes on from there; the wall time of each racing
   * application is shared out among the points it sampled, and their sum is the budget spent.
   */
  private void race(List<List<Point>> groups) throws IOException {
    // Under the shared design, one racing JVM per use_process value runs its racing groups one after
    // another; under the isolated design each group races in a JVM of its own.
    boolean shared = grid.design() == Design.SHARED;
    List<List<Integer>> sets = new ArrayList<>();
    if (shared) {
      sets.addAll(SweepOrder.jvmSets(groups));
    } else {
      for (int g = 0; g < groups.size(); g++) {
        sets.add(List.of(g));
      }
    }
    List<Double> walls = new ArrayList<>();
    while (true) {
      boolean ran = false;
      List<Integer> ranked = SweepOrder.rankedOrder(groups, Analysis.of(recorder.results()));
      List<Integer> setOrder = ranked.stream().map(g -> SweepOrder.setOf(sets, g).orElseThrow()).distinct().toList();
      for (int s : setOrder) {
        double spent = TrialRecorder.racingSpent(recorder.results());
        Racing.Decision d;
        if (walls.isEmpty()) {
          // Before the first racing application, what one costs is estimated from the balanced
          // applications of the groups it would run (a bundled JVM of several groups costs their sum).
          Set<String> first = new LinkedHashSet<>(Racing.decide(grid, recorder.results(), spent, 0).race());
          double estimate = holding(ranked, sets.get(s), groups, first).stream()
              .mapToDouble(g -> balancedWall(groups.get(g))).sum();
          d = Racing.decide(grid, recorder.results(), spent, estimate);
        } else {
          d = Racing.decide(grid, recorder.results(), spent,
              walls.stream().mapToDouble(Double::doubleValue).average().orElse(0));
        }
        recorder.stop(d.stop());
        Set<String> racing = new LinkedHashSet<>(d.race());
        List<Integer> members = holding(ranked, sets.get(s), groups, racing);
        if (members.isEmpty()) {
          continue;
        }
        List<Integer> order = shared ? SweepOrder.jvmOrder(groups, members, 0, options.master()) : members;
        List<Point> pending = order.stream().flatMap(g -> groups.get(g).stream())
            .filter(p -> racing.contains(p.id())).toList();
        List<Trial> trials = pending.stream().map(p -> recorder.trial(p.id()).orElseThrow()).toList();
        int application = TrialRecorder.nextApplication(trials);
        int samples = Racing.samplesPerApplication(grid, trials);
        LOG.info("racing: group(s) {} application {}: {} point(s), {} sample(s) each", order, application,
            pending.size(), samples);
        if (overBudget()) {
          return;
        }
        Set<String> sampled = new LinkedHashSet<>();
        long start = System.nanoTime();
        String jvm = shared ? jvmLabel(groups.get(order.get(0)), application) : "";
        runApplication(order, jvm, application, true, samples, pending, sampled);
        double wall = (System.nanoTime() - start) / 1e9;
        walls.add(wall);
        recorder.shareWall(wall, sampled);
        Map<String, StopReason> silent = new LinkedHashMap<>();
        for (Point p : pending) {
          if (!sampled.contains(p.id()) && recorder.trial(p.id()).flatMap(Trial::stopReason).isEmpty()) {
            silent.put(p.id(), StopReason.FAILED);
          }
        }
        recorder.stop(silent);
        ran = true;
      }
      if (!ran) {
        return;
      }
    }
  }

  /** The mean wall time of a group's balanced applications so far (0 when none is recorded). */
  private double balancedWall(List<Point> group) {
    String id = Trial.idOf(group.get(0).applicationKey());
    return recorder.results().applications().stream().filter(a -> !a.racing() && a.group().equals(id))
        .mapToDouble(ApplicationTime::wallSeconds).average().orElse(0);
  }

  /** The groups of {@code set}, in {@code ranked} order, that hold one of the points {@code ids}. */
  private static List<Integer> holding(List<Integer> ranked, List<Integer> set, List<List<Point>> groups,
      Set<String> ids) {
    return ranked.stream().filter(set::contains)
        .filter(g -> groups.get(g).stream().anyMatch(p -> ids.contains(p.id()))).toList();
  }

  /** The label of a shared JVM: its use_process value and the application (pass) it ran. */
  private static String jvmLabel(List<Point> group, int application) {
    return Trial.idOf(Map.of(Knobs.USE_PROCESS, group.get(0).params().getOrDefault(Knobs.USE_PROCESS, "any")))
        + "#" + application;
  }

  /**
   * Runs one application of each of {@code groups} (one, or under the shared design several one
   * after another, in JVM {@code jvm}) over {@code pending} in a child JVM and records its trials;
   * returns the points it left without one. A later or racing application reuses the loops its
   * points were measured at; a racing one adds the ids of the points it sampled to {@code sampled}.
   */
  private List<Point> runApplication(List<Integer> groups, String jvm, int application, boolean racing, int repeats,
      List<Point> pending, Set<String> sampled) throws IOException {
    int group = groups.get(0);
    Map<String, Integer> loops = new LinkedHashMap<>();
    if (application > 0 || racing) {
      pending.forEach(p -> recorder.trial(p.id()).ifPresent(t -> loops.put(p.id(), t.loops())));
    }
    Path pointsFile = folder.pointsFile(group, application);
    ChildProtocol.writeInput(ChildInput.of(grid, pending, repeats, loops), pointsFile);
    Path log = folder.log(group);
    List<String> cmd = launcher.command(pointsFile, itemsFile);
    LOG.debug("group {}: {} point(s): {}", group, pending.size(), cmd);
    ChildSession session = new ChildSession(ChildLauncher.processBuilder(cmd, log), log, options.startAllowance(),
        grid.timeLimitSeconds(), grid.items());
    try {
      return runSession(session, jvm, application, racing, pending, sampled);
    } finally {
      launcher.childExited(session.exitCode());
      progress.checkpoint(recorder.results(), applicationsDone + groups.size(), applicationsPlanned);
    }
  }

  private List<Point> runSession(ChildSession session, String jvm, int application, boolean racing,
      List<Point> pending, Set<String> sampled) throws IOException {
    return session.run(pending, new ChildSession.Listener() {
      @Override
      public void running(String pointId, String phase, int round) {
        progress.running(pointId, phase, round);
      }

      @Override
      public void trial(Trial trial) throws IOException {
        if (!racing) {
          recorder.balanced(trial, application);
        } else if (recorder.racing(trial, application)) {
          sampled.add(trial.id());
        }
      }

      @Override
      public void ended(Instant launchedAt, Map<String, Double> secondsByPhase) throws IOException {
        ApplicationTime time = applicationTime(Trial.idOf(pending.get(0).applicationKey()), application, racing,
            launchedAt, secondsByPhase);
        recorder.application(jvm.isEmpty() ? time : withJvm(time, jvm));
      }

      @Override
      public void groupEnded(String group, Instant startedAt, Map<String, Double> secondsByPhase) throws IOException {
        recorder.application(withJvm(applicationTime(group, application, racing, startedAt, secondsByPhase), jvm));
      }
    });
  }

  private static ApplicationTime withJvm(ApplicationTime t, String jvm) {
    return new ApplicationTime(t.group(), t.application(), t.racing(), t.launchedAt(), t.startSeconds(),
        t.coldSeconds(), t.warmupSeconds(), t.measureSeconds(), t.probeSeconds(), t.endSeconds(), jvm);
  }

  /**
   * An application's time from its JVM's phases ({@link ChildSession.Clock}); a phase this sweep
   * does not know (none today) counts as part of its start.
   */
  static ApplicationTime applicationTime(String group, int application, boolean racing, Instant launchedAt,
      Map<String, Double> secondsByPhase) {
    Map<String, Double> s = new HashMap<>(secondsByPhase);
    double cold = Objects.requireNonNullElse(s.remove(GroupRunner.COLD), 0.0);
    double warmup = Objects.requireNonNullElse(s.remove(GroupRunner.WARMUP), 0.0);
    double measure = Objects.requireNonNullElse(s.remove(GroupRunner.MEASURE), 0.0);
    double probe = Objects.requireNonNullElse(s.remove(GroupRunner.PROBE), 0.0);
    double end = Objects.requireNonNullElse(s.remove(ChildSession.END), 0.0);
    double start = s.values().stream().mapToDouble(Double::doubleValue).sum();
    return new ApplicationTime(group, application, racing, launchedAt, start, cold, warmup, measure, probe, end);
  }
}
