package io.sparknodes.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.Analysis;
import io.sparknodes.results.Fixtures;
import io.sparknodes.results.Golden;
import io.sparknodes.results.Results;
import io.sparknodes.results.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
  void structure_followsTheSeedsSectionsAndIsPinnedUnderEveryLocale() {
    Golden.check("report-structure.md", () -> structure(render(Sweeps.seedLike())),
        Locale.ROOT, Locale.GERMANY, Locale.FRANCE);
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
    // best median 0.25 s (ties on median broken by the lower mean): four decimals for sub-second times
    assertTrue(md.contains("| 1 | false | 1 | 512 | 0.2500 | 0.1258 – 0.3742 | 20.0% | 4,000 | yes |"), md);
    assertTrue(md.contains("| 5 | true | 1 | 128 | 1.5000 | n = 1 | – | 667 |"), md);
    assertTrue(md.contains("Tested **7 of 8 configurations**"), md);
    assertTrue(md.contains("| Range | 1.2500 s (500.0% of best) |"), md);
    assertTrue(md.contains("| Driver max heap | 4.0 GiB |"), md);
  }

  @Test
  void noiseKnobs_areCalledNoiseNeverAWin() {
    String md = render(Sweeps.seedLike());
    assertTrue(md.contains("### max_concurrency: NOISE"), md);
    assertTrue(md.contains("**Noise:** `max_concurrency`"), md);
    assertTrue(md.contains("`max_concurrency=2` (noise: any tested value does as well)"), md);
    assertFalse(md.contains("set `max_concurrency="), md);
    assertTrue(md.contains("### use_process: REAL"), md);
    assertTrue(md.contains("**Recommendation:** set `use_process=true` for this workload."), md);
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
