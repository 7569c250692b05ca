package io.sparknodes.report.section;

import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.AnalysisRecords.RankedPoint;
import io.sparknodes.results.Summary;
import java.util.List;

/**
 * "Measurement quality": samples and loops, applications and where their noise lies, concurrency
 * against the cores, where the sweep's time went ({@link TimeSpent}) and the unstable points.
 */
final class MeasurementQuality extends BaseSection {
  MeasurementQuality(Analysis analysis) {
    super(analysis, "Measurement quality");
  }

  @Override
  void body(DocumentWriter out) {
    if (analysis.ranking().isEmpty()) {
      noneMeasured(out);
      return;
    }
    int[] loops = analysis.ranking().stream().mapToInt(r -> r.trial().loops()).sorted().toArray();
    int[] samples = analysis.ranking().stream().mapToInt(r -> r.summary().n()).sorted().toArray();
    out.item("Samples: " + range(samples) + " balanced per point" + (hasRacingSamples()
        ? ", and racing samples for the contenders (see Samples and racing)" : "") + ". "
        + (grid.minSampleSeconds() > 0
        ? "Warm-up calibrated each point's loops so that one sample lasts at least "
            + Fmt.fixed(grid.minSampleSeconds(), 2) + " s (`min_sample_seconds`); a sample is the mean time of one"
            + " map over its loops, and every map's output was checked. Loops per sample: " + range(loops) + "."
        : "Each sample is a single map (no calibration recorded)."));
    out.item("Applications: " + (analysis.replicatedApplications()
        ? "each group ran as two or more Spark applications, and knobs that need a new application are judged"
            + " against the variance between them." + analysis.noise().map(MeasurementQuality::noiseParts).orElse("")
        : "each group ran as one Spark application, so the variance between applications is not measured."));
    int cores = results.environment().cores();
    List<RankedPoint> over = analysis.oversubscribed();
    out.item("Concurrency: " + (over.isEmpty()
        ? "no measured point ran more concurrency than this machine's " + cores + " cores."
        : over.size() + " point(s) ran `max_concurrency` above this machine's " + cores + " cores; on a machine"
            + " with more cores those settings would behave differently, so their results do not carry over."));
    out.blank();
    TimeSpent.render(out, results);
    List<Analysis.Unstable> unstable = analysis.unstable();
    if (unstable.isEmpty()) {
      out.paragraph("No point is unstable by pyperf's rules (CV above " + Fmt.percent(Analysis.UNSTABLE_CV) + ", a"
          + " sample more than " + Fmt.percent(Analysis.OUTLIER_FRACTION) + " from the mean, fewer than "
          + Analysis.MIN_SAMPLES + " samples).");
      return;
    }
    out.subsection("Unstable points");
    out.tableHeader(List.of("Point", "Samples", "CV", "Why"));
    for (Analysis.Unstable u : unstable) {
      Summary s = u.trial().summary().orElseThrow();
      out.tableRow(List.of(out.code(u.trial().id()), Integer.toString(s.n()), s.hasSpread() ? Fmt.percent(s.cv())
          : "–", out.cell(String.join("; ", u.reasons()))));
    }
    out.blank();
    out.paragraph("pyperf's rules: CV above " + Fmt.percent(Analysis.UNSTABLE_CV) + ", a sample more than "
        + Fmt.percent(Analysis.OUTLIER_FRACTION) + " from the mean, or fewer than " + Analysis.MIN_SAMPLES
        + " samples. The verdicts already account for each point's own spread; an unstable point mostly widens them.");
  }

  /** Where the balanced samples' noise lies, as a sentence that follows the applications bullet. */
  static String noiseParts(Analysis.Noise noise) {
    String within = " Noise: within one application a sample varies by about "
        + Fmt.percent(Analysis.Noise.cv(noise.withinSd())) + " (the coefficient of variation, pooled over the points); ";
    if (noise.applicationSd() == 0) {
      return within + "between a group's applications, the means differ no more than those samples' noise explains,"
          + " so it is all the uncertainty of those knobs: more samples an application would narrow their intervals"
          + " as well as more applications.";
    }
    return within + "between a group's applications, an application's level varies by a further "
        + Fmt.percent(Analysis.Noise.cv(noise.applicationSd())) + " (a variance component: the spread of a point's"
        + " applications' means beyond what their samples' noise puts in them). With "
        + Fmt.fixed(noise.samplesPerApplication(), 1) + " balanced samples an application, "
        + (noise.applicationsDominate()
            ? "the applications' levels are the larger part of the uncertainty of those knobs: more applications"
                + " (the grid's `applications`, with `repeats` to match) would narrow their intervals more than more"
                + " or longer samples."
            : "the samples' own noise is the larger part of the uncertainty of those knobs, so more samples an"
                + " application would narrow their intervals too.");
  }

  private static String range(int[] sorted) {
    return sorted[0] == sorted[sorted.length - 1] ? Integer.toString(sorted[0])
        : sorted[0] + " to " + sorted[sorted.length - 1];
  }
}
