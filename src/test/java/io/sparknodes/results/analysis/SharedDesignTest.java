package io.sparknodes.results.analysis;

import static io.sparknodes.results.Fixtures.axes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.ApplicationTime;
import io.sparknodes.results.Design;
import io.sparknodes.results.Fixtures;
import io.sparknodes.results.GridInfo;
import io.sparknodes.results.Results;
import io.sparknodes.results.analysis.AnalysisRecords.AxisEffect;
import io.sparknodes.results.analysis.AnalysisRecords.Contrast;
import io.sparknodes.results.analysis.AnalysisRecords.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The analysis under the shared design (several groups one after another in each JVM, the JVM the
 * whole plot), on synthetic grids shaped as the seed grid's sweep: use_process x max_concurrency x
 * batch_size, two JVMs per use_process value (passes), the groups in declared order in pass 0 and
 * reversed in pass 1, with a JVM effect, a group-in-JVM (SparkContext) effect, a point-by-JVM effect,
 * within-JVM noise, and order effects: a drift along the JVM's groups and a penalty of its first.
 */
class SharedDesignTest {
  private static final GridInfo GRID = Fixtures.grid(axes("use_process", List.of(false, true), "max_concurrency",
      List.of(1, 2, 4, 8), "batch_size", List.of(128, 512, 1024, 2048, 4096, 8192)), 5).withDesign(Design.SHARED);

  /** Sizes of the synthetic effects (log scale). */
  record Effects(double jvm, double session, double point, double within, double drift, double first) {}

  static final Effects SEED_LIKE = new Effects(0.10, 0.05, 0.03, 0.10, 0.02, 0.03);

  /** A shared-design sweep of {@code GRID}: two passes, repeats 3 + 2, the truth times the effects. */
  static Results synthetic(Effects fx, long seed, ToDoubleFunction<Map<String, Object>> truth) {
    Random rnd = new Random(seed);
    Results r = Results.start(Fixtures.environment(), GRID, Fixtures.T0);
    List<Integer> mcs = List.of(1, 2, 4, 8);
    Map<String, List<Double>> warm = new HashMap<>();
    Map<String, List<Integer>> apps = new HashMap<>();
    for (int pass = 0; pass < 2; pass++) {
      int repeats = pass == 0 ? 3 : 2;
      for (boolean up : List.of(false, true)) {
        double jvm = fx.jvm() * rnd.nextGaussian();
        String jvmKey = "use_process=" + up + "#" + pass;
        for (int pos = 0; pos < mcs.size(); pos++) {
          int mc = mcs.get(pass == 0 ? pos : mcs.size() - 1 - pos);
          double session = fx.session() * rnd.nextGaussian() + fx.drift() * pos + (pos == 0 ? fx.first() : 0);
          String group = "use_process=" + up + ",max_concurrency=" + mc;
          r = r.withApplication(new ApplicationTime(group, pass, false, Fixtures.T0, 1, 1, 1, 1, 1, 1, jvmKey));
          for (Map<String, Object> p : GRID.allPoints()) {
            if (!p.get("use_process").equals(up) || !p.get("max_concurrency").equals(mc)) {
              continue;
            }
            String id = io.sparknodes.results.Trial.idOf(p);
            double point = fx.point() * rnd.nextGaussian();
            for (int i = 0; i < repeats; i++) {
              warm.computeIfAbsent(id, k -> new ArrayList<>()).add(
                  truth.applyAsDouble(p) * Math.exp(jvm + session + point + fx.within() * rnd.nextGaussian()));
              apps.computeIfAbsent(id, k -> new ArrayList<>()).add(pass);
            }
          }
        }
      }
    }
    for (Map<String, Object> p : GRID.allPoints()) {
      String id = io.sparknodes.results.Trial.idOf(p);
      r = r.withTrial(AnalysisTest.trial(p, warm.get(id), apps.get(id)));
    }
    return r;
  }

  private static List<AxisEffect> every(Analysis a) {
    List<AxisEffect> all = new ArrayList<>(a.effects());
    for (String axis : List.of("use_process", "max_concurrency", "batch_size")) {
      all.addAll(a.conditionalEffects(axis));
    }
    return all;
  }

  @Test
  void nullGrids_familyWiseFalseReal_atMost5Percent_andIntervalsCoverTheTruth() {
    int n = 200;
    int falseReal = 0;
    int covered = 0;
    int intervals = 0;
    Map<String, Integer> perAxis = new java.util.TreeMap<>();
    for (long seed = 0; seed < n; seed++) {
      Analysis a = Analysis.of(synthetic(SEED_LIKE, seed, p -> 1.0));
      boolean anyReal = false;
      for (AxisEffect e : every(a)) {
        anyReal |= e.verdict() == Verdict.REAL;
      }
      falseReal += anyReal ? 1 : 0;
      // Every comparison of every axis (the headline alone is the most extreme pair: selected).
      for (AxisEffect e : a.effects()) {
        for (Contrast c : e.contrasts()) {
          intervals++;
          covered += c.ciLow() <= 1.0 && 1.0 <= c.ciHigh() ? 1 : 0;
          perAxis.merge(e.axis() + (c.ciLow() <= 1.0 && 1.0 <= c.ciHigh() ? " in" : " out"), 1, Integer::sum);
        }
      }
    }
    System.out.println("shared null grids: false REAL " + falseReal + "/" + n + ", covered " + covered + "/" + intervals
        + " " + perAxis);
    assertTrue(falseReal <= 0.05 * n, "family-wise false REAL in " + falseReal + " of " + n + " grids");
    assertTrue(covered >= 0.90 * intervals, "the 95% interval held the true ratio in " + covered + " of " + intervals);
  }

  @Test
  void crossJvmComparison_carriesTheJvmVariance_withinJvmComparison_doesNot() {
    // Only JVM effects (large): use_process crosses JVMs, max_concurrency stays inside them.
    Effects jvmOnly = new Effects(0.30, 0.0, 0.0, 0.05, 0.0, 0.0);
    int realUseProcess = 0;
    double widerUseProcess = 0;
    int n = 50;
    for (long seed = 0; seed < n; seed++) {
      Analysis a = Analysis.of(synthetic(jvmOnly, seed, p -> 1.0));
      AxisEffect up = a.effect("use_process").orElseThrow();
      AxisEffect mc = a.effect("max_concurrency").orElseThrow();
      realUseProcess += up.verdict() == Verdict.REAL ? 1 : 0;
      widerUseProcess += up.headline().ciHigh() / up.headline().ciLow() > mc.headline().ciHigh() / mc.headline().ciLow()
          ? 1 : 0;
    }
    assertTrue(realUseProcess <= 0.05 * n, "use_process REAL in " + realUseProcess + " of " + n);
    assertEquals(n, widerUseProcess, 0.0, "use_process's interval wider than max_concurrency's in every grid");
  }

  @Test
  void isolatedResults_haveNoJvmComponents() {
    Results r = AnalysisTest.synthetic(GRID.withDesign(Design.ISOLATED), 2, 3, 0.05, 0.05, 1, p -> 1.0);
    assertTrue(!new VarianceModel(r).jvmComponents().known());
  }
}
