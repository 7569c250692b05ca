package io.sparknodes.results.analysis;

import io.sparknodes.results.Results;
import io.sparknodes.results.Trial;
import io.sparknodes.results.analysis.AnalysisRecords.AxisEffect;
import io.sparknodes.results.analysis.AnalysisRecords.Contrast;
import io.sparknodes.results.analysis.AnalysisRecords.Level;
import io.sparknodes.results.analysis.AnalysisRecords.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The effect of every axis with two or more values, over every measured point and within each
 * value of every other such axis, from the balanced samples: its levels' means, its comparisons
 * and their verdicts, with the family-wise error over every comparison held at {@link
 * Analysis#ALPHA} by Holm's step-down procedure; and which effect applies at a point, where axes
 * interact.
 */
final class Verdicts {
  /** A comparison before Holm's adjustment. */
  private static final class Raw {
    final Object faster;
    final Object slower;
    final int contexts;
    final double diff;
    final double se;
    final double df;
    final double p;
    final Verdict candidate;
    Verdict verdict = Verdict.UNRESOLVED;
    /** Holm's adjusted p-value: the verdict is reached when it is at most {@link Analysis#ALPHA}. */
    double adjusted = 1;

    Raw(Object faster, Object slower, int contexts, double diff, double se, double df, double p, Verdict candidate) {
      this.faster = faster;
      this.slower = slower;
      this.contexts = contexts;
      this.diff = diff;
      this.se = se;
      this.df = df;
      this.p = p;
      this.candidate = candidate;
    }
  }

  /** An axis's effect in a scope before Holm's adjustment. */
  private record PendingEffect(String axis, Map<String, Object> scope, List<Level> levels, List<Raw> raws,
      int levelPairs) {}

  private final Results results;
  private final VarianceModel model;
  private final double margin;
  private final List<AxisEffect> effects;
  private final List<AxisEffect> conditional;
  private final int comparisons;

  /** The effects under {@code model}; {@code margin} is {@code log(1 + negligible_effect)}. */
  Verdicts(Results results, VarianceModel model, double margin) {
    this.results = results;
    this.model = model;
    this.margin = margin;
    List<PendingEffect> pending = pendingEffects();
    List<Raw> all = new ArrayList<>();
    pending.forEach(p -> all.addAll(p.raws()));
    holm(all);
    this.comparisons = all.size();
    List<AxisEffect> marginal = new ArrayList<>();
    List<AxisEffect> within = new ArrayList<>();
    for (PendingEffect p : pending) {
      AxisEffect e = finish(p);
      (p.scope().isEmpty() ? marginal : within).add(e);
    }
    this.effects = List.copyOf(marginal);
    this.conditional = List.copyOf(within);
  }

  /** How many comparisons the family-wise error is controlled over. */
  int comparisons() {
    return comparisons;
  }

  /** See {@link Analysis#effects()}. */
  List<AxisEffect> effects() {
    return effects;
  }

  /** See {@link Analysis#effect(String)}. */
  Optional<AxisEffect> effect(String axis) {
    return effects.stream().filter(e -> e.axis().equals(axis)).findFirst();
  }

  /** See {@link Analysis#conditionalEffects(String)}. */
  List<AxisEffect> conditionalEffects(String axis) {
    return conditional.stream().filter(e -> e.axis().equals(axis)).toList();
  }

  /** See {@link Analysis#effectWithin(String,String,Object)}. */
  Optional<AxisEffect> effectWithin(String axis, String otherAxis, Object value) {
    return conditional.stream().filter(e -> e.axis().equals(axis) && e.scope().equals(Map.of(otherAxis, value)))
        .findFirst();
  }

  /** See {@link Analysis#interactingAxes(String)}. */
  List<String> interactingAxes(String axis) {
    Map<String, List<AxisEffect>> byOther = new LinkedHashMap<>();
    for (AxisEffect e : conditionalEffects(axis)) {
      byOther.computeIfAbsent(e.scope().keySet().iterator().next(), k -> new ArrayList<>()).add(e);
    }
    List<String> out = new ArrayList<>();
    boolean overallReal = effect(axis).map(e -> e.verdict() == Verdict.REAL).orElse(false);
    byOther.forEach((other, list) -> {
      boolean differ = false;
      for (AxisEffect a : list) {
        for (AxisEffect b : list) {
          differ |= a.verdict() == Verdict.REAL && b.verdict() == Verdict.NEGLIGIBLE;
          differ |= a.verdict() == Verdict.REAL && b.verdict() == Verdict.REAL && a.shownSlower(b.best().value());
          // Not shown overall, REAL in one, and the other's fastest level (shown or only estimated) one the first
          // shows slower: the overall effect averages over values where it turns (processes win at
          // max_concurrency 2; at 1 threads measured faster).
          differ |= !overallReal && a.verdict() == Verdict.REAL && b != a && a.shownSlower(b.best().value());
        }
      }
      if (differ) {
        out.add(other);
      }
    });
    return List.copyOf(out);
  }

  /** See {@link Analysis#effectAt(String,Map)}. */
  Optional<AxisEffect> effectAt(String axis, Map<String, Object> params) {
    List<String> others = interactingAxes(axis);
    if (!others.isEmpty()) {
      Optional<AxisEffect> within = effectWithin(axis, others.get(0), params.get(others.get(0)));
      if (within.isPresent()) {
        return within;
      }
    }
    Optional<AxisEffect> overall = effect(axis);
    Object value = params.get(axis);
    if (overall.isPresent() && overall.get().verdict() == Verdict.REAL && overall.get().shownSlower(value)) {
      for (AxisEffect e : conditionalEffects(axis)) {
        Map.Entry<String, Object> scope = e.scope().entrySet().iterator().next();
        if (scope.getValue().equals(params.get(scope.getKey())) && !e.shownSlower(value)
            && turns(e, value, overall.get().acceptable())) {
          return Optional.of(e);
        }
      }
    }
    return overall;
  }

  /** Whether {@code value}'s level in {@code e} is at least as fast as every one of {@code preferred} there. */
  private static boolean turns(AxisEffect e, Object value, List<Object> preferred) {
    Optional<Level> at = e.levels().stream().filter(l -> l.value().equals(value)).findFirst();
    return at.isPresent() && e.levels().stream().filter(l -> preferred.contains(l.value()))
        .allMatch(l -> at.get().mean() <= l.mean());
  }

  /** Every axis with two or more values, overall and within each value of every other such axis. */
  private List<PendingEffect> pendingEffects() {
    List<PendingEffect> out = new ArrayList<>();
    Map<String, List<Object>> axes = results.grid().axes();
    for (String axis : axes.keySet()) {
      if (axes.get(axis).size() < 2) {
        continue;
      }
      pending(axis, Map.of()).ifPresent(out::add);
    }
    for (String axis : axes.keySet()) {
      if (axes.get(axis).size() < 2) {
        continue;
      }
      for (String other : axes.keySet()) {
        if (other.equals(axis) || axes.get(other).size() < 2) {
          continue;
        }
        for (Object v : axes.get(other)) {
          pending(axis, Map.of(other, v)).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  private Optional<PendingEffect> pending(String axis, Map<String, Object> scope) {
    Map<Object, Map<String, Measured>> byLevel = new LinkedHashMap<>();
    for (Object value : results.grid().values(axis)) {
      Map<String, Measured> cells = new LinkedHashMap<>();
      for (Measured m : model.balanced()) {
        Map<String, Object> p = m.trial().params();
        if (value.equals(p.get(axis)) && scope.entrySet().stream().allMatch(e -> e.getValue().equals(p.get(e.getKey())))) {
          Map<String, Object> context = new LinkedHashMap<>(p);
          context.remove(axis);
          cells.put(Trial.idOf(context), m);
        }
      }
      if (!cells.isEmpty()) {
        byLevel.put(value, cells);
      }
    }
    if (byLevel.size() < 2) {
      return Optional.empty();
    }
    List<Object> values = new ArrayList<>(byLevel.keySet());
    // Level means and comparisons over the contexts every level was measured in, so that they
    // agree; over each level's own contexts (each pair's common ones) when no context has them all.
    Set<String> complete = new LinkedHashSet<>(byLevel.get(values.get(0)).keySet());
    byLevel.values().forEach(cells -> complete.retainAll(cells.keySet()));
    if (!complete.isEmpty()) {
      byLevel.values().forEach(cells -> cells.keySet().retainAll(complete));
    }
    double[] logMeans = new double[values.size()];
    double[][] intervals = new double[values.size()][];
    int[] counts = new int[values.size()];
    for (int i = 0; i < values.size(); i++) {
      List<Measured> cells = List.copyOf(byLevel.get(values.get(i)).values());
      int c = cells.size();
      counts[i] = c;
      double mean = cells.stream().mapToDouble(Measured::mean).average().orElseThrow();
      double[] weights = new double[c];
      Arrays.fill(weights, 1.0 / c);
      double[] v = model.variance(cells, weights);
      double half = VarianceModel.halfWidth(Math.sqrt(v[0]), v[1]);
      logMeans[i] = mean;
      intervals[i] = new double[] {Math.exp(mean - half), Math.exp(mean + half)};
    }
    double worst = Arrays.stream(logMeans).max().orElseThrow();
    List<Level> levels = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      levels.add(new Level(values.get(i), counts[i], Math.exp(logMeans[i]), intervals[i][0],
          intervals[i][1], Math.exp(worst - logMeans[i])));
    }
    List<Raw> raws = new ArrayList<>();
    int pairs = 0;
    for (int i = 0; i < values.size(); i++) {
      for (int j = i + 1; j < values.size(); j++) {
        pairs++;
        raw(byLevel.get(values.get(i)), byLevel.get(values.get(j)), values.get(i), values.get(j))
            .ifPresent(raws::add);
      }
    }
    return Optional.of(new PendingEffect(axis, scope, levels, raws, pairs));
  }

  /** The comparison of two levels over their common contexts; empty when they share none. */
  private Optional<Raw> raw(Map<String, Measured> a, Map<String, Measured> b, Object va, Object vb) {
    List<String> common = a.keySet().stream().filter(b::containsKey).toList();
    if (common.isEmpty()) {
      return Optional.empty();
    }
    int c = common.size();
    double diff = 0;
    List<Measured> cells = new ArrayList<>();
    double[] weights = new double[2 * c];
    for (String key : common) {
      Measured x = a.get(key);
      Measured y = b.get(key);
      diff += (x.mean() - y.mean()) / c;
      weights[cells.size()] = 1.0 / c;
      cells.add(x);
      weights[cells.size()] = -1.0 / c;
      cells.add(y);
    }
    double[] v = model.variance(cells, weights);
    double se = Math.sqrt(v[0]);
    double size = Math.abs(diff);
    double pReal;
    double pNegligible;
    if (Double.isNaN(se)) {
      pReal = 1;
      pNegligible = 1;
    } else {
      pReal = Math.min(1, 2 * VarianceModel.upperTail((size - margin) / se, v[1]));
      pNegligible = Math.min(1, 2 * VarianceModel.upperTail((margin - size) / se, v[1]));
    }
    boolean aFaster = diff <= 0;
    return Optional.of(new Raw(aFaster ? va : vb, aFaster ? vb : va, c, size, se, v[1], Math.min(pReal, pNegligible),
        pReal <= pNegligible ? Verdict.REAL : Verdict.NEGLIGIBLE));
  }

  /** Holm's step-down procedure over every comparison: each reaches its candidate verdict or stays UNRESOLVED. */
  private static void holm(List<Raw> all) {
    List<Raw> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingDouble(r -> r.p));
    int m = sorted.size();
    double adjusted = 0;
    for (int i = 0; i < m; i++) {
      Raw r = sorted.get(i);
      adjusted = Math.max(adjusted, Math.min(1, (m - i) * r.p));
      r.adjusted = adjusted;
      if (adjusted <= Analysis.ALPHA) {
        r.verdict = r.candidate;
      }
    }
  }

  private AxisEffect finish(PendingEffect p) {
    List<Contrast> contrasts = new ArrayList<>();
    for (Raw r : p.raws()) {
      double half = VarianceModel.halfWidth(r.se, r.df);
      contrasts.add(new Contrast(r.faster, r.slower, r.contexts, Math.exp(r.diff), Math.exp(r.diff - half),
          Math.exp(r.diff + half), r.df, r.p, r.adjusted, r.verdict));
    }
    Level best = p.levels().stream().min(Comparator.comparingDouble(Level::mean)).orElseThrow();
    Level worst = p.levels().stream().max(Comparator.comparingDouble(Level::mean)).orElseThrow();
    Contrast headline = contrasts.stream()
        .filter(c -> c.faster().equals(best.value()) && c.slower().equals(worst.value())
            || c.faster().equals(worst.value()) && c.slower().equals(best.value()))
        .findFirst()
        .orElseGet(() -> contrasts.stream().max(Comparator.comparingDouble(Contrast::ratio))
            .orElse(new Contrast(best.value(), worst.value(), 0, worst.mean() / best.mean(), 0, Double.POSITIVE_INFINITY,
                Double.NaN, 1.0, 1.0, Verdict.UNRESOLVED)));
    Verdict verdict;
    if (contrasts.stream().anyMatch(c -> c.verdict() == Verdict.REAL)) {
      verdict = Verdict.REAL;
    } else if (contrasts.size() == p.levelPairs()
        && contrasts.stream().allMatch(c -> c.verdict() == Verdict.NEGLIGIBLE)) {
      verdict = Verdict.NEGLIGIBLE;
    } else {
      verdict = Verdict.UNRESOLVED;
    }
    return new AxisEffect(p.axis(), p.scope(), p.levels(), best, worst, headline, contrasts, verdict);
  }
}
