package io.sparknodes.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class StatisticsTest {
  private static final double EPS = 1e-9;

  @Test
  void summarize_knownSample_matchesHandComputedValues() {
    Summary s = Statistics.summarize(new double[] {2, 4, 4, 4, 5, 5, 7, 9}, 90);
    double std = Math.sqrt(32.0 / 7);
    double half = 2.3646242515927844 * std / Math.sqrt(8); // t(0.975, 7)
    assertEquals(8, s.n());
    assertEquals(5.0, s.mean(), EPS);
    assertEquals(4.5, s.median(), EPS);
    assertEquals(2.138089935299395, s.std(), EPS);
    assertEquals(std / 5.0, s.cv(), EPS);
    assertEquals(5.0 - half, s.ciLow(), 1e-6);
    assertEquals(5.0 + half, s.ciHigh(), 1e-6);
    assertEquals(3.21251208176379, s.ciLow(), 1e-6);
    assertEquals(2.0, s.min(), EPS);
    assertEquals(9.0, s.max(), EPS);
    assertEquals(20.0, s.throughput(), EPS);
    assertTrue(s.hasSpread());
  }

  @Test
  void summarize_oddCount_medianIsMiddleValue() {
    assertEquals(0.3, Statistics.summarize(new double[] {0.5, 0.1, 0.3}, 1).median(), EPS);
  }

  @Test
  void summarize_singleSample_hasNoSpreadAndNoNaN() {
    Summary s = Statistics.summarize(new double[] {1.5}, 3);
    assertFalse(s.hasSpread());
    assertEquals(0.0, s.std());
    assertEquals(0.0, s.cv());
    assertEquals(1.5, s.ciLow());
    assertEquals(1.5, s.ciHigh());
    assertEquals(2.0, s.throughput(), EPS);
  }

  @Test
  void summarize_rejectsEmptyAndNonFiniteSamples() {
    assertEquals("cannot summarize zero samples",
        assertThrows(IllegalArgumentException.class, () -> Statistics.summarize(new double[0], 1)).getMessage());
    assertEquals("sample 1 is not finite: NaN",
        assertThrows(IllegalArgumentException.class,
            () -> Statistics.summarize(new double[] {1, Double.NaN}, 1)).getMessage());
  }

  @Test
  void welch_matchesReferenceValue() {
    OptionalDouble p = Statistics.welchPValue(new double[] {1.1, 1.3, 1.2, 1.5, 1.4},
        new double[] {1.6, 1.8, 1.5, 1.9, 1.7, 2.0});
    assertEquals(0.0019287343508296796, p.getAsDouble(), 1e-9); // scipy.stats.ttest_ind(equal_var=False)
  }

  @Test
  void welch_oneSampleWithoutVariance_usesTheOthersVariance() {
    OptionalDouble p = Statistics.welchPValue(new double[] {1.0, 1.0, 1.0}, new double[] {1.2, 1.4, 1.3});
    assertEquals(0.03509871864598467, p.getAsDouble(), 1e-9);
  }

  @Test
  void welch_bothWithoutVariance_isCertain() {
    assertEquals(1.0, Statistics.welchPValue(new double[] {2, 2}, new double[] {2, 2, 2}).getAsDouble());
    assertEquals(0.0, Statistics.welchPValue(new double[] {2, 2}, new double[] {3, 3}).getAsDouble());
  }

  @Test
  void welch_isEmptyWhenASampleHasNoSpreadEstimate() {
    assertTrue(Statistics.welchPValue(new double[] {1}, new double[] {1, 2}).isEmpty());
  }

  @Test
  void timesIntervalIsCutAtZero_andOtherwiseTheMeansInterval() {
    Summary wide = Statistics.summarizeSeconds(List.of(0.01, 0.13), 1000);
    assertTrue(Statistics.summarize(List.of(0.01, 0.13), 1000).ciLow() < 0);
    assertEquals(0.0, wide.ciLow());
    assertEquals(Statistics.summarize(List.of(0.01, 0.13), 1000).ciHigh(), wide.ciHigh());
    Summary narrow = Statistics.summarizeSeconds(List.of(0.10, 0.11, 0.12), 1000);
    assertEquals(Statistics.summarize(List.of(0.10, 0.11, 0.12), 1000), narrow);
  }
}
