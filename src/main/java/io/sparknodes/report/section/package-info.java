/**
 * The report's sections, one class a section, each drawn from an {@link io.sparknodes.results.analysis.Analysis}
 * alone and written block by block through a {@link io.sparknodes.report.section.DocumentWriter}, so
 * that any section can be rendered on its own and by any document format; {@link
 * io.sparknodes.report.section.Sections} lists them in the report's order. It also owns the
 * locale-free formatting of their figures ({@link io.sparknodes.report.section.Fmt}) and which charts
 * an analysis gets ({@link io.sparknodes.report.section.Figures}); it must not import {@code
 * io.sparknodes.report}, which renders these sections.
 */
package io.sparknodes.report.section;
