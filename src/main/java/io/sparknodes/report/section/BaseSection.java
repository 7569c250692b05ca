package io.sparknodes.report.section;

import io.sparknodes.config.Knobs;
import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.AnalysisRecords.AxisEffect;
import io.sparknodes.results.analysis.AnalysisRecords.Contrast;
import io.sparknodes.results.GridInfo;
import io.sparknodes.results.Results;
import io.sparknodes.results.Summary;
import java.util.Optional;

/**
 * A section as most are: its heading, then its body. Holds what every section reads (the analysis,
 * its results and grid, the seconds' format) and the phrases several share.
 */
abstract class BaseSection implements Section {
  final Analysis analysis;
  final Results results;
  final GridInfo grid;
  final Fmt fmt;
  private final String heading;

  BaseSection(Analysis analysis, String heading) {
    this.analysis = analysis;
    this.results = analysis.results();
    this.grid = results.grid();
    this.fmt = Fmt.of(analysis);
    this.heading = heading;
  }

  @Override
  public String heading() {
    return heading;
  }

  @Override
  public boolean shown() {
    return true;
  }

  @Override
  public void render(DocumentWriter out) {
    if (shown()) {
      out.section(heading);
      body(out);
    }
  }

  /** What follows the heading. */
  abstract void body(DocumentWriter out);

  /** The body of a section that needs a measured point when there is none. */
  static void noneMeasured(DocumentWriter out) {
    out.paragraph("None: no point was measured successfully.");
  }

  /** "±5.0%": the margin of a negligible effect. */
  String margin() {
    return "±" + Fmt.percent(analysis.negligibleEffect());
  }

  /**
   * Why an UNRESOLVED effect is so although its headline's 95% interval lies beyond the margin
   * ("its 95% interval ... lies beyond ±5.0% taken alone, but ..."), or empty when it does not: the
   * interval is the comparison's own, the verdict holds the family-wise error over every comparison
   * (Holm), and with the few degrees of freedom of a variance between applications that can take
   * far more than the interval shows.
   */
  Optional<String> clearButUnresolved(AxisEffect e, boolean withInterval) {
    Contrast h = e.headline();
    if (e.verdict() != Analysis.Verdict.UNRESOLVED || !(h.ciLow() > 1 + analysis.negligibleEffect())
        || !Double.isFinite(h.ciHigh())) {
      return Optional.empty();
    }
    String df = Double.isFinite(h.df()) ? Fmt.fixed(h.df(), 1) : "unknown";
    boolean fewApplications = analysis.replicatedApplications() && !e.axis().equals(Knobs.BATCH_SIZE) && h.df() < 10;
    return Optional.of("its 95% interval" + (withInterval ? " (" + Fmt.speedup(h.ciLow()) + " – "
        + Fmt.speedup(h.ciHigh()) + ")" : "") + " lies beyond " + margin() + " taken alone, but a verdict holds the error over all "
        + analysis.comparisons() + " comparisons at " + Fmt.fixed(Analysis.ALPHA, 2) + " (Holm), and its adjusted p is "
        + Fmt.fixed(h.adjustedP(), 3) + ", at " + df + " degrees of freedom" + (fewApplications
            ? ": its spread holds the variance between applications, estimated from few of them, and more"
                + " applications (`applications` in the grid) would narrow it"
            : ""));
  }

  /** A summary's spread: "mean 1.234 s, 95% CI ..., CV 2.0%, n = 5", or that it has none. */
  String spreadText(Summary s) {
    if (!s.hasSpread()) {
      return "n = 1: a single sample, no spread";
    }
    return "mean " + fmt.seconds(s.mean()) + " s, 95% CI " + fmt.interval(s.ciLow(), s.ciHigh()) + " s, CV "
        + Fmt.percent(s.cv()) + ", n = " + s.n();
  }

  /** Whether any point has racing samples. */
  boolean hasRacingSamples() {
    return results.trials().stream().anyMatch(t -> !t.racingSeconds().isEmpty());
  }
}
