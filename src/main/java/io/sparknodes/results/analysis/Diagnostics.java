package io.sparknodes.results.analysis;

import io.sparknodes.config.Knobs;
import io.sparknodes.results.ApplicationTime;
import io.sparknodes.results.Results;
import io.sparknodes.results.Statistics;
import io.sparknodes.results.Status;
import io.sparknodes.results.Summary;
import io.sparknodes.results.Trial;
import io.sparknodes.results.analysis.AnalysisRecords.Counts;
import io.sparknodes.results.analysis.AnalysisRecords.MemoryPoint;
import io.sparknodes.results.analysis.AnalysisRecords.RankedPoint;
import io.sparknodes.results.analysis.AnalysisRecords.Spread;
import io.sparknodes.results.analysis.AnalysisRecords.Unstable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * What a report says about the trials besides the model: how they ended, the spread of the
 * measured points, the flags (those of every point and of whole groups stated once), failures,
 * unstable and oversubscribed points, the noise floor and the time-memory front. Descriptive: no
 * verdict depends on it.
 */
final class Diagnostics {
  private final Results results;
  private final List<Measured> balanced;
  private final List<RankedPoint> ranking;
  private final List<String> flagsOfEveryPoint;
  private final Map<String, List<String>> flagsOfWholeGroups;

  /** The diagnostics of results, with the model's balanced cells and the ranking. */
  Diagnostics(Results results, List<Measured> balanced, List<RankedPoint> ranking) {
    this.results = results;
    this.balanced = balanced;
    this.ranking = ranking;
    this.flagsOfEveryPoint = results.trials().size() < 2 ? List.of() : commonFlags(results.trials());
    this.flagsOfWholeGroups = wholeGroupFlags(results.trials(), flagsOfEveryPoint);
  }

  /** See {@link Analysis#noiseFloorCv()}. */
  OptionalDouble noiseFloorCv() {
    double[] cvs = balanced.stream().map(m -> m.trial().summary().orElseThrow())
        .filter(Summary::hasSpread).mapToDouble(Summary::cv).toArray();
    return cvs.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(Statistics.median(cvs));
  }

  /** See {@link Analysis#replicatedApplications()}. */
  boolean replicatedApplications() {
    return balanced.stream().anyMatch(m -> m.trial().applicationCount() >= 2);
  }

  /** See {@link Analysis#counts()}. */
  Counts counts() {
    int ok = 0;
    int failed = 0;
    int timeouts = 0;
    for (Trial t : results.trials()) {
      switch (t.status()) {
        case OK -> ok++;
        case FAILED -> failed++;
        case TIMEOUT -> timeouts++;
      }
    }
    int recorded = results.trials().size();
    return new Counts(results.grid().points(), recorded, ok, failed, timeouts, ranking.size(),
        Math.max(0, results.grid().points() - recorded));
  }

  /** See {@link Analysis#spread()}. */
  Optional<Spread> spread() {
    if (ranking.isEmpty()) {
      return Optional.empty();
    }
    double[] means = ranking.stream().mapToDouble(RankedPoint::geometricMean).toArray();
    double best = means[0];
    double worst = means[means.length - 1];
    double mean = Arrays.stream(means).average().orElseThrow();
    double std = Statistics.std(means);
    double range = worst - best;
    return Optional.of(new Spread(best, worst, mean, std, range, best > 0 ? 100 * range / best : 0.0,
        mean > 0 ? std / mean : 0.0));
  }

  /** See {@link Analysis#flagged()}. */
  List<Trial> flagged() {
    return results.trials().stream().filter(t -> !t.flags().isEmpty()).toList();
  }

  /** See {@link Analysis#flagsOfEveryPoint()}. */
  List<String> flagsOfEveryPoint() {
    return flagsOfEveryPoint;
  }

  /** See {@link Analysis#flagsOfWholeGroups()}. */
  Map<String, List<String>> flagsOfWholeGroups() {
    return flagsOfWholeGroups;
  }

