package io.sparknodes.tuning;

import io.sparknodes.results.Status;
import io.sparknodes.results.Trial;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One group's JVM, from start to exit: reads its {@link ChildEvent}s, holds it to its deadlines and
 * turns what it reports, or fails to, into trials. The first run must start within the start
 * allowance and each run must end within the grid's time limit (each {@link
 * ChildEvent.RunStarting} restarts the clock); a JVM past its deadline is killed with its
 * descendants (process-mode executors). A run past the time limit is recorded as a TIMEOUT trial
 * of its point; an application that never started, or a JVM that exits with an error before
 * finishing, fails its points (the running one, or all still pending).
 */
final class ChildSession {
  private static final Logger LOG = LoggerFactory.getLogger(ChildSession.class);
  private static final Object EOF = new Object();

  /** Hears what the child does. */
  interface Listener {
    /** A run of a point starts. */
    void running(String pointId, String phase, int round);

    /** A point's trial: reported by the child, or made here for a point the child failed to finish. */
    void trial(Trial trial) throws IOException;

    /**
     * The JVM is gone (exited, or killed): its wall time by phase, from {@code launchedAt} (see
     * {@link Clock}).
     */
    default void ended(Instant launchedAt, Map<String, Double> secondsByPhase) throws IOException {}

    /**
     * The JVM ran several groups one after another (shared design) and is gone: called instead of
     * {@link #ended} once per group, in the order they ran, with the wall time by phase of its part
     * of the JVM's life from {@code startedAt} (the first group's from the JVM's launch; the JVM's
     * exit in the last group's end).
     */
    default void groupEnded(String group, Instant startedAt, Map<String, Double> secondsByPhase) throws IOException {}
  }

  /** The part of a JVM's life before its first run: the JVM's start, its input read, Spark's start. */
  static final String START = "start";
  /** The part after the first result: results sent, Spark stopped, the JVM and its executors gone. */
  static final String END = "end";

  /**
   * A JVM's wall time cut by phase, by this JVM's clock: {@link #START} until the first run, then
   * each run's phase from the first run of it to the next phase's, then {@link #END} from the first
   * result to the exit. Events come on a line each, flushed, so the cuts lag the child's by the
   * pipe's latency only.
   */
  static final class Clock {
    final Instant launchedAt = Instant.now();
    private Map<String, Double> seconds = new LinkedHashMap<>();
    private long mark = System.nanoTime();
    private String phase = START;
    /** The groups' parts, closed ones first, when the JVM runs several groups; the current one last. */
    private final List<Segment> segments = new ArrayList<>();

    /** One group's part of a shared JVM's life. */
    record Segment(String group, Instant startedAt, Map<String, Double> seconds) {}

    /**
     * A new group starts in this JVM: the current phase closes, and the group's part opens in
     * {@link #START} (its application's start). The first call names the group the JVM started with.
     */
    void group(String group) {
      if (segments.isEmpty()) {
        segments.add(new Segment(group, launchedAt, seconds));
        return;
      }
      close();
      seconds = new LinkedHashMap<>();
      phase = START;
      segments.add(new Segment(group, Instant.now(), seconds));
    }

    /** The groups' parts, each closed: empty when the JVM announced no group. */
    List<Segment> segments() {
      return segments.stream().map(g -> new Segment(g.group(), g.startedAt(),
          java.util.Collections.unmodifiableMap(new LinkedHashMap<>(g.seconds())))).toList();
    }

    /** Closes the current phase and opens {@code next} (the same phase goes on uncut). */
    void enter(String next) {
      if (next.equals(phase)) {
        return;
      }
      close();
      phase = next;
    }

    private void close() {
      long now = System.nanoTime();
      seconds.merge(phase, (now - mark) / 1e9, Double::sum);
      mark = now;
    }

    /** Closes the current phase: seconds by phase, in the order first entered. */
    Map<String, Double> stop() {
      close();
      return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
    }
  }

  private final ProcessBuilder process;
  private final Path log;
  private final Duration startAllowance;
  private final double timeLimitSeconds;
  private final int items;
  private int exitCode = -1;

  /**
   * A session of the child {@code process} starts, whose standard error goes to {@code log}.
   *
   * @param items the items of each map, for the trials' throughput
   */
  ChildSession(ProcessBuilder process, Path log, Duration startAllowance, double timeLimitSeconds, int items) {
    this.process = process;
    this.log = log;
    this.startAllowance = startAllowance;
    this.timeLimitSeconds = timeLimitSeconds;
    this.items = items;
  }

  /**
   * Starts the child for {@code pending} and runs it to its end; returns the points it left without
   * a trial (after a run past its time limit, the other points of the group, for a new JVM).
   */
  List<Point> run(List<Point> pending, Listener listener) throws IOException {
    Clock clock = new Clock();
    List<Point> left = run(pending, listener, clock);
    Map<String, Double> phases = clock.stop();
    List<Clock.Segment> groups = clock.segments();
    if (groups.size() > 1) {
      for (Clock.Segment g : groups) {
        listener.groupEnded(g.group(), g.startedAt(), g.seconds());
      }
    } else {
      listener.ended(clock.launchedAt, phases);
    }
    return left;
  }

