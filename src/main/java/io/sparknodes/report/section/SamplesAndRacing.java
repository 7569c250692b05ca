package io.sparknodes.report.section;

import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.AnalysisRecords.RankedPoint;
import io.sparknodes.results.StopReason;
import io.sparknodes.results.Trial;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** "Samples and racing": samples per point, balanced and racing, and why each point's sampling stopped. */
final class SamplesAndRacing extends BaseSection {
  SamplesAndRacing(Analysis analysis) {
    super(analysis, "Samples and racing");
  }

  @Override
  void body(DocumentWriter out) {
    if (analysis.ranking().isEmpty()) {
      noneMeasured(out);
      return;
    }
    if (grid.racing()) {
      out.paragraph("After the balanced samples (`repeats` = " + grid.repeats() + " per point, shared over the"
          + " balanced applications), racing sampled only the contenders, the points tied with the best, in extra"
          + " applications of their groups, up to `max_repeats` = " + grid.maxRepeats() + " samples a point within"
          + " `budget_seconds` = " + Fmt.fixed(grid.budgetSeconds(), 0) + " s of racing. A contender stops when its"
          + " place is settled (shown within " + margin() + " of the best; the best once no other contender is"
          + " unresolved), at `max_repeats`, or when the budget is spent.");
    } else {
      out.paragraph("Racing was off (" + (grid.budgetSeconds() > 0 ? "`max_repeats` not above `repeats`"
          : "`budget_seconds` = 0") + "): every point has only its balanced samples.");
    }
    out.paragraph("Which samples each figure uses: the parameter effects, verdicts and interactions use only the"
        + " balanced samples, so that racing's early stopping cannot bias them; the ranking, the points tied with the"
        + " best, the optimal configuration and the recommendations use every sample, racing ones included; medians,"
        + " CVs and the unstable-point rules use the balanced samples.");
    out.tableHeader(List.of("Rank", "Point", "Tied with best", "Sampling stopped", "Balanced samples", "Racing samples"),
        4);
    // Points that were not contenders have their balanced samples only: counted below, not listed.
    List<RankedPoint> quiet = analysis.ranking().stream().filter(p -> !p.tiedWithBest()
        && p.trial().racingSeconds().isEmpty() && p.trial().stopReason().orElse(null) == StopReason.NOT_CONTENDER)
        .toList();
    for (RankedPoint p : analysis.ranking()) {
      if (quiet.contains(p)) {
        continue;
      }
      Trial t = p.trial();
      out.tableRow(List.of(Integer.toString(p.rank()), out.code(t.id()), p.tiedWithBest() ? "yes" : "no",
          t.stopReason().map(SamplesAndRacing::stopText).orElse("not recorded"),
          Integer.toString(t.warmSeconds().size()), Integer.toString(t.racingSeconds().size())));
    }
    out.blank();
    if (!quiet.isEmpty()) {
      int[] n = quiet.stream().mapToInt(p -> p.trial().warmSeconds().size()).sorted().toArray();
      out.paragraph("The other " + quiet.size() + " point(s), ranks " + quiet.stream().map(p -> Integer.toString(p.rank()))
          .collect(Collectors.joining(", ")) + ", were not contenders: balanced samples only (" + (n[0] == n[n.length - 1]
          ? Integer.toString(n[0]) : n[0] + " to " + n[n.length - 1]) + " a point), no racing samples.");
    }
    Map<String, Long> counts = new TreeMap<>();
    analysis.ranking().forEach(p -> counts.merge(p.trial().stopReason().map(StopReason::key)
        .orElse("not recorded"), 1L, Long::sum));
    out.paragraph("Stop reasons: " + counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", ")) + ".");
  }

  private static String stopText(StopReason r) {
    return switch (r) {
      case SETTLED -> "settled";
      case MAX_REPEATS -> "max_repeats reached";
      case BUDGET -> "budget spent";
      case NOT_CONTENDER -> "not a contender";
      case FAILED -> "a racing application failed";
      case DISABLED -> "racing off";
    };
  }
}
