package io.sparknodes.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.AnalysisRecords.AxisEffect;
import io.sparknodes.results.Fixtures;
import io.sparknodes.results.Results;
import io.sparknodes.results.Status;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The report answers on its first screen: the first 40 lines name the best configuration and every knob's verdict. */
class FirstScreenTest {
  private static final int SCREEN = 40;

  /** A small grid: one knob only, a failure, no racing, no applications recorded. */
  static Results oneKnob() {
    return Results.start(Fixtures.environment(), Fixtures.grid(Fixtures.axes("batch_size", List.of(128, 512, 2048)), 3),
            Fixtures.T0)
        .withTrial(Fixtures.ok(Fixtures.params("batch_size", 128), 0, 1.0, 1.02, 0.98))
        .withTrial(Fixtures.ok(Fixtures.params("batch_size", 512), 1, 0.5, 0.51, 0.49))
        .withTrial(Fixtures.failed(Fixtures.params("batch_size", 2048), 2, Status.FAILED, "java.lang.OutOfMemoryError"));
  }

  private static void assertAnswersOnItsFirstScreen(Results r) {
    Analysis a = Analysis.of(r);
    String md = MarkdownReport.render(a);
    String screen = String.join("\n", Arrays.asList(md.split("\n", -1)).subList(0, Math.min(SCREEN,
        md.split("\n", -1).length)));
    String best = a.best().orElseThrow().trial().id();
    assertTrue(screen.contains("**Best configuration:** `" + best + "`"), screen);
    assertTrue(screen.contains("```java\nSparkEngine engine = new SparkEngine(spark, ExecutionConfig.builder()"), screen);
    for (String axis : r.grid().axisNames()) {
      Optional<AxisEffect> e = a.effects().stream().filter(x -> x.axis().equals(axis)).findFirst();
      String verdict = e.map(x -> "**" + x.verdict() + "**").orElse("not compared");
      assertTrue(screen.contains("| `" + axis + "` | " + verdict + " |"), axis + " in\n" + screen);
    }
    assertTrue(screen.contains("| Use case | Configuration |"), screen);
    assertTrue(screen.contains("**Uncertain:**"), screen);
    assertTrue(screen.contains("s of wall time"), screen);
    // the contents list follows the first screen's answer
    assertTrue(md.indexOf("**Contents:** ") > md.indexOf("**Sweep:**"), md);
  }

  @Test
  void seedLikeSweep() {
    assertAnswersOnItsFirstScreen(Sweeps.seedLike());
  }

  @Test
  void seedGrid() {
    assertAnswersOnItsFirstScreen(Sweeps.seedGrid());
  }

  @Test
  void interactingKnobs() {
    assertAnswersOnItsFirstScreen(Sweeps.interacting());
  }

  @Test
  void smallGridOfOneKnob_withAFailureAndNoRacing() {
    Results r = oneKnob();
    assertAnswersOnItsFirstScreen(r);
    String md = MarkdownReport.render(Analysis.of(r));
    assertTrue(md.contains("1 failed, 0 timed out, 0 not run: [Flagged points](#flagged-points)"), md);
  }

  @Test
  void smallFixture_withAKnobOfOneMeasuredValue() {
    assertAnswersOnItsFirstScreen(Fixtures.small());
  }
}
