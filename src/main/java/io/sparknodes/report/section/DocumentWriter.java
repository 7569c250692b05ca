package io.sparknodes.report.section;

import java.util.List;

/**
 * Where a section writes: block by block (headings, paragraphs, list items, tables, code blocks,
 * quotes, images). The text handed to it is inline Markdown (code spans, {@code **bold**}, {@code
 * _emphasis_}, links); a writer for another format translates that inline subset and escapes through
 * {@link #code} and {@link #cell}. Blocks end where the section calls {@link #blank()} (tables, lists)
 * or by themselves (headings, paragraphs, quotes, images, code blocks).
 */
public interface DocumentWriter {
  /** The document's title (level 1), then the end of the block. */
  void title(String text);

  /** A section heading (level 2), then the end of the block. */
  void section(String title);

  /** A subsection heading (level 3), then the end of the block. */
  void subsection(String title);

  /** A paragraph of one line. */
  void paragraph(String text);

  /** One line of text that the next line continues (a lead-in to a list, or a paragraph's last line). */
  void line(String text);

  /** One item of a bulleted list. */
  void item(String text);

  /** The end of the current block (a list, a table or lines). */
  void blank();

  /** A table header whose columns from {@code firstNumeric} on are right-aligned (numbers). */
  void tableHeader(List<String> cells, int firstNumeric);

  /** A table header of text columns. */
  default void tableHeader(List<String> cells) {
    tableHeader(cells, cells.size());
  }

  /** One row of the current table, each cell inline text. */
  void tableRow(List<String> cells);

  /** A block of code or preformatted text in {@code language} ("" for none); {@code text} may hold several lines. */
  void codeBlock(String language, String text);

  /** A quoted paragraph (a note). */
  void quote(String text);

  /** An image, one of the report's chart files, with its alternative text. */
  void image(String alt, String file);

  /** {@code text} as inline code. */
  String code(String text);

  /** {@code text} made safe inside a table cell: one line, the format's separators escaped. */
  String cell(String text);
}
