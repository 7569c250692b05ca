package io.sparknodes.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.report.section.Section;
import io.sparknodes.report.section.Sections;
import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.Fixtures;
import io.sparknodes.results.Results;
import io.sparknodes.results.format.ResultsJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** report.html, parsed: its sections, its charts inline, nothing loaded from outside, the contents' links resolve. */
class HtmlReportTest {
  @TempDir Path dir;

  /** Every kind of results: the hand-made sweeps, and results.json files of every earlier schema version. */
  static Stream<String> sweeps() {
    return Stream.of("seedLike", "seedGrid", "memoryHeavy", "interacting", "small", "raced", "oneKnob",
        "results-v1-small.json", "results-v2-small.json", "results-v3-racing.json", "results-v4-racing.json");
  }

  static Results sweep(String name, Path dir) throws IOException {
    return switch (name) {
      case "seedLike" -> Sweeps.seedLike();
      case "seedGrid" -> Sweeps.seedGrid();
      case "memoryHeavy" -> Sweeps.memoryHeavy();
      case "interacting" -> Sweeps.interacting();
      case "small" -> Fixtures.small();
      case "raced" -> Fixtures.raced();
      case "oneKnob" -> FirstScreenTest.oneKnob();
      default -> {
        Path file = dir.resolve(name);
        Files.copy(Path.of("src", "test", "resources", name), file);
        yield ResultsJson.read(file);
      }
    };
  }

  @ParameterizedTest
  @MethodSource("sweeps")
  void reportHtml_isBesideReportMd_withEverySectionAndEveryChartInline_andLoadsNothing(String name) throws IOException {
    Results r = sweep(name, dir);
    Path out = dir.resolve("out");
    List<Path> written = Reporter.writeAll(r, out);
    assertTrue(written.contains(out.resolve("report.html")), written.toString());
    Document html = Jsoup.parse(Files.readString(out.resolve("report.html")));

    // one h2 a section, as in report.md, with the id the contents list links to
    List<String> expected = new ArrayList<>();
    for (Section s : Sections.of(Analysis.of(r))) {
      if (s.shown() && !s.heading().equals("Contents") && !s.heading().startsWith("Grid search results")) {
        expected.add(s.heading());
        Element h2 = html.getElementById(Sections.anchor(s.heading()));
        assertNotNull(h2, s.heading());
        assertEquals("h2", h2.tagName(), s.heading());
      }
    }
    assertEquals(expected, html.select("h2").eachText());
    List<String> mdHeadings = Files.readAllLines(out.resolve("report.md")).stream().filter(l -> l.startsWith("## "))
        .map(l -> l.substring(3)).toList();
    assertEquals(mdHeadings, expected);

    // every chart written is inline as <svg>, none as an image file
    long charts = written.stream().filter(p -> p.toString().endsWith(".svg")).count();
    assertEquals(charts, html.select("figure > svg").size(), "every chart inline");
    assertTrue(html.select("img, script, link, iframe, object, embed, video, audio, source").isEmpty());
    // XChart draws a heat map's colour scale as a raster inside the SVG: inline, as a data: URI
    for (Element image : html.select("svg image")) {
      assertTrue(image.attr("xlink:href").startsWith("data:image/png;base64,"), image.attributes().toString());
    }
    for (Element style : html.select("style")) {
      assertFalse(style.data().contains("url(") || style.data().contains("@import"), "CSS loads nothing");
    }

    // no element points outside the document: every src/href is an anchor that resolves to an id
    for (Element e : html.getAllElements()) {
      for (Attribute a : e.attributes()) {
        String key = a.getKey().toLowerCase(java.util.Locale.ROOT);
        assertFalse(key.startsWith("on"), "no script in attributes: " + a);
        if (e.tagName().equals("image") && key.endsWith("href")) {
          continue;
        }
        if (key.equals("src") || key.endsWith("href")) {
          assertTrue(a.getValue().startsWith("#"), e.tagName() + " " + a);
          assertNotNull(html.getElementById(a.getValue().substring(1)), "link resolves: " + a);
        }
        assertFalse(a.getValue().startsWith("url(http") || a.getValue().contains("url(http"), a.toString());
      }
    }
    // the contents list links every section that follows it
    Element contents = html.selectFirst("p:contains(Contents:)");
    if (!expected.isEmpty() && expected.size() > 1) {
      assertNotNull(contents);
      assertEquals(expected.subList(1, expected.size()), contents.select("a").eachText());
    }
    // inline Markdown is translated, not shown as marks
    assertFalse(html.body().text().contains("**"), "bold is translated");
    assertFalse(html.select("main").html().contains("`"), "code spans are translated");
  }

  @Test
  void charts_carryAxisTitlesWithUnits() {
    // XChart draws text as outlines in SVG, so the titles are read from the charts themselves
    java.util.Map<String, List<String>> titles = Charts.axisTitles(Analysis.of(Sweeps.memoryHeavy()));
    assertEquals(List.of("knob=value", "geometric-mean warm time (seconds)"), titles.get("effects"));
    assertEquals(List.of("rank (1 = best geometric mean)", "warm time (seconds)"), titles.get("spread"));
    assertEquals(List.of("retained heap (MiB, largest over the point's JVMs)", "geometric-mean warm time (seconds)"),
        titles.get("memory"));
    assertEquals(List.of("batch_size (rows per call)", "max_concurrency (executor cores)"),
        Charts.axisTitles(Analysis.of(Sweeps.seedLike())).get("heatmap-use_process-true"));
  }

  @Test
  void inlineMarkdown_isTranslatedAndEscaped() {
    assertEquals("<strong><code>a_b</code> depends on <code>c&lt;d</code>:</strong> x <em>What it does:</em> "
        + "<a href=\"#flagged-points\">Flagged points</a> a_b &amp; 1",
        HtmlWriter.inline("**`a_b` depends on `c<d`:** x _What it does:_ [Flagged points](#flagged-points) a_b & 1"));
  }
}
