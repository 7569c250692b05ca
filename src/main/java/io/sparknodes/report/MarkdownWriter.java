package io.sparknodes.report;

import io.sparknodes.report.section.DocumentWriter;
import java.util.List;

/** A {@link DocumentWriter} that writes Markdown (GitHub's dialect) into a string. */
final class MarkdownWriter implements DocumentWriter {
  private final StringBuilder out = new StringBuilder();

  @Override
  public void title(String text) {
    heading("#", text);
  }

  @Override
  public void section(String title) {
    heading("##", title);
  }

  @Override
  public void subsection(String title) {
    heading("###", title);
  }

  private void heading(String marks, String text) {
    paragraph(marks + " " + text);
  }

  @Override
  public void paragraph(String text) {
    line(text);
    blank();
  }

  @Override
  public void line(String text) {
    out.append(text).append('\n');
  }

  @Override
  public void item(String text) {
    line("- " + text);
  }

  @Override
  public void blank() {
    out.append('\n');
  }

  @Override
  public void tableHeader(List<String> cells, int firstNumeric) {
    tableRow(cells);
    StringBuilder b = new StringBuilder("|");
    for (int i = 0; i < cells.size(); i++) {
      b.append(i >= firstNumeric ? "---:|" : "---|");
    }
    line(b.toString());
  }

  @Override
  public void tableRow(List<String> cells) {
    line("| " + String.join(" | ", cells) + " |");
  }

  @Override
  public void codeBlock(String language, String text) {
    line("```" + language);
    line(text);
    line("```");
    blank();
  }

  @Override
  public void quote(String text) {
    paragraph("> " + text);
  }

  @Override
  public void image(String alt, String file) {
    paragraph("![" + alt + "](" + file + ")");
  }

  @Override
  public String code(String text) {
    return "`" + text.replace("`", "'") + "`";
  }

  /** One line, pipes escaped. */
  @Override
  public String cell(String text) {
    return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace("|", "\\|");
  }

  /** The Markdown written so far. */
  String text() {
    return out.toString();
  }
}
