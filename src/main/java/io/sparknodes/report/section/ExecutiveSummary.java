package io.sparknodes.report.section;

import static io.sparknodes.config.Knobs.BATCH_SIZE;
import static io.sparknodes.config.Knobs.MAX_CONCURRENCY;

import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.AnalysisRecords.AxisEffect;
import io.sparknodes.results.analysis.AnalysisRecords.Contrast;
import io.sparknodes.results.analysis.AnalysisRecords.Counts;
import io.sparknodes.results.analysis.AnalysisRecords.RankedPoint;
import io.sparknodes.results.analysis.Recommendation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * "Executive summary", the report's first screen: the best configuration as the engine config a
 * user writes, one table of every knob's verdict with its ratio and 95% interval, the point to use
 * per use case, what stays uncertain and how long the sweep took. The details follow in the other
 * sections; this one explains nothing twice.
 */
final class ExecutiveSummary extends BaseSection {
  ExecutiveSummary(Analysis analysis) {
    super(analysis, "Executive summary");
  }

  @Override
  void body(DocumentWriter out) {
    Optional<RankedPoint> best = analysis.best();
    if (best.isEmpty()) {
      out.paragraph("**No point was measured successfully**, so there is nothing to rank. See [Flagged points](#flagged-points).");
      knobs(out);
      sweep(out);
      return;
    }
    RankedPoint b = best.get();
    RankedPoint w = analysis.worst().orElseThrow();
    int tied = analysis.tiedWithBest().size();
    out.paragraph("**Best configuration:** " + out.code(b.trial().id()) + ", geometric-mean warm time "
        + fmt.seconds(b.geometricMean()) + " s (95% CI " + fmt.interval(b.ciLow(), b.ciHigh()) + " s), "
        + speedupText() + " the worst (" + fmt.seconds(w.geometricMean()) + " s)." + (tied <= 1
            ? " No other point is statistically tied with it." : ""));
    analysis.recommendation(Recommendation.UseCase.MAXIMUM_THROUGHPUT)
        .ifPresent(r -> out.codeBlock("java", r.javaSnippet()));
    knobs(out);
    useCases(out);
    uncertain(out);
    sweep(out);
  }

  /** One row a knob of the grid: its verdict, the headline ratio with its interval, and what to use. */
  private void knobs(DocumentWriter out) {
    out.tableHeader(List.of("Knob", "Verdict", "Use", "Slower / faster", "95% CI"), 3);
    for (String axis : grid.axisNames()) {
      Optional<AxisEffect> effect = analysis.effects().stream().filter(e -> e.axis().equals(axis)).findFirst();
      if (effect.isEmpty()) {
        out.tableRow(List.of(out.code(axis), "not compared", grid.values(axis).size() == 1
            ? "the one value tested, " + out.code(Fmt.value(grid.values(axis).get(0)))
            : "no two values have measured points", "–", "–"));
        continue;
      }
      AxisEffect e = effect.get();
      Contrast h = e.headline();
      boolean spread = h.ciHigh() > h.ciLow() && Double.isFinite(h.ciHigh());
      out.tableRow(List.of(out.code(axis), "**" + e.verdict() + "**", use(e), Fmt.speedup(h.ratio()) + " ("
          + Fmt.value(h.slower()) + " / " + Fmt.value(h.faster()) + ")",
          spread ? Fmt.speedup(h.ciLow()) + " – " + Fmt.speedup(h.ciHigh()) : "no spread"));
    }
    out.blank();
    List<String> lines = new ArrayList<>();
    lines.add("REAL: shown to matter; NEGLIGIBLE: every value shown within " + margin() + " of every other;"
        + " UNRESOLVED: neither shown, more samples could tell ([how they are judged](#parameter-effects)).");
    for (AxisEffect e : analysis.effects()) {
      for (String other : analysis.interactingAxes(e.axis())) {
        lines.add("**" + out.code(e.axis()) + " depends on " + out.code(other) + ":** "
            + Verdicts.conditionalText(analysis, out, e.axis(), other) + ".");
      }
    }
    out.paragraph(String.join(" ", lines));
  }

  private String use(AxisEffect e) {
    List<String> others = analysis.interactingAxes(e.axis());
    if (!others.isEmpty()) {
      return "depends on `" + others.get(0) + "`, below";
    }
    return switch (e.verdict()) {
      case REAL -> "one of " + Fmt.values(e.acceptable());
      case NEGLIGIBLE -> "any; pick by " + KnobText.shortReason(e.axis());
      case UNRESOLVED -> "no value shown better";
    };
  }

  /** Each use case's point, its median and why, in one table. */
  private void useCases(DocumentWriter out) {
    out.tableHeader(List.of("Use case", "Configuration", "Why", "Median (s)"), 3);
    for (Recommendation r : analysis.recommendations()) {
      out.tableRow(List.of("[" + r.useCase().title() + "](#" + Sections.anchor(r.useCase().title()) + ")",
          out.code(r.trial().id()), out.cell(String.join("; ", r.reasons())), fmt.seconds(r.summary().median())));
    }
    out.blank();
  }

