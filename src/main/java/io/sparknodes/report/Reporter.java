package io.sparknodes.report;

import io.sparknodes.results.Results;
import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.format.ResultsCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes everything a person reads after a sweep into one directory: {@code report.md}, the same
 * report as one self-contained {@code report.html} ({@link HtmlReport}), the charts ({@link Charts})
 * and {@code results.csv}. Each file is written atomically; {@code results.json}
 * is the sweep's own and is not touched.
 *
 * <pre>{@code
 * Results results = ResultsJson.read(dir.resolve("results.json"));
 * List<Path> written = Reporter.writeAll(results, dir);
 * }</pre>
 */
public final class Reporter {
  /** The report's file name. */
  public static final String REPORT = "report.md";
  /** The HTML report's file name. */
  public static final String HTML = "report.html";
  /** The CSV's file name. */
  public static final String CSV = "results.csv";

  private Reporter() {}

  /**
   * Writes the report, charts and CSV of results into {@code dir}, creating it if needed.
   *
   * @return the files written: report, CSV, HTML report, then the charts
   */
  public static List<Path> writeAll(Results results, Path dir) throws IOException {
    Objects.requireNonNull(results, "results");
    Objects.requireNonNull(dir, "dir");
    Files.createDirectories(dir);
    Analysis analysis = Analysis.of(results);
    List<Path> written = new ArrayList<>();
    Path report = dir.resolve(REPORT);
    MarkdownReport.write(analysis, report);
    written.add(report);
    Path csv = dir.resolve(CSV);
    ResultsCsv.write(results, csv);
    written.add(csv);
    Map<String, byte[]> charts = Charts.render(analysis);
    Path html = dir.resolve(HTML);
    HtmlReport.write(analysis, Charts.inlineSvgs(charts), html);
    written.add(html);
    written.addAll(Charts.write(charts, dir));
    return List.copyOf(written);
  }
}
