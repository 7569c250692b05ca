package io.sparknodes.results.analysis;

import static io.sparknodes.results.Fixtures.axes;
import static io.sparknodes.results.Fixtures.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.Fixtures;
import io.sparknodes.results.GridInfo;
import io.sparknodes.results.Results;
import io.sparknodes.results.Trial;
import io.sparknodes.results.analysis.Recommendation.UseCase;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecommendationTest {
  /**
   * 18 points whose samples m * {0.9, 1, 1.1} are all tied with the best (m = 0.95) except the six
   * use_process=false, max_concurrency=4 points, which are three times slower.
   */
  private static Analysis sweep() {
    GridInfo grid = Fixtures.grid(axes("use_process", List.of(false, true), "max_concurrency", List.of(1, 2, 4),
        "batch_size", List.of(2048, 128, 512)), 3);
    Results r = Results.start(Fixtures.environment(), grid, Fixtures.T0);
    int minute = 0;
    for (var p : grid.allPoints()) {
      double m = 1.0;
      if (p.get("use_process").equals(false) && p.get("max_concurrency").equals(4)) {
        m = 3.0;
      } else if (Trial.idOf(p).equals("use_process=true,max_concurrency=1,batch_size=2048")) {
        m = 0.95;
      } else if (Trial.idOf(p).equals("use_process=true,max_concurrency=2,batch_size=512")) {
        m = 0.99;
      } else if (Trial.idOf(p).equals("use_process=true,max_concurrency=4,batch_size=2048")) {
        m = 0.98;
      }
      r = r.withTrial(Fixtures.ok(p, minute++, 0.9 * m, m, 1.1 * m));
    }
    return Analysis.of(r);
  }

  private static String id(Analysis a, UseCase useCase) {
    return a.recommendation(useCase).orElseThrow().trial().id();
  }

  @Test
  void maximumThroughput_isTheBestMedian() {
    Analysis a = sweep();
    assertEquals(15, a.tiedWithBest().size());
    assertEquals("use_process=true,max_concurrency=1,batch_size=2048", id(a, UseCase.MAXIMUM_THROUGHPUT));
    assertTrue(a.recommendation(UseCase.MAXIMUM_THROUGHPUT).orElseThrow().caveats().get(0)
        .startsWith("14 other point(s) are statistically tied with it"));
  }

  @Test
  void general_isTheTiedPointNearestTheMiddleOfEveryRange() {
    // batch_size's middle is 512 whatever the declared order; use_process has no middle
    assertEquals("use_process=true,max_concurrency=2,batch_size=512", id(sweep(), UseCase.GENERAL));
  }

  /**
   * max_concurrency 2 is 1.34x slower than 1 at every batch_size: too little for one point's
   * comparison (5 samples a point, log spread 0.16), enough for the knob's, which pools three
   * points. The middle point (2, 512) is tied with the best, yet its 2 is shown slower.
   */
  @Test
  void general_avoidsATiedPointWhoseValueItsKnobsVerdictShowsSlower() {
    GridInfo grid = Fixtures.grid(axes("max_concurrency", List.of(1, 2, 4), "batch_size", List.of(128, 512, 2048)), 5);
    Results r = Results.start(Fixtures.environment(), grid, Fixtures.T0);
    int minute = 0;
    for (var p : grid.allPoints()) {
      double m = switch ((Integer) p.get("max_concurrency")) {
        case 1 -> 1.0;
        case 2 -> 1.336;
        default -> 3.0;
      };
      double[] warm = java.util.stream.DoubleStream.of(-0.2, -0.1, 0, 0.1, 0.2).map(z -> m * Math.exp(z)).toArray();
      r = r.withTrial(Fixtures.ok(p, minute++, warm));
    }
    Analysis a = Analysis.of(r);
    // the premise: the middle point is tied, and the knob's verdict shows its value slower
    assertTrue(a.tiedWithBest().stream().anyMatch(t -> t.trial().id().equals("max_concurrency=2,batch_size=512")),
        "the middle point is tied with the best");
    Analysis.AxisEffect e = a.effect("max_concurrency").orElseThrow();
    assertEquals(Analysis.Verdict.REAL, e.verdict());
    assertTrue(e.shownSlower(2), "2 is shown slower than 1");

    assertEquals("max_concurrency=1,batch_size=512", id(a, UseCase.GENERAL));
    assertTrue(a.recommendation(UseCase.GENERAL).orElseThrow().reasons().get(0)
        .contains("whose values no REAL verdict shows slower"));
  }

  @Test
  void memoryConstrained_isTheSmallestBatchThenFewestCoresThenOneJvm() {
    assertEquals("use_process=false,max_concurrency=1,batch_size=128", id(sweep(), UseCase.MEMORY_CONSTRAINED));
  }

  @Test
  void ioBound_isTheHighestTiedConcurrencyAndSaysItIsIndicative() {
    Analysis a = sweep();
    assertEquals("use_process=true,max_concurrency=4,batch_size=2048", id(a, UseCase.IO_BOUND));
    assertTrue(a.recommendation(UseCase.IO_BOUND).orElseThrow().caveats().get(0)
        .startsWith("derived from workload 'text'; if that workload is CPU-bound, this is only indicative"));
  }

  @Test
  void everyUseCase_isTheBestWhenNothingTiesWithIt() {
    Results r = Results.start(Fixtures.environment(), Fixtures.grid(axes("batch_size", List.of(1, 2, 3)), 3),
        Fixtures.T0);
    r = r.withTrial(Fixtures.ok(params("batch_size", 2), 0, 1.0, 1.01, 0.99));
    r = r.withTrial(Fixtures.ok(params("batch_size", 1), 1, 2.0, 2.01, 1.99));
    r = r.withTrial(Fixtures.ok(params("batch_size", 3), 2, 3.0, 3.01, 2.99));
    Analysis a = Analysis.of(r);
    for (UseCase u : UseCase.values()) {
      assertEquals("batch_size=2", id(a, u), u.name());
    }
    assertEquals(List.of("no other point is statistically tied with the best, so this is the best point"),
        a.recommendation(UseCase.GENERAL).orElseThrow().reasons());
  }

  @Test
  void javaSnippet_buildsTheEngineConfigFromThePointsSettings() {
    Trial t = Fixtures.ok(params("use_process", true, "max_concurrency", 4, "batch_size", 512,
        "spark.sql.shuffle.partitions", 8), 0, 1.0);
    Recommendation rec = new Recommendation(UseCase.GENERAL, t, List.of(), List.of(), 2);
    assertEquals("""
        SparkEngine engine = new SparkEngine(spark, ExecutionConfig.builder()
            .batchSize(512)
            .maxConcurrency(4)
            .useProcess(true)
            .spark("spark.sql.shuffle.partitions", "8")
            .build());""", rec.javaSnippet());
    assertEquals(List.of("--master local-cluster[4,1,1024]", "--conf spark.executor.cores=1",
        "--conf spark.executor.instances=4", "--conf spark.sql.shuffle.partitions=8"), rec.sparkSubmitArgs());
  }

  @Test
  void sparkSubmitArgs_useThreadsOfOneJvmAndTheMachinesCoresByDefault() {
    Recommendation rec = new Recommendation(UseCase.GENERAL, Fixtures.ok(params("batch_size", 64), 0, 1.0),
        List.of(), List.of(), 2);
    assertEquals(List.of("--master local[2]", "--conf spark.executor.cores=2"), rec.sparkSubmitArgs());
    assertEquals("SparkEngine engine = new SparkEngine(spark, ExecutionConfig.builder()\n    .batchSize(64)\n"
        + "    .build());", rec.javaSnippet());
  }
}
