package io.sparknodes.report.section;

import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.AnalysisRecords.Counts;
import io.sparknodes.results.analysis.AnalysisRecords.Spread;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** "Statistical summary": the share of successful runs, the spread across points against the noise within one, the margin, the tied set. */
final class StatisticalSummary extends BaseSection {
  StatisticalSummary(Analysis analysis) {
    super(analysis, "Statistical summary");
  }

  @Override
  void body(DocumentWriter out) {
    Counts c = analysis.counts();
    out.tableHeader(List.of("Metric", "Value"), 1);
    out.tableRow(List.of("Successful runs", c.ok() + " of " + c.recorded() + " tested (" + Fmt.percent(c.recorded() > 0
        ? (double) c.ok() / c.recorded() : 0) + ")"));
    Optional<Spread> spread = analysis.spread();
    if (spread.isPresent()) {
      Spread s = spread.get();
      out.tableRow(List.of("Mean of geometric means", fmt.seconds(s.mean()) + " s"));
      out.tableRow(List.of("Std dev of geometric means", fmt.seconds(s.std()) + " s"));
      out.tableRow(List.of("Range", fmt.seconds(s.range()) + " s (" + Fmt.fixed(s.rangePercent(), 1) + "% of best)"));
      out.tableRow(List.of("Best / worst geometric mean", fmt.seconds(s.best()) + " s / " + fmt.seconds(s.worst()) + " s"));
      out.tableRow(List.of("CV across points", Fmt.percent(s.cvAcrossPoints())));
    }
    OptionalDouble nf = analysis.noiseFloorCv();
    out.tableRow(List.of("Median within-point CV", nf.isPresent() ? Fmt.percent(nf.getAsDouble())
        : "unknown (no point has two samples)"));
    out.tableRow(List.of("Comparisons under Holm's procedure", Integer.toString(analysis.comparisons())));
    out.blank();
    if (spread.isPresent() && nf.isPresent() && nf.getAsDouble() > 0) {
      double ratio = spread.get().cvAcrossPoints() / nf.getAsDouble();
      out.paragraph("The spread across configurations (CV " + Fmt.percent(spread.get().cvAcrossPoints()) + ") is "
          + Fmt.fixed(ratio, 1) + " times the noise within a point (" + Fmt.percent(nf.getAsDouble()) + "): "
          + (ratio > 2 ? "the settings matter more than the noise."
              : "differences between configurations are of the same order as the measurement noise."));
    }
    if (Figures.hasSpread(analysis)) {
      out.image("Warm samples per point", "spread.png");
    }
  }
}
