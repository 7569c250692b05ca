package io.sparknodes.report;

import io.sparknodes.report.section.Section;
import io.sparknodes.report.section.Sections;
import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The Markdown report of a sweep ({@link Sections}, one class a section): first the answer on one
 * screen (the executive summary: the best configuration as code, each knob's verdict with its ratio
 * and interval, the point per use case, what stays uncertain, the sweep's time), a contents list, then
 * the details: optimal configuration and use cases, top 10, time and memory, parameter effects (the
 * model, explained once), interaction of batch_size and max_concurrency, statistical summary,
 * measurement quality, samples and racing, flagged points, notes and the pipeline. Every number comes from the {@link Analysis}; each knob is REAL (shown to matter),
 * NEGLIGIBLE (shown within the margin) or UNRESOLVED (not shown either way), never "noise" for an
 * effect that was merely not shown. Output does not depend on the default locale.
 *
 * <pre>{@code
 * String markdown = MarkdownReport.render(Analysis.of(ResultsJson.read(dir.resolve("results.json"))));
 * }</pre>
 */
public final class MarkdownReport {
  /** How many points the top table shows. */
  public static final int TOP = Sections.TOP;

  private MarkdownReport() {}

  /** The report's Markdown text. */
  public static String render(Analysis analysis) {
    Objects.requireNonNull(analysis, "analysis");
    MarkdownWriter out = new MarkdownWriter();
    for (Section section : Sections.of(analysis)) {
      section.render(out);
    }
    return out.text();
  }

  /** Writes the report to {@code file} atomically. */
  public static void write(Analysis analysis, Path file) throws IOException {
    AtomicFiles.write(file, render(analysis));
  }

  /** Where the balanced samples' noise lies, as a sentence that follows the applications bullet. */
  static String noiseParts(Analysis.Noise noise) {
    return Sections.noiseParts(noise);
  }
}
