package io.sparknodes.report.section;

import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.Recommendation;
import io.sparknodes.results.Summary;
import java.util.Optional;

/**
 * "Optimal configuration": the maximum-throughput point (its engine config is on the first screen),
 * how fast it ran and how to submit it, then each use case's point ({@link UseCases}).
 */
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
    Summary s = r.summary();
    String perf = "The maximum-throughput point, " + out.code(r.trial().id()) + ": "
        + analysis.best().map(b -> "geometric-mean warm time " + fmt.seconds(b.geometricMean()) + " s (95% CI "
            + fmt.interval(b.ciLow(), b.ciHigh()) + " s), ").orElse("") + "median " + fmt.seconds(s.median()) + " s ("
        + spreadText(s) + "), " + Fmt.throughput(s.throughput()) + " items/s at the median"
        + (r.trial().coldSeconds().isPresent() ? ", cold run (first of its group, with executor start and stateful"
            + " build) " + fmt.seconds(r.trial().coldSeconds().getAsDouble()) + " s" : "") + ". Its engine config is on the first screen; to submit it:";
    out.paragraph(perf);
    HowToRun.submit(out, r);
    new UseCases(analysis).body(out);
  }
}
