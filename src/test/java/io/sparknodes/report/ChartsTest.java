package io.sparknodes.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.Fixtures;
import io.sparknodes.results.Results;
import io.sparknodes.results.analysis.Analysis;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
  @TempDir Path dir;

  @Test
  void write_createsEveryChartAsDecodablePngAndSvg() throws IOException {
    List<Path> files = Charts.write(Analysis.of(Sweeps.seedLike()), dir);
    assertEquals(List.of("heatmap-use_process-false.png", "heatmap-use_process-false.svg",
            "heatmap-use_process-true.png", "heatmap-use_process-true.svg", "effects.png", "effects.svg",
            "spread.png", "spread.svg"),
        files.stream().map(p -> p.getFileName().toString()).toList());
    for (Path f : files) {
      assertTrue(Files.size(f) > 0, f + " is empty");
      if (f.toString().endsWith(".png")) {
        BufferedImage image = ImageIO.read(f.toFile());
        assertNotNull(image, f + " does not decode");
        assertEquals(Charts.WIDTH, image.getWidth());
        assertEquals(Charts.HEIGHT, image.getHeight());
      } else {
        assertTrue(Files.readString(f).contains("<svg"), f + " is not SVG");
      }
    }
  }

  @Test
  void memoryChart_isDrawnWhenPointsHaveARetainedHeap() throws IOException {
    List<String> names = Charts.write(Analysis.of(Sweeps.memoryHeavy()), dir).stream()
        .map(p -> p.getFileName().toString()).toList();
    assertTrue(names.containsAll(List.of("memory.png", "memory.svg")), names.toString());
    assertNotNull(ImageIO.read(dir.resolve("memory.png").toFile()));
    assertTrue(Files.readString(dir.resolve("memory.svg")).contains("<svg"));
  }

  @Test
  void write_leavesOutChartsTheResultsCannotFill() throws IOException {
    Results onlyBatch = Results.start(Fixtures.environment(),
        Fixtures.grid(Fixtures.axes("batch_size", List.of(1, 2)), 1), Fixtures.T0)
        .withTrial(Fixtures.ok(Fixtures.params("batch_size", 1), 0, 1.0));
    assertEquals(List.of("spread.png", "spread.svg"), Charts.write(Analysis.of(onlyBatch), dir).stream()
        .map(p -> p.getFileName().toString()).toList());
  }

  @Test
  void heatmaps_areNamedAfterTheUseProcessValueOrPlainWithoutThatAxis() throws IOException {
    Results oneValue = Results.start(Fixtures.environment(), Fixtures.grid(Fixtures.axes("use_process",
        List.of(true), "max_concurrency", List.of(1, 2), "batch_size", List.of(8)), 1), Fixtures.T0)
        .withTrial(Fixtures.ok(Fixtures.params("use_process", true, "max_concurrency", 1, "batch_size", 8), 0, 1.0));
    assertEquals("heatmap-use_process-true.png", Charts.write(Analysis.of(oneValue), dir).get(0).getFileName()
        .toString());
    Results noAxis = Results.start(Fixtures.environment(), Fixtures.grid(Fixtures.axes(
        "max_concurrency", List.of(1, 2), "batch_size", List.of(8)), 1), Fixtures.T0)
        .withTrial(Fixtures.ok(Fixtures.params("max_concurrency", 1, "batch_size", 8), 0, 1.0));
    assertEquals("heatmap.png", Charts.write(Analysis.of(noAxis), dir).get(0).getFileName().toString());
  }

  @Test
  void write_drawsTheSameImagesUnderEveryDefaultLocale() throws IOException {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.ROOT);
      Charts.write(Analysis.of(Fixtures.small()), dir.resolve("root"));
      Locale.setDefault(Locale.GERMANY);
      Charts.write(Analysis.of(Fixtures.small()), dir.resolve("de"));
    } finally {
      Locale.setDefault(saved);
    }
    for (String name : List.of("heatmap-use_process-true.png", "effects.png", "spread.png")) {
      assertArrayEquals(Files.readAllBytes(dir.resolve("root").resolve(name)),
          Files.readAllBytes(dir.resolve("de").resolve(name)), name);
    }
  }
}
