package io.sparknodes.report.section;

import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.Recommendation;
import io.sparknodes.results.Summary;
import java.util.Optional;

/** "Optimal configuration": the maximum-throughput point, how to run it and how fast it ran. */
final class OptimalConfiguration extends BaseSection {
  OptimalConfiguration(Analysis analysis) {
    super(analysis, "Optimal configuration");
  }

  @Override
  void body(DocumentWriter out) {
    Optional<Recommendation> rec = analysis.recommendation(Recommendation.UseCase.MAXIMUM_THROUGHPUT);
    if (rec.isEmpty()) {
      noneMeasured(out);
      return;
    }
    Recommendation r = rec.get();
    HowToRun.render(out, r);
    Summary s = r.summary();
    out.line("**Performance:**");
    analysis.best().ifPresent(b -> out.item("Geometric-mean warm time: " + fmt.seconds(b.geometricMean())
        + " s (95% CI " + fmt.interval(b.ciLow(), b.ciHigh()) + " s)"));
    out.item("Median warm time: " + fmt.seconds(s.median()) + " s (" + spreadText(s) + ")");
    out.item("Throughput: " + Fmt.throughput(s.throughput()) + " items/s at the median");
    analysis.speedup().ifPresent(x -> out.item(Fmt.speedup(x) + " as fast as the worst configuration"));
    r.trial().coldSeconds().ifPresent(cold -> out.item("Cold run (first of its group, with executor start and"
        + " stateful build): " + fmt.seconds(cold) + " s"));
    for (String caveat : r.caveats()) {
      out.item("Note: " + caveat + ".");
    }
    out.blank();
  }
}