  private List<Point> run(List<Point> pending, Listener listener, Clock clock) throws IOException {
    List<Point> left = new ArrayList<>(pending);
    Process child = process.start();
    // A sweep stopped by Ctrl-C or SIGTERM takes its child JVM and the child's executors with it.
    Thread killer = new Thread(() -> kill(child), "sweep-kill-" + log.getFileName());
    Runtime.getRuntime().addShutdownHook(killer);
    BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.startsWith(ChildProtocol.MARKER)) {
            lines.add(line);
          }
        }
      } catch (IOException e) {
        LOG.debug("{}: reading the child's output ended: {}", log.getFileName(), e.toString());
      } finally {
        lines.add(EOF);
      }
    }, "sweep-" + log.getFileName());
    reader.setDaemon(true);
    reader.start();

    Duration timeLimit = Duration.ofMillis((long) (timeLimitSeconds * 1000));
    long deadline = System.nanoTime() + startAllowance.plus(timeLimit).toNanos();
    String current = null;
    Instant currentStart = Instant.now();
    try {
      while (true) {
        Object item;
        try {
          item = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
        if (item == null) {
          kill(child);
          if (current == null) {
            failAll(left, "the group's application did not start within " + startAllowance.toSeconds()
                + " s (see " + log + ")", listener);
          } else {
            String timedOut = current;
            // The running point, or (when it had finished) those whose results never came.
            List<Point> over = find(left, timedOut).map(List::of).orElse(List.copyOf(left));
            for (Point p : over) {
              deliver(Trial.builder(p.params()).status(Status.TIMEOUT)
                  .error("a run took longer than the time limit of " + timeLimitSeconds
                      + " s; its Spark application and JVM were torn down")
                  .startedAt(currentStart).finishedAt(Instant.now()).build(), left, listener);
            }
          }
          return left;
        }
        if (item == EOF) {
          break;
        }
        ChildEvent event = ChildProtocol.decode((String) item).orElseThrow();
        if (event instanceof ChildEvent.GroupStarting group) {
          clock.group(group.group());
        } else if (event instanceof ChildEvent.RunStarting run) {
          clock.enter(run.phase());
          if (!run.point().equals(current)) {
            currentStart = Instant.now();
          }
          current = run.point();
          deadline = System.nanoTime() + timeLimit.toNanos();
          listener.running(run.point(), run.phase(), run.round());
        } else if (event instanceof ChildEvent.PointFinished finished) {
          clock.enter(END);
          deliver(finished.result().toTrial(items), left, listener);
        }
      }
      int code = waitFor(child);
      exitCode = code;
      if (!left.isEmpty() && code != 0) {
        String why = "the group's JVM exited with code " + code + " before finishing (see " + log + ")"
            + lastError(log);
        Optional<Point> running = current == null ? Optional.empty() : find(left, current);
        if (running.isPresent()) {
          deliver(Trial.builder(running.get().params()).status(Status.FAILED).error(why)
              .startedAt(currentStart).finishedAt(Instant.now()).build(), left, listener);
        } else {
          failAll(left, why, listener);
        }
      }
      return left;
    } finally {
      if (child.isAlive()) {
        kill(child);
      }
      try {
        Runtime.getRuntime().removeShutdownHook(killer);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or will: it kills the child.
      }
    }
  }

  /** The child's exit code once {@link #run} has returned; -1 when it was killed or did not end. */
  int exitCode() {
    return exitCode;
  }

  private static Optional<Point> find(List<Point> points, String id) {
    return points.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  private static void deliver(Trial trial, List<Point> left, Listener listener) throws IOException {
    listener.trial(trial);
    left.removeIf(p -> p.id().equals(trial.id()));
  }

  private static void failAll(List<Point> left, String why, Listener listener) throws IOException {
    Instant now = Instant.now();
    for (Point p : List.copyOf(left)) {
      deliver(Trial.builder(p.params()).status(Status.FAILED).error(why).startedAt(now).finishedAt(now).build(),
          left, listener);
    }
  }

  private static int waitFor(Process child) {
    try {
      if (!child.waitFor(SweepDefaults.EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(child);
      }
      return child.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill(child);
      return -1;
    }
  }

  /** Kills a child JVM and its descendants (local-cluster executors). */
  static void kill(Process child) {
    child.descendants().forEach(ProcessHandle::destroyForcibly);
    child.destroyForcibly();
    try {
      child.waitFor(SweepDefaults.KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** ": " and the last line of the log that names an exception or error, or "" when none does. */
  private static String lastError(Path log) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> errors = all.stream().filter(l -> l.contains("Exception") || l.contains("Error")).toList();
      return errors.isEmpty() ? "" : ": " + errors.get(errors.size() - 1).strip();
    } catch (IOException e) {
      return "";
    }
  }
}
