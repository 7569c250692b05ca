package io.sparknodes.results.analysis;

import io.sparknodes.config.Knobs;
import io.sparknodes.results.Results;
import io.sparknodes.results.Trial;
import io.sparknodes.results.analysis.AnalysisRecords.AxisEffect;
import io.sparknodes.results.analysis.AnalysisRecords.MemoryPoint;
import io.sparknodes.results.analysis.AnalysisRecords.RankedPoint;
import io.sparknodes.results.analysis.AnalysisRecords.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The recommendations, one per use case, from the points tied with the best (see {@link
 * Analysis}): maximum throughput is the best point; general purpose the tied point whose values no
 * REAL verdict shows slower and that sits nearest the middle of the tested ranges; memory
 * constrained the least retained heap on the time-memory front (the smallest batch_size as a proxy
 * when no heap was measured); I/O-bound the highest max_concurrency.
 */
final class Recommendations {
  private final Results results;
  private final List<RankedPoint> ranking;
  private final List<MemoryPoint> memoryFront;
  private final Verdicts verdicts;

  private Recommendations(Results results, List<RankedPoint> ranking, List<MemoryPoint> memoryFront,
      Verdicts verdicts) {
    this.results = results;
    this.ranking = ranking;
    this.memoryFront = memoryFront;
    this.verdicts = verdicts;
  }

  /**
   * One recommendation per {@link Recommendation.UseCase}, in that order, from the ranking, the
   * time-memory front and the verdicts; empty without measured points.
   */
  static List<Recommendation> of(Results results, List<RankedPoint> ranking, List<MemoryPoint> memoryFront,
      Verdicts verdicts) {
    return new Recommendations(results, ranking, memoryFront, verdicts).all();
  }

  private List<Recommendation> all() {
    if (ranking.isEmpty()) {
      return List.of();
    }
    int cores = results.environment().cores();
    List<RankedPoint> tied = ranking.stream().filter(RankedPoint::tiedWithBest).toList();
    RankedPoint best = ranking.get(0);
    String tiedText = tied.size() == 1
        ? "no other point is statistically tied with the best, so this is the best point"
        : "among the " + tied.size() + " points statistically tied with the best";
    List<Recommendation> out = new ArrayList<>();

    List<String> generalReasons = new ArrayList<>();
    // A tied point can hold a value that its knob's verdict shows slower (the knob's effect pools
    // over more samples than one point's comparison): prefer the tied points that agree with every
    // verdict, so that the recommendation, the decision tree and the verdicts say the same.
    List<RankedPoint> agreeing = tied.stream().filter(this::agreesWithVerdicts).toList();
    List<RankedPoint> candidates = agreeing.isEmpty() ? tied : agreeing;
    RankedPoint general = candidates.stream().min(Comparator.comparingDouble(this::distanceFromMiddle)
        .thenComparingInt(RankedPoint::rank)).orElseThrow();
    if (tied.size() == 1) {
      generalReasons.add(tiedText);
    } else if (agreeing.isEmpty() || agreeing.size() == tied.size()) {
      generalReasons.add("settings nearest the middle of the tested ranges, " + tiedText);
    } else {
      generalReasons.add("settings nearest the middle of the tested ranges, among the " + agreeing.size() + " of the "
          + tied.size() + " points statistically tied with the best whose values no REAL verdict shows slower");
    }
    out.add(new Recommendation(Recommendation.UseCase.GENERAL, general.trial(), generalReasons, List.of(), cores));

    out.add(memoryConstrained(tied, tiedText, best, cores));

    List<String> fastCaveats = new ArrayList<>();
    if (tied.size() > 1) {
      fastCaveats.add((tied.size() - 1) + " other point(s) are statistically tied with it: its lead over them is"
          + " not shown");
    }
    out.add(new Recommendation(Recommendation.UseCase.MAXIMUM_THROUGHPUT, best.trial(),
        List.of("lowest geometric-mean warm time of the " + ranking.size() + " measured points"), fastCaveats, cores));

    List<String> ioCaveats = new ArrayList<>();
    if (!results.grid().hasAxis(Knobs.MAX_CONCURRENCY)) {
      ioCaveats.add("the grid has no max_concurrency axis, so concurrency was not compared");
    }
    ioCaveats.add("derived from workload '" + results.grid().workload() + "'; if that workload is CPU-bound, this is"
        + " only indicative: work that waits on I/O gains more from extra concurrency than a CPU-bound run can show");
    RankedPoint io = tied.stream().min(Comparator.<RankedPoint>comparingDouble(r -> -number(r, Knobs.MAX_CONCURRENCY))
        .thenComparingInt(RankedPoint::rank)).orElseThrow();
    out.add(new Recommendation(Recommendation.UseCase.IO_BOUND, io.trial(),
        List.of(tied.size() == 1 ? tiedText : "highest max_concurrency " + tiedText), ioCaveats, cores));
    return List.copyOf(out);
  }

