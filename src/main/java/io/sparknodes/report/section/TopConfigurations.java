package io.sparknodes.report.section;

import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.AnalysisRecords.RankedPoint;
import io.sparknodes.results.Summary;
import io.sparknodes.results.Trial;
import java.util.ArrayList;
import java.util.List;

/** "Top 10 configurations": the fastest points with their intervals, memory and tie with the best. */
final class TopConfigurations extends BaseSection {
  private static final String MEMORY_COLUMNS = "\"Heap retained\" is the largest heap in use after a garbage collection"
      + " while the point's measured maps ran, the largest over the JVMs that ran its tasks (in `local[N]` that is the"
      + " driver's JVM, so it includes the driver's own heap); \"–\" when no collection ran then. \"Alloc. per item\""
      + " is what the nodes' functions allocated per item, from the thread's allocation counter around each batch"
      + " call: the function and the views of its arguments, not the engine's rows, Spark's buffers or"
      + " serialization.";

  TopConfigurations(Analysis analysis) {
    super(analysis, "Top " + Sections.TOP + " configurations");
  }

  @Override
  void body(DocumentWriter out) {
    int top = Sections.TOP;
    if (analysis.ranking().isEmpty()) {
      noneMeasured(out);
      return;
    }
    List<String> header = new ArrayList<>();
    header.add("Rank");
    header.addAll(grid.axisNames());
    header.addAll(List.of("Geo. mean (s)", "95% CI (s)", "Median (s)", "CV", "Throughput (items/s)", "Heap retained",
        "Alloc. per item", "Tied with best"));
    out.tableHeader(header, 0);
    for (RankedPoint p : analysis.ranking().subList(0, Math.min(top, analysis.ranking().size()))) {
      List<String> row = new ArrayList<>();
      row.add(Integer.toString(p.rank()));
      for (String axis : grid.axisNames()) {
        row.add(Fmt.value(p.trial().params().get(axis)));
      }
      Summary s = p.summary();
      row.add(fmt.seconds(p.geometricMean()));
      row.add(fmt.interval(p.ciLow(), p.ciHigh()) + (s.n() == 1 ? " (n = 1, pooled spread)" : ""));
      row.add(fmt.seconds(s.median()));
      row.add(s.hasSpread() ? Fmt.percent(s.cv()) : "–");
      row.add(Fmt.throughput(s.throughput()));
      row.add(heapCell(p.trial()));
      row.add(allocatedCell(p.trial()));
      row.add(p.tiedWithBest() ? "yes" : "no");
      out.tableRow(row);
    }
    out.blank();
    int tied = analysis.tiedWithBest().size();
    out.paragraph("Points are ranked by the geometric mean of their warm samples (the mean of log time), with its 95%"
        + " Student-t interval" + (hasRacingSamples() ? ", over the balanced and the racing samples (median and CV:"
            + " balanced samples only)" : "") + ". \"Tied with best\" is a subset selection (Gupta, Hsu): a point is"
        + " kept when it is not shown slower than any other point, each comparison a one-sided Welch test at "
        + Fmt.fixed(Analysis.ALPHA, 2) + " divided over the other points, so the set holds the truly fastest point"
        + " with 95% confidence. " + tied + " of " + analysis.ranking().size() + " measured points are tied with the"
        + " best" + (tied > top ? ", more than this table shows: Samples and racing marks every point" : "") + ". "
        + MEMORY_COLUMNS);
  }

  private static String heapCell(Trial t) {
    return t.retainedHeapBytes().isPresent() ? Fmt.bytes(t.retainedHeapBytes().getAsLong()) : "–";
  }

  /** The point's allocation per item, or "–" when it has none. */
  static String allocatedCell(Trial t) {
    return t.allocatedBytesPerItem().isPresent() ? Fmt.bytes(Math.round(t.allocatedBytesPerItem().getAsDouble())) : "–";
  }
}
