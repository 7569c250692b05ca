package io.sparknodes.report.section;

import static io.sparknodes.config.Knobs.USE_PROCESS;

import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.AnalysisRecords.Interaction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which charts an analysis gets, by file name: the charts draw exactly these, and the sections refer
 * to exactly these.
 */
public final class Figures {
  private Figures() {}

  /** The heat map names and tables this analysis gets, in order. */
  public static Map<String, Interaction> heatmaps(Analysis analysis) {
    Map<String, Interaction> out = new LinkedHashMap<>();
    List<Interaction> tables = analysis.interactions();
    // A table with no measured cell (every point failed) has nothing to draw.
    tables = tables.stream().filter(t -> t.rows().stream().anyMatch(r -> t.columns().stream()
        .anyMatch(c -> t.cell(r, c).isPresent()))).toList();
    for (Interaction t : tables) {
      if (t.scope().containsKey(USE_PROCESS)) {
        out.put("heatmap-use_process-" + Fmt.value(t.scope().get(USE_PROCESS)), t);
      }
    }
    if (out.isEmpty() && !tables.isEmpty()) {
      List<Object> process = analysis.results().grid().values(USE_PROCESS);
      out.put(process.size() == 1 ? "heatmap-use_process-" + Fmt.value(process.get(0)) : "heatmap", tables.get(0));
    }
    return out;
  }

  /** Whether the analysis gets {@code effects}: each knob's level means. */
  public static boolean hasEffects(Analysis analysis) {
    return !analysis.effects().isEmpty();
  }

  /** Whether the analysis gets {@code spread}: every warm sample of every measured point. */
  public static boolean hasSpread(Analysis analysis) {
    return !analysis.ranking().isEmpty();
  }

  /** Whether the analysis gets {@code memory}: time against retained heap. */
  public static boolean hasMemory(Analysis analysis) {
    return !analysis.memoryFront().isEmpty();
  }
}