  /** The memory-constrained pick: from measured retained heap where there is one, see the class doc. */
  private Recommendation memoryConstrained(List<RankedPoint> tied, String tiedText, RankedPoint best, int cores) {
    List<MemoryPoint> all = memoryFront;
    List<MemoryPoint> front = all.stream().filter(MemoryPoint::onFront).toList();
    Set<String> tiedIds = new LinkedHashSet<>();
    tied.forEach(r -> tiedIds.add(r.trial().id()));
    List<String> caveats = new ArrayList<>();
    long measured = all.size();
    if (measured > 0 && measured < ranking.size()) {
      caveats.add((ranking.size() - measured) + " of the " + ranking.size() + " measured points have no retained-heap"
          + " figure (no garbage collection ran during their maps) and were not compared");
    }
    Optional<MemoryPoint> tiedOnFront = front.stream().filter(m -> tiedIds.contains(m.point().trial().id()))
        .min(Comparator.comparingLong(MemoryPoint::retainedHeapBytes).thenComparingInt(m -> m.point().rank()));
    if (tiedOnFront.isPresent()) {
      MemoryPoint m = tiedOnFront.get();
      return new Recommendation(Recommendation.UseCase.MEMORY_CONSTRAINED, m.point().trial(),
          List.of("least retained heap (" + mib(m.retainedHeapBytes()) + ") on the time-memory front, " + tiedText),
          caveats, cores);
    }
    if (!front.isEmpty()) {
      MemoryPoint m = front.stream().min(Comparator.comparingLong(MemoryPoint::retainedHeapBytes)
          .thenComparingInt(p -> p.point().rank())).orElseThrow();
      double slower = m.point().geometricMean() / best.geometricMean();
      return new Recommendation(Recommendation.UseCase.MEMORY_CONSTRAINED, m.point().trial(),
          List.of("least retained heap (" + mib(m.retainedHeapBytes()) + ") on the time-memory front; no point tied"
              + " with the best has a measured heap, and this one costs " + String.format(Locale.ROOT,
              "%.2fx", slower) + " the best point's time"),
          caveats, cores);
    }
    List<String> proxyCaveats = new ArrayList<>();
    proxyCaveats.add("memory was not measured for any point (no garbage collection ran during the maps, or the"
        + " JVMs cannot count): the smallest batch_size stands in for it");
    if (!results.grid().hasAxis(Knobs.BATCH_SIZE)) {
      proxyCaveats.add("the grid has no batch_size axis, so batch memory was not compared");
    }
    RankedPoint memory = tied.stream().min(Comparator.<RankedPoint>comparingDouble(r -> number(r, Knobs.BATCH_SIZE))
        .thenComparingDouble(r -> number(r, Knobs.MAX_CONCURRENCY))
        .thenComparing(r -> Boolean.TRUE.equals(r.trial().params().get(Knobs.USE_PROCESS)))
        .thenComparingInt(RankedPoint::rank)).orElseThrow();
    return new Recommendation(Recommendation.UseCase.MEMORY_CONSTRAINED, memory.trial(),
        List.of(tied.size() == 1 ? tiedText : "smallest batch_size, then fewest cores, then one JVM, " + tiedText),
        proxyCaveats, cores);
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  /**
   * Whether no knob's verdict that applies at the point ({@link Verdicts#effectAt}) is REAL with the point's
   * value shown slower than another.
   */
  private boolean agreesWithVerdicts(RankedPoint r) {
    Map<String, Object> params = r.trial().params();
    for (String axis : results.grid().axes().keySet()) {
      Optional<AxisEffect> e = verdicts.effectAt(axis, params);
      if (e.isPresent() && e.get().verdict() == Verdict.REAL && e.get().shownSlower(params.get(axis))) {
        return false;
      }
    }
    return true;
  }

  /** The summed distance of a point's values from the middle of each axis's sorted tested range. */
  private double distanceFromMiddle(RankedPoint r) {
    double total = 0;
    for (Map.Entry<String, List<Object>> axis : results.grid().axes().entrySet()) {
      List<Object> sorted = new ArrayList<>(axis.getValue());
      if (sorted.size() < 2) {
        continue;
      }
      sorted.sort(Trial.VALUE_ORDER);
      double position = (double) sorted.indexOf(r.trial().params().get(axis.getKey())) / (sorted.size() - 1);
      total += Math.abs(position - 0.5);
    }
    return total;
  }

  /** A numeric axis value; {@code auto} and other words sort after every number. */
  private static double number(RankedPoint r, String axis) {
    return r.trial().params().get(axis) instanceof Number n ? n.doubleValue() : Double.POSITIVE_INFINITY;
  }
}
