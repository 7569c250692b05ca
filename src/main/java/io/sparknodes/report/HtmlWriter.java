package io.sparknodes.report;

import io.sparknodes.report.section.DocumentWriter;
import io.sparknodes.report.section.Sections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link DocumentWriter} that writes the body of an HTML document into a string: headings with the
 * ids the contents list links to, paragraphs, lists, tables, code blocks, quotes and the charts as
 * inline SVG. The sections' inline Markdown ({@code `code`}, {@code **bold**}, {@code _em_} and
 * links to {@code #anchors}) is translated; everything else is escaped as text.
 */
final class HtmlWriter implements DocumentWriter {
  private static final Pattern BOLD = Pattern.compile("\\*\\*(.+?)\\*\\*");
  private static final Pattern EM = Pattern.compile("(?<![\\w])_([^_]+?)_(?![\\w])");
  private static final Pattern SPAN = Pattern.compile("\u0000(\\d+)\u0000");
  private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)\\]\\((#[\\w-]*)\\)");

  private enum Block { NONE, LINES, LIST, TABLE }

  private final StringBuilder out = new StringBuilder();
  private final Map<String, String> svgs;
  private Block open = Block.NONE;
  private String title = "";

  /** @param svgs each chart's inline {@code <svg>} element, by the name of its PNG file */
  HtmlWriter(Map<String, String> svgs) {
    this.svgs = Map.copyOf(svgs);
  }

  @Override
  public void title(String text) {
    close();
    title = text;
    out.append("<h1>").append(inline(text)).append("</h1>\n");
  }

  @Override
  public void section(String title) {
    heading("h2", title);
  }

  @Override
  public void subsection(String title) {
    heading("h3", title);
  }

  private void heading(String tag, String text) {
    close();
    out.append('<').append(tag).append(" id=\"").append(escape(Sections.anchor(text))).append("\">")
        .append(inline(text)).append("</").append(tag).append(">\n");
  }

  @Override
  public void paragraph(String text) {
    close();
    out.append("<p>").append(inline(text)).append("</p>\n");
  }

  @Override
  public void line(String text) {
    if (open == Block.LINES) {
      out.append("<br>\n");
    } else {
      close();
      out.append("<p>");
      open = Block.LINES;
    }
    out.append(inline(text));
  }

  @Override
  public void item(String text) {
    if (open != Block.LIST) {
      close();
      out.append("<ul>\n");
      open = Block.LIST;
    }
    out.append("<li>").append(inline(text)).append("</li>\n");
  }

  @Override
  public void blank() {
    close();
  }

  @Override
  public void tableHeader(List<String> cells, int firstNumeric) {
    close();
    out.append("<table>\n<thead><tr>");
    for (int i = 0; i < cells.size(); i++) {
      out.append(i >= firstNumeric ? "<th class=\"num\">" : "<th>").append(inline(cells.get(i))).append("</th>");
    }
    out.append("</tr></thead>\n<tbody>\n");
    open = Block.TABLE;
  }

  @Override
  public void tableRow(List<String> cells) {
    out.append("<tr>");
    for (String c : cells) {
      out.append("<td>").append(inline(c)).append("</td>");
    }
    out.append("</tr>\n");
  }

  @Override
  public void codeBlock(String language, String text) {
    close();
    out.append("<pre><code").append(language.isEmpty() ? "" : " class=\"language-" + escape(language) + "\"")
        .append('>').append(escape(text)).append("</code></pre>\n");
  }

  @Override
  public void quote(String text) {
    close();
    out.append("<blockquote><p>").append(inline(text)).append("</p></blockquote>\n");
  }

  /** The chart inline, as its SVG; its alternative text when it has none. */
  @Override
  public void image(String alt, String file) {
    close();
    String svg = svgs.get(file);
    out.append("<figure>").append(svg == null ? "<p>" + escape(alt) + "</p>"
        : svg.replaceFirst("^<svg", "<svg role=\"img\" aria-label=\"" + java.util.regex.Matcher.quoteReplacement(escape(alt)) + "\""))
        .append("<figcaption>").append(escape(alt)).append("</figcaption></figure>\n");
  }

  @Override
  public String code(String text) {
    return "`" + text.replace("`", "'") + "`";
  }

  /** One line; HTML cells need no other escaping than the text's own. */
  @Override
  public String cell(String text) {
    return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
  }

  private void close() {
    switch (open) {
      case LINES -> out.append("</p>\n");
      case LIST -> out.append("</ul>\n");
      case TABLE -> out.append("</tbody>\n</table>\n");
      case NONE -> { }
    }
    open = Block.NONE;
  }

  /** The document's title, as the first {@link #title} gave it. */
  String documentTitle() {
    return title;
  }

  /** The body written so far, every block closed. */
  String body() {
    close();
    return out.toString();
  }

  /**
   * Inline Markdown as HTML: code spans are set aside first (their text kept as it is), then bold,
   * emphasis and links are translated over the whole text, so that bold may hold code spans.
   */
  static String inline(String markdown) {
    List<String> spans = new java.util.ArrayList<>();
    StringBuilder b = new StringBuilder();
    String[] parts = markdown.split("`", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i % 2 == 1 && i < parts.length - 1) {
        b.append('\u0000').append(spans.size()).append('\u0000');
        spans.add("<code>" + escape(parts[i]) + "</code>");
      } else {
        b.append(i % 2 == 1 ? "`" : "").append(parts[i]);
      }
    }
    String t = escape(b.toString());
    t = BOLD.matcher(t).replaceAll("<strong>$1</strong>");
    t = EM.matcher(t).replaceAll("<em>$1</em>");
    t = LINK.matcher(t).replaceAll(r -> Matcher.quoteReplacement("<a href=\"" + r.group(2) + "\">" + r.group(1) + "</a>"));
    Matcher m = SPAN.matcher(t);
    return m.replaceAll(r -> Matcher.quoteReplacement(spans.get(Integer.parseInt(r.group(1)))));
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