  /** See {@link Analysis#ownFlags(Trial)}. */
  List<String> ownFlags(Trial t) {
    List<String> group = flagsOfWholeGroups.getOrDefault(ApplicationTime.groupOf(t.params()), List.of());
    return t.flags().stream().filter(f -> !flagsOfEveryPoint.contains(f) && !group.contains(f)).toList();
  }

  private static Map<String, List<String>> wholeGroupFlags(List<Trial> all, List<String> everywhere) {
    Map<String, List<Trial>> byGroup = new LinkedHashMap<>();
    for (Trial t : all) {
      byGroup.computeIfAbsent(ApplicationTime.groupOf(t.params()), k -> new ArrayList<>()).add(t);
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    byGroup.forEach((group, trials) -> {
      if (trials.size() >= 2) {
        List<String> common = commonFlags(trials).stream().filter(f -> !everywhere.contains(f)).toList();
        if (!common.isEmpty()) {
          out.put(group, common);
        }
      }
    });
    return Collections.unmodifiableMap(out);
  }

  private static List<String> commonFlags(List<Trial> trials) {
    Set<String> common = new LinkedHashSet<>(trials.get(0).flags());
    for (Trial t : trials) {
      common.retainAll(t.flags());
    }
    return List.copyOf(common);
  }

  /** See {@link Analysis#failures()}. */
  List<Trial> failures() {
    return results.trials().stream().filter(t -> t.status() != Status.OK).toList();
  }

  /** See {@link Analysis#unstable()}. */
  List<Unstable> unstable() {
    List<Unstable> out = new ArrayList<>();
    for (RankedPoint r : ranking) {
      Summary s = r.summary();
      List<String> reasons = new ArrayList<>();
      if (s.n() < Analysis.MIN_SAMPLES) {
        reasons.add("only " + s.n() + " sample(s), fewer than " + Analysis.MIN_SAMPLES);
      }
      if (s.hasSpread() && s.cv() > Analysis.UNSTABLE_CV) {
        reasons.add(String.format(Locale.ROOT, "CV %.1f%% above %.0f%%", 100 * s.cv(), 100 * Analysis.UNSTABLE_CV));
      }
      if (s.mean() > 0 && s.max() > s.mean() * (1 + Analysis.OUTLIER_FRACTION)) {
        reasons.add(String.format(Locale.ROOT, "the slowest sample is %.0f%% above the mean",
            100 * (s.max() / s.mean() - 1)));
      }
      if (s.mean() > 0 && s.min() < s.mean() * (1 - Analysis.OUTLIER_FRACTION)) {
        reasons.add(String.format(Locale.ROOT, "the fastest sample is %.0f%% below the mean",
            100 * (1 - s.min() / s.mean())));
      }
      if (!reasons.isEmpty()) {
        out.add(new Unstable(r.trial(), reasons));
      }
    }
    return List.copyOf(out);
  }

  /** See {@link Analysis#oversubscribed()}. */
  List<RankedPoint> oversubscribed() {
    int cores = results.environment().cores();
    return ranking.stream().filter(r -> r.trial().params().get(Knobs.MAX_CONCURRENCY) instanceof Integer n
        && n > cores).toList();
  }

  /** See {@link Analysis#memoryFront()}. */
  List<MemoryPoint> memoryFront() {
    List<RankedPoint> with = ranking.stream().filter(r -> r.trial().retainedHeapBytes().isPresent()).toList();
    List<MemoryPoint> out = new ArrayList<>();
    for (RankedPoint r : with) {
      long mem = r.trial().retainedHeapBytes().getAsLong();
      boolean dominated = with.stream().anyMatch(o -> o != r
          && o.geometricMean() <= r.geometricMean() && o.trial().retainedHeapBytes().getAsLong() <= mem
          && (o.geometricMean() < r.geometricMean() || o.trial().retainedHeapBytes().getAsLong() < mem));
      out.add(new MemoryPoint(r, mem, !dominated));
    }
    return List.copyOf(out);
  }
}
