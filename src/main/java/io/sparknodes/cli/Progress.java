package io.sparknodes.cli;

import io.sparknodes.results.Trial;
import io.sparknodes.tuning.Sweep;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a sweep's progress: points done of total, the current point, elapsed time and ETA. A
 * progress bar on a terminal; plain lines otherwise (CI, pipes, files).
 */
final class Progress implements Sweep.Progress, AutoCloseable {
  private final PrintWriter out;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private ProgressBar bar;
  private int startedDone;
  private final java.util.Optional<java.nio.file.Path> reportDir;
  private int applicationsDone = -1;
  private int applicationsPlanned;
  private long applicationsStart = System.nanoTime();
  private int applicationsAtStart;

  Progress(PrintWriter out, boolean terminal) {
    this(out, terminal, null);
  }

  /**
   * Progress that also rewrites the report in {@code reportDir} (null: none) after every
   * application, so that a sweep stopped at any time leaves a valid one.
   */
  Progress(PrintWriter out, boolean terminal, java.nio.file.Path reportDir) {
    this.out = out;
    this.terminal = terminal;
    this.reportDir = java.util.Optional.ofNullable(reportDir);
  }

  @Override
  public void checkpoint(io.sparknodes.results.Results results, int done, int planned) throws java.io.IOException {
    if (applicationsDone < 0) {
      applicationsAtStart = 0;
    }
    applicationsDone = done;
    applicationsPlanned = planned;
    if (reportDir.isPresent()) {
      try {
        io.sparknodes.report.Reporter.writeAll(results, reportDir.get());
      } catch (RuntimeException e) {
        // A report of partial results that cannot be drawn must not stop the sweep; the final one is drawn anyway.
        org.slf4j.LoggerFactory.getLogger(Progress.class).warn("the report of the results so far was not written: {}",
            e.toString());
      }
    }
  }

  /**
   * The seconds left: the balanced applications still planned at the mean wall time of those run
   * so far, once one has run; before that, from the points done (NaN when none is).
   */
  double eta(double elapsed, int done, int total) {
    if (applicationsDone > applicationsAtStart && applicationsPlanned > 0) {
      double perApplication = (System.nanoTime() - applicationsStart) / 1e9 / (applicationsDone - applicationsAtStart);
      return perApplication * Math.max(0, applicationsPlanned - applicationsDone);
    }
    int newly = done - startedDone;
    return newly > 0 ? elapsed / newly * (total - done) : Double.NaN;
  }

  @Override
  public void started(int total, int done) {
    startedDone = done;
    if (terminal) {
      bar = new ProgressBarBuilder().setTaskName("sweep").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(500).showSpeed().build();
      bar.stepTo(done);
    } else {
      out.printf(Locale.ROOT, "sweep: %d points, %d already done%n", total, done);
      out.flush();
    }
  }

  @Override
  public void running(String pointId, String phase, int round) {
    if (bar != null) {
      bar.setExtraMessage(phase + " " + round + ": " + pointId);
    }
  }

  @Override
  public void finished(Trial trial, int done, int total) {
    if (bar != null) {
      bar.stepTo(done);
      return;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double eta = eta(elapsed, done, total);
    String what = trial.summary().map(s -> String.format(Locale.ROOT, "median %.3f s over %d runs", s.median(), s.n()))
        .orElse(trial.error().orElse("no sample"));
    out.printf(Locale.ROOT, "[%d/%d] %s %s: %s (elapsed %s, ETA %s)%n", done, total, trial.status(), trial.id(), what,
        clock(elapsed), Double.isNaN(eta) ? "?" : clock(eta));
    out.flush();
  }

  static String clock(double seconds) {
    Duration d = Duration.ofMillis((long) (seconds * 1000));
    return String.format(Locale.ROOT, "%02d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
