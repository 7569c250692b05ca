package io.sparknodes.report.section;

import io.sparknodes.results.analysis.Analysis;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** "Time and memory": the Pareto front of time against measured memory, what the memory-constrained pick rests on. */
final class TimeAndMemory extends BaseSection {
  TimeAndMemory(Analysis analysis) {
    super(analysis, "Time and memory");
  }

  /** Only when some point was measured. */
  @Override
  public boolean shown() {
    return !analysis.ranking().isEmpty();
  }

  @Override
  void body(DocumentWriter out) {
    List<Analysis.MemoryPoint> points = analysis.memoryFront();
    if (points.isEmpty()) {
      out.paragraph("No measured point has a retained-heap figure (no garbage collection ran during the measured maps,"
          + " or the JVMs cannot count), so time and memory cannot be weighed here.");
      return;
    }
    List<Analysis.MemoryPoint> front = points.stream().filter(Analysis.MemoryPoint::onFront)
        .sorted(Comparator.comparingLong(Analysis.MemoryPoint::retainedHeapBytes)).toList();
    out.paragraph(points.size() + " of " + analysis.ranking().size() + " measured points have a retained-heap figure; "
        + front.size() + (front.size() == 1 ? " of them is" : " of them are") + " on the time-memory front (no other"
        + " point is both as fast and as small). The front uses point estimates: which time differences are real is for"
        + " the tied set and the verdicts to say.");
    List<String> header = new ArrayList<>(grid.axisNames());
    header.addAll(List.of("Geo. mean (s)", "Heap retained", "Alloc. per item", "Rank", "Tied with best"));
    out.tableHeader(header, 0);
    for (Analysis.MemoryPoint m : front) {
      List<String> row = new ArrayList<>();
      for (String axis : grid.axisNames()) {
        row.add(Fmt.value(m.point().trial().params().get(axis)));
      }
      row.add(fmt.seconds(m.point().geometricMean()));
      row.add(Fmt.bytes(m.retainedHeapBytes()));
      row.add(TopConfigurations.allocatedCell(m.point().trial()));
      row.add(Integer.toString(m.point().rank()));
      row.add(m.point().tiedWithBest() ? "yes" : "no");
      out.tableRow(row);
    }
    out.blank();
    out.image("Time against memory", "memory.png");
  }
}
