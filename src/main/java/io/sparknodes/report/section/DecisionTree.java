package io.sparknodes.report.section;

import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.AnalysisRecords.AxisEffect;
import io.sparknodes.results.analysis.Recommendation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** "Configuration decision tree": each knob's verdict at the general-purpose point, then the other use cases' points. */
final class DecisionTree extends BaseSection {
  DecisionTree(Analysis analysis) {
    super(analysis, "Configuration decision tree");
  }

  @Override
  void body(DocumentWriter out) {
    Optional<Recommendation> general = analysis.recommendation(Recommendation.UseCase.GENERAL);
    if (general.isEmpty()) {
      noneMeasured(out);
      return;
    }
    out.paragraph("Derived from the same estimates as the ranking: each knob's verdict within the values of the knob it"
        + " depends on, at the general-purpose point.");
    List<String> tree = new ArrayList<>();
    Map<String, Object> at = general.get().params();
    tree.add("Start from the general-purpose point: " + general.get().trial().id());
    List<AxisEffect> effects = Verdicts.sortedEffects(analysis);
    for (int i = 0; i < effects.size(); i++) {
      String branch = i == effects.size() - 1 ? "└─ " : "├─ ";
      AxisEffect e = analysis.effectAt(effects.get(i).axis(), at).orElse(effects.get(i));
      String name = e.axis() + (e.scope().isEmpty() ? "" : " within " + e.scope().entrySet().stream()
          .map(x -> x.getKey() + "=" + Fmt.value(x.getValue())).collect(Collectors.joining(", ")));
      Object value = at.get(e.axis());
      String choice = switch (e.verdict()) {
        case REAL -> "REAL (" + Fmt.speedup(e.ratio()) + "): use one of " + Fmt.values(e.acceptable())
            + (e.shownSlower(value) ? "; the point's " + Fmt.value(value) + " is tied overall through other knobs"
                : " → " + Fmt.value(value));
        case NEGLIGIBLE -> "NEGLIGIBLE: any of " + Fmt.values(Verdicts.levelValues(e)) + "; pick by "
            + KnobText.shortReason(e.axis());
        case UNRESOLVED -> "UNRESOLVED: no value shown better → " + Fmt.value(value);
      };
      tree.add(branch + name + ": " + choice);
    }
    tree.add("");
    for (Recommendation r : analysis.recommendations()) {
      if (r.useCase() == Recommendation.UseCase.GENERAL) {
        continue;
      }
      String question = switch (r.useCase()) {
        case MEMORY_CONSTRAINED -> "Memory tight?";
        case MAXIMUM_THROUGHPUT -> "Need the last percent?";
        case IO_BOUND -> "Waiting on I/O?";
        case GENERAL -> "";
      };
      String suffix = r.useCase() == Recommendation.UseCase.IO_BOUND ? "  (indicative, see below)" : "";
      tree.add(String.format(Locale.ROOT, "%-24s→ %s%s", question, r.trial().id(), suffix));
    }
    out.codeBlock("", String.join("\n", tree));
  }
}