  /** What the sweep could not settle: unresolved knobs, the tied set, oversubscription, unstable and failed points. */
  private void uncertain(DocumentWriter out) {
    List<String> parts = new ArrayList<>();
    List<String> unresolved = analysis.effects().stream()
        .filter(e -> e.verdict() == Analysis.Verdict.UNRESOLVED).map(e -> out.code(e.axis())).toList();
    if (!unresolved.isEmpty()) {
      parts.add(String.join(", ", unresolved) + ": neither an effect beyond " + margin() + " nor its absence was shown.");
    }
    analysis.effects().forEach(e -> clearButUnresolved(e, true).ifPresent(why -> parts.add("For " + out.code(e.axis())
        + ", " + why + ".")));
    int tied = analysis.tiedWithBest().size();
    if (tied > 1) {
      parts.add("The order among the " + tied + " points statistically tied with the best (the best and " + (tied - 1)
          + " other(s)): none is shown slower than another.");
    }
    // Only knobs that need a new application (all but batch_size) are judged against the applications' noise.
    if (!analysis.replicatedApplications() && analysis.effects().stream().anyMatch(e -> !e.axis().equals(BATCH_SIZE))) {
      parts.add("Each group ran as one application, so knobs that need a new application are judged against the"
          + " noise within it only.");
    }
    if (!analysis.unstable().isEmpty()) {
      parts.add(analysis.unstable().size() + " unstable point(s) ([Measurement quality](#measurement-quality)).");
    }
    List<RankedPoint> over = analysis.oversubscribed();
    if (!over.isEmpty()) {
      parts.add("**Context:** " + over.size() + " of " + analysis.ranking().size() + " measured points ran more"
          + " concurrency than this machine's " + results.environment().cores() + " cores (`max_concurrency` "
          + Fmt.values(new ArrayList<>(over.stream().map(r -> r.trial().params().get(MAX_CONCURRENCY)).distinct()
              .sorted(Comparator.comparingInt(v -> (Integer) v)).toList()))
          + "). Their results say how oversubscription behaves here and do not carry over to a machine with more"
          + " cores.");
    }
    out.paragraph("**Uncertain:** " + (parts.isEmpty() ? "nothing: every knob's verdict is shown and no other"
        + " point is tied with the best." : String.join(" ", parts)));
  }

  private void sweep(DocumentWriter out) {
    Counts c = analysis.counts();
    double wall = TimeSpent.wallSeconds(results);
    out.paragraph("**Sweep:** Tested **" + c.recorded() + " of " + c.gridPoints() + " configurations** ("
        + c.measured() + " measured, " + c.failed() + " failed, " + c.timeouts() + " timed out, " + c.notRun()
        + " not run" + (c.failed() + c.timeouts() > 0 ? ": [Flagged points](#flagged-points)" : "") + "), workload "
        + out.code(grid.workload()) + ", " + Fmt.integer(grid.items()) + " items a run, at least " + grid.warmup()
        + " warm-up run(s) and " + grid.repeats() + " measured repeat(s) a point" + fewerRepeats(grid.repeats())
        + "; it took " + Fmt.fixed(wall, 1) + " s of wall time (" + duration(wall) + ").");
  }

  /**
   * What the sentence on repeats must add when measured points hold fewer balanced samples than the
   * grid's repeats: under the shared design the points of groups not replicated after the first pass
   * (stopped as not contenders), or points whose later applications have not run (a sweep stopped
   * early).
   */
  private String fewerRepeats(int repeats) {
    List<io.sparknodes.results.Trial> fewer = results.trials().stream()
        .filter(t -> t.status() == io.sparknodes.results.Status.OK && t.warmSeconds().size() < repeats).toList();
    if (fewer.isEmpty()) {
      return "";
    }
    int least = fewer.stream().mapToInt(t -> t.warmSeconds().size()).min().orElseThrow();
    List<io.sparknodes.results.Trial> stopped = fewer.stream()
        .filter(t -> t.stopReason().filter(r -> r == io.sparknodes.results.StopReason.NOT_CONTENDER).isPresent())
        .toList();
    int notReplicated = stopped.size();
    long groups = stopped.stream().map(t -> io.sparknodes.results.ApplicationTime.groupOf(t.params())).distinct().count();
    List<String> why = new ArrayList<>();
    if (notReplicated > 0) {
      why.add(notReplicated + " in the " + groups + " group(s) not replicated, as they held no contender after the"
          + " first pass");
    }
    if (notReplicated < fewer.size()) {
      why.add((fewer.size() - notReplicated) + " whose later applications have not run");
    }
    return " (fewer for " + fewer.size() + " point(s), down to " + least + ": " + String.join("; ", why) + ")";
  }

  private static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? s / 3600 + " h " + (s % 3600) / 60 + " min" : s >= 60 ? s / 60 + " min " + s % 60 + " s"
        : s + " s";
  }

  private String speedupText() {
    OptionalDouble s = analysis.speedup();
    return s.isPresent() ? Fmt.speedup(s.getAsDouble()) + " as fast as" : "compared with";
  }
}
