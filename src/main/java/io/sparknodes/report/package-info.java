/**
 * The human side of a sweep: a Markdown report, the same report as one self-contained HTML file, and
 * their charts (PNG and SVG), drawn from {@link io.sparknodes.results.Results} and their {@link
 * io.sparknodes.results.analysis.Analysis} alone. It owns the documents and their formats ({@link
 * io.sparknodes.report.MarkdownReport} and {@link io.sparknodes.report.HtmlReport} assemble the sections
 * of {@code io.sparknodes.report.section} through a Markdown or an HTML writer), never a number: every figure it
 * shows comes from the results package, and every knob name from {@code io.sparknodes.config}.
 */
package io.sparknodes.report;
