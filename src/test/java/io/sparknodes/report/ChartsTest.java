package io.sparknodes.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.results.Analysis;
import io.sparknodes.results.Fixtures;
import io.sparknodes.results.Results;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
  void write_leavesOutChartsTheResultsCannotFill() throws IOException {
    Results onlyBatch = Results.start(Fixtures.environment(),
        Fixtures.grid(Fixtures.axes("batch_size", List.of(1, 2)), 1), Fixtures.T0)
        .withTrial(Fixtures.ok(Fixtures.params("batch_size", 1), 0, 1.0));
    assertEquals(List.of("spread.png", "spread.svg"), Charts.write(Analysis.of(onlyBatch), dir).stream()
        .map(p -> p.getFileName().toString()).toList());
  }

  @Test
  void write_namesTheHeatmapAfterASingleUseProcessValue() throws IOException {
    List<Path> files = Charts.write(Analysis.of(Fixtures.small()), dir);
    assertEquals("heatmap-use_process-false.png", files.get(0).getFileName().toString());
    assertEquals("heatmap-use_process-true.png", files.get(2).getFileName().toString());
  }
}
