package io.sparknodes.report;

import io.sparknodes.report.section.Section;
import io.sparknodes.report.section.Sections;
import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The report as one self-contained HTML file: the same sections as {@link MarkdownReport}, written
 * through an {@link HtmlWriter}, with the CSS inline and every chart as inline SVG. It loads nothing:
 * no script, font, image or stylesheet, and its only links are to its own headings, so it opens by
 * double-click anywhere.
 *
 * <pre>{@code
 * String html = HtmlReport.render(analysis, Charts.inlineSvgs(Charts.render(analysis)));
 * }</pre>
 */
public final class HtmlReport {
  private static final String CSS = String.join("\n",
      "body{margin:0;background:#fafafa;color:#1f2328;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,"
          + "Helvetica,Arial,sans-serif}",
      "main{max-width:1100px;margin:0 auto;padding:1.5em 2em;background:#fff}",
      "h1{font-size:1.7em;border-bottom:1px solid #d0d7de;padding-bottom:.3em}",
      "h2{font-size:1.35em;margin-top:1.8em;border-bottom:1px solid #d0d7de;padding-bottom:.2em}",
      "h3{font-size:1.1em;margin-top:1.4em}",
      "table{border-collapse:collapse;margin:.8em 0;display:block;overflow-x:auto;font-size:.9em}",
      "th,td{border:1px solid #d0d7de;padding:.3em .6em;text-align:left;vertical-align:top}",
      "th{background:#f0f3f6}th.num{text-align:right}tbody tr:nth-child(even){background:#f6f8fa}",
      "code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;"
          + "background:#eff1f3;padding:.1em .3em;border-radius:4px}",
      "pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:.8em;overflow-x:auto}",
      "pre code{background:none;padding:0}",
      "blockquote{margin:.8em 0;padding:0 1em;border-left:4px solid #d0d7de;color:#57606a}",
      "figure{margin:1em 0}figure svg{max-width:100%;height:auto}figcaption{color:#57606a;font-size:.9em}",
      "a{color:#0969da}");

  private HtmlReport() {}

  /**
   * The report's HTML document.
   *
   * @param svgs each chart's inline {@code <svg>} element by the name of its PNG ({@link Charts#inlineSvgs})
   */
  public static String render(Analysis analysis, Map<String, String> svgs) {
    Objects.requireNonNull(analysis, "analysis");
    HtmlWriter out = new HtmlWriter(svgs);
    for (Section section : Sections.of(analysis)) {
      section.render(out);
    }
    String body = out.body();
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
        + HtmlWriter.escape(out.documentTitle()) + "</title>\n<style>\n" + CSS + "\n</style>\n</head>\n<body>\n<main>\n"
        + body + "</main>\n</body>\n</html>\n";
  }

  /** Writes the report to {@code file} atomically. */
  public static void write(Analysis analysis, Map<String, String> svgs, Path file) throws IOException {
    AtomicFiles.write(file, render(analysis, svgs));
  }
}
