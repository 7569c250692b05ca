package io.sparknodes.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.Fixtures;
import io.sparknodes.results.Golden;
import io.sparknodes.results.GridInfo;
import io.sparknodes.results.InputInfo;
import io.sparknodes.results.Results;
import io.sparknodes.results.Status;
import io.sparknodes.results.Trial;
import io.sparknodes.results.analysis.Analysis;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {
  private static String render(Results r) {
    return MarkdownReport.render(Analysis.of(r));
  }

  /** Headings, table header rows and their separators: the report's fixed structure. */
  static String structure(String markdown) {
    String[] lines = markdown.split("\n", -1);
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      boolean header = i + 1 < lines.length && lines[i + 1].startsWith("|---");
      if (lines[i].startsWith("#") || lines[i].startsWith("|---") || header) {
        kept.add(lines[i]);
      }
    }
    return String.join("\n", kept) + "\n";
  }

  @Test
  void noiseParts_sayWhichPartOfTheNoiseLimitsTheKnobsThatNeedAnApplication() {
    // 0.3 in log time is a coefficient of variation of sqrt(exp(0.09) - 1) = 30.7%
    String apps = MarkdownReport.noiseParts(new Analysis.Noise(0.1, 100, 0.3, 8, 2.4));
    assertTrue(apps.contains("a sample varies by about 10.0%"), apps);
    assertTrue(apps.contains("varies by a further 30.7%"), apps);
    assertTrue(apps.contains("With 2.4 balanced samples an application, the applications' levels are the larger part"),
        apps);
    // 0.05^2 = 0.0025 against 0.2^2 / 2.4 = 0.0167: the samples' noise is the larger part
    String samples = MarkdownReport.noiseParts(new Analysis.Noise(0.2, 100, 0.05, 8, 2.4));
    assertTrue(samples.contains("the samples' own noise is the larger part"), samples);
    String none = MarkdownReport.noiseParts(new Analysis.Noise(0.1, 100, 0, 8, 3));
    assertTrue(none.contains("the means differ no more than those samples' noise explains"), none);
    assertFalse(none.contains("further"), none);
  }

  @Test
  void theSharedDesignsParagraph_speaksOfThreadsOnlyWhenThreadGroupsRan() {
    Results base = io.sparknodes.results.Fixtures.small();
    Results processes = base
        .withApplication(new io.sparknodes.results.ApplicationTime("use_process=true,max_concurrency=2", 0, false,
            io.sparknodes.results.Fixtures.T0, 6, 1, 4, 2, 1, 1, "use_process=true#0"))
        .withApplication(new io.sparknodes.results.ApplicationTime("use_process=true,max_concurrency=1", 0, false,
            io.sparknodes.results.Fixtures.T0.plusSeconds(20), 0, 1, 4, 2, 1, 1, "use_process=true#0"));
    String only = render(processes);
    assertTrue(only.contains("Design: shared."), only);
    assertTrue(only.contains("sheds executors"), only);
    assertFalse(only.contains("threads each in a SparkContext"), only);
    assertFalse(only.contains("groups of threads in turn"), only);
    Results both = processes.withApplication(new io.sparknodes.results.ApplicationTime(
        "use_process=false,max_concurrency=2", 0, false, io.sparknodes.results.Fixtures.T0.plusSeconds(40), 6, 1, 4, 2,
        1, 1, "use_process=false#0"));
    String mixed = render(both);
    assertTrue(mixed.contains("threads each in a SparkContext"), mixed);
    assertTrue(mixed.contains("groups of threads in turn"), mixed);
  }

  @Test
  void tiedPointsBeyondTheTopTen_arePointedToWhereEveryPointIsMarked() {
    List<Object> sizes = new ArrayList<>();
    for (int i = 1; i <= 13; i++) {
      sizes.add(100 * i);
    }
    GridInfo grid = Fixtures.grid(Fixtures.axes("use_process", List.of(false), "batch_size", sizes), 3);
    Results r = Results.start(Fixtures.environment(), grid, Fixtures.T0);
    int minute = 0;
    for (Map<String, Object> p : grid.allPoints()) {
      // equal points up to noise far larger than their differences: every one is tied with the best
      double m = 1 + 0.001 * ((Integer) p.get("batch_size") / 100);
      r = r.withTrial(Fixtures.ok(p, minute++, m * 0.8, m, m * 1.25));
    }
    Analysis a = Analysis.of(r);
    assertEquals(13, a.tiedWithBest().size());
    String md = MarkdownReport.render(a);
    assertTrue(section(md, "Top 10 configurations").contains("13 of 13 measured points are tied with the best, more"
        + " than this table shows: Samples and racing marks every point."), md);
    // every point, ranks 11 to 13 included, is marked there
    String racing = section(md, "Samples and racing");
    for (Analysis.RankedPoint p : a.ranking()) {
      assertTrue(racing.contains("| " + p.rank() + " | `" + p.trial().id() + "` | yes |"), racing);
    }
    // ten or fewer tied: the table shows them all
    assertFalse(render(Sweeps.seedLike()).contains("more than this table shows"));
  }

  @Test
  void guideline_saysWhereTheOverallVerdictTurnsAtTheGeneralPurposePoint() {
    // batch_size 2 wins overall (REAL), but within max_concurrency=1, where the only tied point is,
    // batch_size 1 measured faster: the guideline must not tell the reader to leave that point.
    GridInfo grid = Fixtures.grid(Fixtures.axes("max_concurrency", List.of(1, 2, 3), "batch_size", List.of(1, 2)), 5);
    Results r = Results.start(Fixtures.environment(), grid, Fixtures.T0);
    double[][] t = {{1.0, 1.04}, {1.5, 1.2}, {1.5, 1.2}};
    for (int mc = 1; mc <= 3; mc++) {
      for (int bs = 1; bs <= 2; bs++) {
        double x = t[mc - 1][bs - 1];
        r = r.withTrial(Fixtures.ok(Fixtures.params("max_concurrency", mc, "batch_size", bs), 0,
            x * 0.99, x, x * 1.01, x * 0.995, x * 1.005));
      }
    }
    String md = render(r);
    // (the guideline now is the knob's recommendation in Parameter effects; the decision tree's verdict at the
    // general-purpose point is its use case's settings note)
    assertTrue(section(md, "Parameter effects").contains("set `batch_size` to one of [2] for this workload over"
        + " the other knobs' values; within `max_concurrency=1`, the general-purpose point's, the direction turns"
        + " (UNRESOLVED) and its `1` is not shown slower."), section(md, "Parameter effects"));
    assertTrue(section(md, "Optimal configuration").contains("`batch_size=1` (UNRESOLVED: no value shown better within"
        + " max_concurrency=1)"), section(md, "Optimal configuration"));
    // where the overall verdict holds at the point, the guideline has no such clause
    assertFalse(render(Sweeps.seedLike()).contains("the direction turns"));
  }

  @Test
  void structure_followsTheSeedsSectionsAndIsPinnedUnderEveryLocale() {
    Golden.check("report-structure.md", () -> structure(render(Sweeps.seedLike())),
        Locale.ROOT, Locale.GERMANY, Locale.FRANCE);
  }

  /** The lines from one "## " heading up to the next. */
  static String section(String markdown, String heading) {
    int start = markdown.indexOf("## " + heading + "\n");
    int end = markdown.indexOf("\n## ", start + 1);
    return markdown.substring(start, end < 0 ? markdown.length() : end + 1);
  }

  @Test
  void verdictSections_arePinnedUnderEveryLocale() {
    Golden.check("report-verdicts.md", () -> {
      String md = render(Sweeps.interacting());
      return section(md, "Executive summary") + section(md, "Parameter effects") + section(md,
          "Optimal configuration") + section(md, "Measurement quality");
    }, Locale.ROOT, Locale.GERMANY, Locale.FRANCE);
  }

  @Test
  void memorySections_arePinnedUnderEveryLocale() {
    Golden.check("report-memory.md", () -> {
      String md = render(Sweeps.memoryHeavy());
      return section(md, "Top 10 configurations") + section(md, "Time and memory")
          + section(md, "Optimal configuration");
    }, Locale.ROOT, Locale.GERMANY, Locale.FRANCE);
  }

  @Test
  void memoryConstrained_isPickedFromMeasuredMemory_andAutoIsALevelOfItsOwn() {
    String md = render(Sweeps.memoryHeavy());
    assertTrue(md.contains("least retained heap (420.0 MiB) on the time-memory front"), md);
    assertTrue(md.contains("| 2 | auto |"), md);
    assertTrue(md.contains(".autoBatchSize()"), md);
    assertTrue(md.contains("4 of 4 measured points have a retained-heap figure; 4 of them are on the time-memory front"),
        md);
  }

  @Test
  void racingSection_givesSamplesPerPointAndWhySamplingStopped_pinnedUnderEveryLocale() {
    Golden.check("report-racing.md", () -> {
      String md = render(Fixtures.raced());
      return section(md, "Top " + MarkdownReport.TOP + " configurations") + section(md, "Measurement quality")
          + section(md, "Samples and racing");
    }, Locale.ROOT, Locale.GERMANY, Locale.FRANCE);
    String md = render(Fixtures.raced());
    assertTrue(md.contains("| 1 | `max_concurrency=1,batch_size=128` | yes | max_repeats reached | 4 | 2 |"), md);
    assertTrue(md.contains("| Racing applications (1; starts, warm-up, samples, ends) | 7.0 |"), md);
    assertTrue(md.contains("| Application starts (4 balanced applications: JVM launch, input, Spark's start) | 23.4 |"),
        md);
    assertTrue(md.contains("| `max_concurrency=1` | 2 | 6.1 | 4.1 | 2.3 | 14.9 |"), md);
    assertTrue(md.contains("Stop reasons: max_repeats 1, not_contender 4, settled 1."), md);
    assertTrue(md.contains("the parameter effects, verdicts and interactions use only the balanced samples"), md);
  }

  @Test
  void resultsWithoutApplicationTimes_splitTheWallByTheTrialsFigures() {
    Results raced = Fixtures.raced();
    String md = render(new Results(raced.schemaVersion(), raced.environment(), raced.grid(), raced.trials(),
        raced.startedAt(), raced.trials().get(raced.trials().size() - 1).finishedAt(), raced.pipelineGraph()));
    assertTrue(md.contains("| Racing applications (starts, warm-up, samples) | 7.0 |"), md);
    assertTrue(md.contains("| Other: later applications' starts, JVM starts and exits, output checks, memory probes,"
        + " teardown | 28.6 |"), md);
    assertFalse(md.contains("Group (balanced applications)"), md);
  }

  @Test
  void aSweepWithoutRacing_saysSo() {
    String md = render(Fixtures.small());
    assertTrue(md.contains("Racing was off (`budget_seconds` = 0): every point has only its balanced samples."), md);
    assertTrue(md.contains("| not recorded | 3 | 0 |"), md);
  }

  @Test
  void fullText_isIdenticalUnderEveryDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.ROOT);
      String root = render(Sweeps.seedLike());
      Locale.setDefault(Locale.GERMANY);
      assertEquals(root, render(Sweeps.seedLike()));
      Locale.setDefault(Locale.FRANCE);
      assertEquals(root, render(Sweeps.seedLike()));
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void numbers_comeFromTheData() {
    String md = render(Fixtures.small());
    // geometric mean of 0.2, 0.3, 0.25 is 0.2466: four decimals for sub-second times
    assertTrue(md.contains("| 1 | false | 1 | 512 | 0.2466 | 0.1489 – 0.4084 | 0.2500 | 20.0% | 4,000 | – | 4.0 KiB | yes |"), md);
    // a single sample borrows the pooled within-point spread for its interval
    assertTrue(md.contains("| 5 | true | 1 | 128 | 1.5000 | 0.5976 – 3.7653 (n = 1, pooled spread) | 1.5000 | – | 667 |"
        + " – | – | no |"), md);
    assertTrue(md.contains("Tested **7 of 8 configurations**"), md);
    assertTrue(md.contains("| Range | 1.2534 s (508.2% of best) |"), md);
    assertTrue(md.contains(", driver max heap 4.0 GiB,"), md);
  }

  @Test
  void verdicts_sayShownNegligibleApartFromNotShown() {
    String md = render(Sweeps.seedLike());
    assertTrue(md.contains("### max_concurrency: NEGLIGIBLE"), md);
    assertTrue(md.contains("| `max_concurrency` | **NEGLIGIBLE** | any; pick by the cores you can spare |"), md);
    assertTrue(md.contains("NEGLIGIBLE: every value shown within ±5.0% of every other;"), md);
    assertTrue(md.contains("`max_concurrency=2` (NEGLIGIBLE: any tested value does as well)"), md);
    assertFalse(md.contains("NOISE"), md);
    assertTrue(md.contains("### use_process: REAL"), md);
    assertTrue(md.contains("**Recommendation:** set `use_process` to one of [true] for this workload."), md);
    assertTrue(md.contains("| `use_process` | **REAL** | one of [true] | 2.00x (false / true) | 1.99x – 2.01x |"), md);
  }

  @Test
  void unresolvedKnobs_areNeitherCalledRealNorNegligible() {
    // two points 10% apart, three noisy samples each: neither shown to matter nor shown negligible
    Results r = Results.start(Fixtures.environment(), Fixtures.grid(Fixtures.axes("batch_size", List.of(1, 2)), 3),
        Fixtures.T0)
        .withTrial(Fixtures.ok(Fixtures.params("batch_size", 1), 0, 1.0, 1.3, 0.8))
        .withTrial(Fixtures.ok(Fixtures.params("batch_size", 2), 1, 1.1, 1.4, 0.9));
    String md = render(r);
    assertTrue(md.contains("### batch_size: UNRESOLVED"), md);
    assertTrue(md.contains("| `batch_size` | **UNRESOLVED** | no value shown better |"), md);
    assertTrue(md.contains("**Uncertain:** `batch_size`: neither an effect beyond ±5.0% nor its absence was shown."), md);
    assertTrue(md.contains("**UNRESOLVED**: not shown to matter and not shown negligible"), md);
    // one knob of two values is one comparison: no family to control, no "all 1 comparisons"
    assertTrue(md.contains("**UNRESOLVED**: neither was shown. The one comparison is tested at 0.05."), md);
    assertFalse(md.contains("all 1 comparisons"), md);
  }

  @Test
  void anUnresolvedKnobWhoseIntervalClearsTheMargin_saysWhyItIsStillUnresolved() {
    // 1 against 3 is 1.35x with an interval above the margin on its own (p about 0.023), but Holm over
    // the knob's 3 comparisons needs its smallest p at most 0.05 / 3
    String md = render(Fixtures.clearButUnresolved());
    assertTrue(md.contains("### batch_size: UNRESOLVED"), md);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("For `batch_size`, its 95% interval \\(([0-9.]+)x – [0-9.]+x\\)"
        + " lies beyond ±5\\.0% taken alone, but a verdict holds the error over all 3 comparisons at 0\\.05 \\(Holm\\), and"
        + " its adjusted p is ([0-9.]+), at 8\\.0 degrees of freedom\\.").matcher(section(md, "Executive summary"));
    assertTrue(m.find(), md);
    assertTrue(Double.parseDouble(m.group(1)) > 1.05, m.group(1));
    double adjusted = Double.parseDouble(m.group(2));
    assertTrue(adjusted > 0.05 && adjusted < 0.1, "three times the comparison's own p of about 0.023: " + adjusted);
    assertTrue(section(md, "Parameter effects").contains("**UNRESOLVED**: not shown to matter and not shown negligible;"
        + " its 95% interval lies beyond ±5.0% taken alone"), md);
    assertFalse(md.contains("variance between applications, estimated from few"), "one application a group: " + md);
  }

  @Test
  void aKnobShownOnlyWithinOneValueOfAnother_whereItTurnsInTheOther_dependsOnIt() {
    // processes win at max_concurrency 2 (1.42x, tight samples); at 1 threads measured a little faster
    // (wide samples), so the overall effect, which averages the two, is not shown
    double[] wide = {0.67, 1, 1.5, 0.8, 1.25};
    double[] narrow = {0.99, 1, 1.01, 0.995, 1.005};
    double[][] t = {{2.17, 2.18}, {2.22, 1.54}};
    Results r = Results.start(Fixtures.environment(),
        Fixtures.grid(Fixtures.axes("use_process", List.of(false, true), "max_concurrency", List.of(1, 2)), 5), Fixtures.T0);
    int i = 0;
    for (boolean process : new boolean[] {false, true}) {
      for (int mc = 1; mc <= 2; mc++) {
        double x = t[process ? 1 : 0][mc - 1];
        double[] f = mc == 1 ? wide : narrow;
        r = r.withTrial(Fixtures.ok(Fixtures.params("use_process", process, "max_concurrency", mc), i++,
            java.util.Arrays.stream(f).map(v -> v * x).toArray()));
      }
    }
    String md = render(r);
    assertTrue(md.contains("| `use_process` | **UNRESOLVED** | depends on `max_concurrency`, below |"), md);
    assertTrue(md.contains("**`use_process` depends on `max_concurrency`:** within `max_concurrency=1`: UNRESOLVED;"
        + " within `max_concurrency=2`: REAL, true best, false is 1.42x slower."), md);
  }

  @Test
  void interactingKnobs_getVerdictsWithinEachValueOfTheOther() {
    String md = render(Sweeps.interacting());
    assertTrue(md.contains("**`max_concurrency` depends on `use_process`:** within `use_process=false`: NEGLIGIBLE;"
        + " within `use_process=true`: REAL, 1 best, 8 is 2.90x slower."), md);
    assertTrue(md.contains("- within `use_process=true`: `8` is 2.90x slower than `1`"), md);
    // the general-purpose point reads max_concurrency within its use_process
    assertTrue(md.contains("`max_concurrency=4` (NEGLIGIBLE: any tested value does as well within use_process=false)"),
        md);
  }

  @Test
  void oversubscribedPoints_areSaidNotToCarryOverToBiggerMachines() {
    String md = render(Sweeps.seedLike());
    assertTrue(md.contains("**Context:** 4 of 16 measured points ran more concurrency than this machine's 2 cores"
        + " (`max_concurrency` [4])."), md);
    assertTrue(md.contains("do not carry over to a machine with more cores"), md);
  }

  @Test
  void flaggedPoints_listFlagsFailuresAndTimeoutsWithTheirErrors() {
    String md = render(Sweeps.seedLike());
    assertTrue(md.contains("| `use_process=false,max_concurrency=1,batch_size=2048` | OK | batch_size had no effect:"
        + " asked 2048, batches seen up to 1000 |"), md);
    assertTrue(md.contains("| FAILED | java.lang.OutOfMemoryError: Java heap space |"), md);
    assertTrue(md.contains("| TIMEOUT | exceeded the time limit of 60.0 s |"), md);
  }

  @Test
  void pointsWithFewerBalancedSamplesThanTheRepeats_areCountedWithWhy_inTheSweepSentence() {
    GridInfo grid = Fixtures.grid(Fixtures.axes("use_process", List.of(false, true), "batch_size",
        List.of(128, 512)), 4);
    Results r = Results.start(Fixtures.environment(), grid, Fixtures.T0);
    for (Map<String, Object> p : grid.allPoints()) {
      boolean process = p.get("use_process").equals(true);
      Trial.Builder b = Trial.builder(p).status(Status.OK)
          .warmSeconds(process ? List.of(0.5, 0.52) : List.of(0.1, 0.11, 0.1, 0.12), 1000)
          .startedAt(Fixtures.T0).finishedAt(Fixtures.T0.plusSeconds(30));
      if (process && p.get("batch_size").equals(128)) {
        b.stopReason(io.sparknodes.results.StopReason.NOT_CONTENDER);
      }
      r = r.withTrial(b.build());
    }
    String md = render(r);
    assertTrue(md.contains("4 measured repeat(s) a point (fewer for 2 point(s), down to 2: 1 in the 1 group(s) not"
        + " replicated, as they held no contender after the first pass; 1 whose later applications have not run);"), md);
    Results full = Results.start(Fixtures.environment(), grid, Fixtures.T0);
    for (Map<String, Object> p : grid.allPoints()) {
      full = full.withTrial(Trial.builder(p).status(Status.OK).warmSeconds(List.of(0.1, 0.11, 0.1, 0.12), 1000)
          .startedAt(Fixtures.T0).finishedAt(Fixtures.T0.plusSeconds(30)).build());
    }
    assertTrue(render(full).contains("4 measured repeat(s) a point; it took"), render(full));
  }

  @Test
  void aFlagOfEveryPoint_orOfAWholeGroup_isSaidOnce() {
    GridInfo grid = Fixtures.grid(Fixtures.axes("use_process", List.of(false, true), "batch_size",
        List.of(128, 512)), 2);
    Results r = Results.start(Fixtures.environment(), grid, Fixtures.T0);
    int minute = 0;
    for (Map<String, Object> p : grid.allPoints()) {
      Trial.Builder b = Trial.builder(p).status(Status.OK).warmSeconds(List.of(0.1, 0.11), 1000)
          .startedAt(Fixtures.T0.plusSeconds(60L * minute)).finishedAt(Fixtures.T0.plusSeconds(60L * minute + 30))
          .flag("warm-up stopped at its cap");
      if (p.get("use_process").equals(true)) {
        b.flag("an executor was lost");
      }
      if (p.get("batch_size").equals(512)) {
        b.flag("batch_size 512 cannot take effect");
      }
      r = r.withTrial(b.build());
      minute++;
    }
    String flagged = section(render(r), "Flagged points");
    assertTrue(flagged.contains("- Every point: warm-up stopped at its cap.\n"), flagged);
    assertTrue(flagged.contains("| `use_process=true` | an executor was lost |"), flagged);
    assertTrue(flagged.contains("| `use_process=true,batch_size=512` | OK | batch_size 512 cannot take effect |"),
        flagged);
    assertEquals(1, flagged.split("warm-up stopped", -1).length - 1, flagged);
    assertEquals(1, flagged.split("an executor was lost", -1).length - 1, flagged);
    assertFalse(flagged.contains("batch_size=128` | OK"), flagged);
  }

  @Test
  void howToReproduce_pointsAtTheGridAsItRan_andAtTheJarsOfAUsersWorkload() {
    String md = section(render(Sweeps.seedLike()), "Notes");
    assertTrue(md.contains("`scripts/grid-search grid.json --out NEW_FOLDER` runs it again. The report"), md);
    assertFalse(md.contains("--jars"), md);
    assertFalse(md.contains("--input"), md);
    GridInfo g = Sweeps.seedLike().grid();
    GridInfo own = new GridInfo(g.name(), "com.acme.MyWorkload", g.items(), g.warmup(), g.repeats(),
        g.timeLimitSeconds(), g.seed(), g.axes());
    Results r = Results.start(Fixtures.environment(), own, Fixtures.T0);
    String mine = section(render(r), "Notes");
    assertTrue(mine.contains("(give `--jars` again: workload `com.acme.MyWorkload` is a class of your own)"), mine);
    InputInfo input = InputInfo.of("data/reviews.csv", "body", List.of("a review"));
    String data = section(render(Results.start(Fixtures.environment(), g.withInput(java.util.Optional.of(input)),
        Fixtures.T0)), "Notes");
    assertTrue(data.contains("runs it again; it ran over column `body` of `data/reviews.csv` (its values' SHA-256 begins `"
        + input.sha256().substring(0, 12) + "`): give `--input data/reviews.csv --column body` again. The report"), data);
  }

  @Test
  void recommendations_renderJavaAndSparkSubmit() {
    String md = render(Sweeps.seedLike());
    assertTrue(md.contains("### General purpose"), md);
    assertTrue(md.contains("    .maxConcurrency(2)\n    .useProcess(true)\n    .build());"), md);
    assertTrue(md.contains("  --master local-cluster[4,1,1024] \\\n"), md);
    assertTrue(md.contains("> Note: derived from workload 'text'; if that workload is CPU-bound, this is only"
        + " indicative"), md);
  }

  @Test
  void withoutMeasuredPoints_theReportSaysSoInsteadOfRanking() {
    Results r = Results.start(Fixtures.environment(), Fixtures.grid(Fixtures.axes("batch_size", List.of(1)), 1),
        Fixtures.T0).withTrial(Fixtures.failed(Fixtures.params("batch_size", 1), 0, Status.FAILED, "boom | bad"));
    String md = render(r);
    assertTrue(md.contains("**No point was measured successfully**"), md);
    assertTrue(md.contains("| `batch_size=1` | FAILED | boom \\| bad |"), md);
    assertFalse(md.contains("!["), md);
  }
}
