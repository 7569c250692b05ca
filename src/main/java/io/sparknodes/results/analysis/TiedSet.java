package io.sparknodes.results.analysis;

import io.sparknodes.results.Trial;
import io.sparknodes.results.analysis.AnalysisRecords.RankedPoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The ranking of the measured points by geometric mean, from every sample, racing ones included,
 * and the subset of them tied with the best (Gupta/Hsu): a point is kept unless it is shown slower
 * than some other point at the one-sided Bonferroni bound over the {@code k - 1} others, so that
 * the set holds the truly fastest point with probability at least {@code 1 -} {@link
 * Analysis#ALPHA}. The best point is always in the set.
 */
final class TiedSet {
  private final VarianceModel model;
  private final double margin;
  private final List<RankedPoint> ranking;

  /** The ranking under {@code model}; {@code margin} is {@code log(1 + negligible_effect)}. */
  TiedSet(VarianceModel model, double margin) {
    this.model = model;
    this.margin = margin;
    this.ranking = rank();
  }

  /** See {@link Analysis#ranking()}. */
  List<RankedPoint> ranking() {
    return ranking;
  }

  private List<RankedPoint> rank() {
    List<Measured> sorted = new ArrayList<>(model.all());
    sorted.sort(Comparator.comparingDouble(Measured::mean).thenComparingInt(Measured::gridIndex));
    int k = sorted.size();
    List<RankedPoint> out = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      Measured m = sorted.get(i);
      boolean tied = true;
      for (int j = 0; j < k && tied; j++) {
        if (j != i) {
          tied = !shownSlower(m, sorted.get(j), k);
        }
      }
      double[] v = model.variance(List.of(m), new double[] {1});
      double half = VarianceModel.halfWidth(Math.sqrt(v[0]), v[1]);
      out.add(new RankedPoint(i + 1, m.trial(), m.trial().summary().orElseThrow(), Math.exp(m.mean()),
          Math.exp(m.mean() - half), Math.exp(m.mean() + half), tied || i == 0));
    }
    return List.copyOf(out);
  }

  /** See {@link Analysis#withinMarginOfBest(Trial)}. */
  boolean withinMarginOfBest(Trial trial) {
    if (ranking.isEmpty()) {
      return false;
    }
    Measured best = cell(ranking.get(0).trial().id()).orElseThrow();
    Optional<Measured> m = cell(trial.id());
    if (m.isEmpty()) {
      return false;
    }
    if (m.get() == best) {
      return true;
    }
    int k = model.all().size();
    double[] v = model.variance(List.of(m.get(), best), new double[] {1, -1});
    if (Double.isNaN(v[0])) {
      return false;
    }
    double diff = m.get().mean() - best.mean();
    return diff + VarianceModel.upperQuantile(Analysis.ALPHA / Math.max(1, k - 1), v[1]) * Math.sqrt(v[0])
        < margin;
  }

  private Optional<Measured> cell(String id) {
    return model.all().stream().filter(x -> x.trial().id().equals(id)).findFirst();
  }

  /** Whether point a is shown slower than point b at the subset selection's Bonferroni bound over k - 1. */
  private boolean shownSlower(Measured a, Measured b, int k) {
    double[] v = model.variance(List.of(a, b), new double[] {1, -1});
    if (Double.isNaN(v[0])) {
      return false;
    }
    return a.mean() - b.mean() > VarianceModel.upperQuantile(Analysis.ALPHA / (k - 1), v[1]) * Math.sqrt(v[0]);
  }
}
