package io.sparknodes.results.analysis;

import io.sparknodes.config.Knobs;
import io.sparknodes.results.GridInfo;
import io.sparknodes.results.Results;
import io.sparknodes.results.analysis.AnalysisRecords.Cell;
import io.sparknodes.results.analysis.AnalysisRecords.Interaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The batch_size by max_concurrency tables of mean time per cell (descriptive: the geometric mean
 * of the cell's measured points' geometric means, from the balanced samples).
 */
final class InteractionTables {
  private InteractionTables() {}

  /**
   * The tables of the {@code measured} cells, when the grid has both axes: first over all of them,
   * then one per use_process value when that axis has more than one value.
   */
  static List<Interaction> of(Results results, List<Measured> measured) {
    GridInfo grid = results.grid();
    if (!grid.hasAxis(Knobs.BATCH_SIZE) || !grid.hasAxis(Knobs.MAX_CONCURRENCY)) {
      return List.of();
    }
    List<Interaction> out = new ArrayList<>();
    out.add(interaction(results, measured, Map.of()));
    if (grid.values(Knobs.USE_PROCESS).size() > 1) {
      for (Object v : grid.values(Knobs.USE_PROCESS)) {
        out.add(interaction(results, measured, Map.of(Knobs.USE_PROCESS, v)));
      }
    }
    return List.copyOf(out);
  }

  private static Interaction interaction(Results results, List<Measured> measured, Map<String, Object> scope) {
    List<Object> rows = results.grid().values(Knobs.BATCH_SIZE);
    List<Object> columns = results.grid().values(Knobs.MAX_CONCURRENCY);
    List<Cell> cells = new ArrayList<>();
    for (Object row : rows) {
      for (Object column : columns) {
        double[] logs = measured.stream()
            .filter(m -> row.equals(m.trial().params().get(Knobs.BATCH_SIZE))
                && column.equals(m.trial().params().get(Knobs.MAX_CONCURRENCY))
                && scope.entrySet().stream().allMatch(e -> e.getValue().equals(m.trial().params().get(e.getKey()))))
            .mapToDouble(Measured::mean).toArray();
        if (logs.length > 0) {
          cells.add(new Cell(row, column, logs.length, Math.exp(Arrays.stream(logs).average().orElseThrow())));
        }
      }
    }
    return new Interaction(scope, Knobs.BATCH_SIZE, Knobs.MAX_CONCURRENCY, rows, columns, cells);
  }
}
