package io.sparknodes.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.Results;
import io.sparknodes.results.format.ResultsCsv;
import io.sparknodes.results.format.ResultsJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReporterTest {
  @TempDir Path dir;

  @Test
  void writeAll_writesReportCsvAndChartsAndLeavesTheJsonAlone() throws IOException {
    Results r = Sweeps.seedLike();
    Path json = dir.resolve("results.json");
    ResultsJson.write(r, json);
    String before = Files.readString(json);
    List<Path> written = Reporter.writeAll(r, dir);
    assertEquals(dir.resolve("report.md"), written.get(0));
    assertEquals(dir.resolve("results.csv"), written.get(1));
    assertEquals(dir.resolve("report.html"), written.get(2));
    assertEquals(11, written.size());
    assertEquals(ResultsCsv.toCsv(r), Files.readString(dir.resolve("results.csv")));
    assertEquals(before, Files.readString(json));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(12, files.count(), "no temporary file is left behind");
    }
  }

  @Test
  void report_linksOnlyImagesThatWereWritten() throws IOException {
    Reporter.writeAll(Sweeps.seedLike(), dir);
    Matcher m = Pattern.compile("!\\[[^]]*]\\(([^)]+)\\)").matcher(Files.readString(dir.resolve("report.md")));
    int links = 0;
    while (m.find()) {
      links++;
      assertTrue(Files.size(dir.resolve(m.group(1))) > 0, m.group(1));
    }
    assertEquals(4, links);
  }
}
