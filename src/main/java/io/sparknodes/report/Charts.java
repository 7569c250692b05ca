package io.sparknodes.report;

import io.sparknodes.report.section.Figures;
import io.sparknodes.report.section.Fmt;
import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.AnalysisRecords.AxisEffect;
import io.sparknodes.results.analysis.AnalysisRecords.Interaction;
import io.sparknodes.results.analysis.AnalysisRecords.Level;
import io.sparknodes.results.analysis.AnalysisRecords.RankedPoint;
import io.sparknodes.results.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of a report, each written as PNG and SVG: {@code heatmap-use_process-<v>} (geometric mean
 * warm time by batch_size and max_concurrency, one per use_process value; {@code heatmap} when the
 * grid has no use_process axis), {@code effects} (each knob's level means with their 95% intervals)
 * {@code spread} (every warm sample of every measured point, by rank) and {@code memory} (geometric
 * mean time against retained heap, the Pareto front marked). A chart is left out when
 * the results cannot fill it. Drawing runs headless. XChart formats some numbers (heat map cells
 * and scale) with the default locale, so charts are built and encoded with the default format
 * locale set to {@link Locale#ROOT}, restored afterwards, one writer at a time.
 */
public final class Charts {
  /** Width and height of the PNG images, in pixels. */
  public static final int WIDTH = 900;
  public static final int HEIGHT = 600;


  private Charts() {}

  /**
   * Writes every chart the analysis can fill into {@code dir}, atomically, as {@code name.png} and
   * {@code name.svg}.
   *
   * @return the files written, PNG before SVG for each chart
   */
  public static List<Path> write(Analysis analysis, Path dir) throws IOException {
    return write(render(analysis), dir);
  }

  /** Writes charts rendered by {@link #render} into {@code dir}, atomically, in their order. */
  static List<Path> write(Map<String, byte[]> files, Path dir) throws IOException {
    Objects.requireNonNull(dir, "dir");
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Path file = dir.resolve(f.getKey());
      AtomicFiles.write(file, f.getValue());
      written.add(file);
    }
    return List.copyOf(written);
  }

  /** Every chart the analysis can fill, by file name ({@code name.png} before {@code name.svg}), in memory. */
  static Map<String, byte[]> render(Analysis analysis) throws IOException {
    Objects.requireNonNull(analysis, "analysis");
    System.setProperty("java.awt.headless", "true");
    Map<String, byte[]> files = new LinkedHashMap<>();
    synchronized (Charts.class) {
      Locale saved = Locale.getDefault(Locale.Category.FORMAT);
      Locale.setDefault(Locale.Category.FORMAT, Locale.ROOT);
      try {
        for (Map.Entry<String, Chart<?, ?>> e : charts(analysis).entrySet()) {
          files.put(e.getKey() + ".png", BitmapEncoder.getBitmapBytes(e.getValue(), BitmapEncoder.BitmapFormat.PNG));
          ByteArrayOutputStream svg = new ByteArrayOutputStream();
          VectorGraphicsEncoder.saveVectorGraphic(e.getValue(), svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
          files.put(e.getKey() + ".svg", svg.toByteArray());
        }
      } finally {
        Locale.setDefault(Locale.Category.FORMAT, saved);
      }
    }
    return files;
  }

  /**
   * The SVG charts among rendered files, by the name of their PNG ({@code effects.png}), each as an
   * {@code <svg>} element to inline in HTML: the XML prolog and DOCTYPE stripped, and every id
   * (and every reference to one) prefixed with the chart's name, so that several charts in one
   * document do not share ids.
   */
  static Map<String, String> inlineSvgs(Map<String, byte[]> files) {
    Map<String, String> out = new LinkedHashMap<>();
    files.forEach((name, bytes) -> {
      if (name.endsWith(".svg")) {
        String chart = name.substring(0, name.length() - 4);
        String svg = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        int start = svg.indexOf("<svg");
        svg = svg.substring(Math.max(0, start)).strip().replaceAll("\n\\s+", "\n");
        svg = svg.replace("id=\"", "id=\"" + chart + "-").replace("url(#", "url(#" + chart + "-")
            .replace("href=\"#", "href=\"#" + chart + "-");
        out.put(chart + ".png", svg);
      }
    });
    return out;
  }

  /** Each chart's x and y axis titles, by chart name: what the drawn titles say, units included. */
  static Map<String, List<String>> axisTitles(Analysis analysis) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    charts(analysis).forEach((name, chart) -> out.put(name, List.of(chart.getXAxisTitle(), chart.getYAxisTitle())));
    return out;
  }

  private static Map<String, Chart<?, ?>> charts(Analysis analysis) {
    Map<String, Chart<?, ?>> charts = new LinkedHashMap<>();
    Fmt fmt = Fmt.of(analysis);
    Figures.heatmaps(analysis).forEach((name, table) -> charts.put(name, heatmap(table, fmt)));
    if (Figures.hasEffects(analysis)) {
      charts.put("effects", effects(analysis, fmt));
    }
    if (Figures.hasSpread(analysis)) {
      charts.put("spread", spread(analysis, fmt));
    }
    if (Figures.hasMemory(analysis)) {
      charts.put("memory", memory(analysis, fmt));
    }
    return charts;
  }

  private static HeatMapChart heatmap(Interaction t, Fmt fmt) {
    String scope = t.scope().isEmpty() ? "all points"
        : t.scope().entrySet().stream().map(e -> e.getKey() + "=" + Fmt.value(e.getValue())).reduce((a, b) -> a + ", " + b)
            .orElse("");
    HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Geometric-mean warm time (seconds), " + scope)
        .xAxisTitle(axisTitle(t.rowAxis())).yAxisTitle(axisTitle(t.columnAxis())).build();
    style(chart.getStyler());
    chart.getStyler().setShowValue(true);
    chart.getStyler().setHeatMapValueDecimalPattern("0." + "0".repeat(fmt.decimals()));
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    List<Number[]> cells = new ArrayList<>();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int x = 0; x < t.rows().size(); x++) {
      for (int y = 0; y < t.columns().size(); y++) {
        var cell = t.cell(t.rows().get(x), t.columns().get(y));
        if (cell.isPresent()) {
          double mean = cell.get().mean();
          cells.add(new Number[] {x, y, mean});
          min = Math.min(min, mean);
          max = Math.max(max, mean);
        }
      }
    }
    if (min < max) {
      chart.getStyler().setMin(min);
      chart.getStyler().setMax(max);
    }
    chart.addSeries("geometric mean (s)", t.rows().stream().map(Fmt::value).toList(),
        t.columns().stream().map(Fmt::value).toList(), cells);
    return chart;
  }

  private static XYChart effects(Analysis analysis, Fmt fmt) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Parameter effects: geometric mean per value with 95% CI")
        .xAxisTitle("knob=value").yAxisTitle("geometric-mean warm time (seconds)").build();
    style(chart.getStyler());
    secondsAxis(chart, fmt);
    List<String> labels = new ArrayList<>();
    for (AxisEffect effect : analysis.effects()) {
      int n = effect.levels().size();
      double[] x = new double[n];
      double[] y = new double[n];
      double[] err = new double[n];
      for (int i = 0; i < n; i++) {
        Level level = effect.levels().get(i);
        x[i] = labels.size();
        labels.add(effect.axis() + "=" + Fmt.value(level.value()));
        y[i] = level.mean();
        err[i] = level.halfWidth();
      }
      XYSeries s = chart.addSeries(effect.axis() + " (" + effect.verdict() + ")", x, y, err);
      s.setMarker(SeriesMarkers.CIRCLE);
    }
    chart.getStyler().setXAxisLabelRotation(90);
    chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> {
      long i = Math.round(v);
      return Math.abs(v - i) < 1e-9 && i >= 0 && i < labels.size() ? labels.get((int) i) : "";
    });
    return chart;
  }

  private static XYChart spread(Analysis analysis, Fmt fmt) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Warm samples per point, by rank (line: geometric mean)")
        .xAxisTitle("rank (1 = best geometric mean)").yAxisTitle("warm time (seconds)").build();
    style(chart.getStyler());
    secondsAxis(chart, fmt);
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    double[] rank = new double[analysis.ranking().size()];
    double[] median = new double[rank.length];
    for (int i = 0; i < rank.length; i++) {
      RankedPoint p = analysis.ranking().get(i);
      rank[i] = p.rank();
      median[i] = p.geometricMean();
      for (double s : p.trial().warmSeconds()) {
        xs.add((double) p.rank());
        ys.add(s);
      }
    }
    XYSeries samples = chart.addSeries("warm samples", xs, ys);
    samples.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    samples.setMarker(SeriesMarkers.CIRCLE);
    XYSeries medians = chart.addSeries("geometric mean", rank, median);
    medians.setMarker(SeriesMarkers.DIAMOND);
    chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> String.format(Locale.ROOT, "%.0f", v));
    return chart;
  }

  /** Geometric-mean time against retained heap, one marker a point, the Pareto front joined by a line. */
  private static XYChart memory(Analysis analysis, Fmt fmt) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Time against memory (line: the front, where no point is both faster and smaller)")
        .xAxisTitle("retained heap (MiB, largest over the point's JVMs)").yAxisTitle("geometric-mean warm time (seconds)").build();
    style(chart.getStyler());
    secondsAxis(chart, fmt);
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    List<double[]> front = new ArrayList<>();
    for (Analysis.MemoryPoint m : analysis.memoryFront()) {
      double mib = m.retainedHeapBytes() / (1024.0 * 1024.0);
      if (m.onFront()) {
        front.add(new double[] {mib, m.point().geometricMean()});
      } else {
        xs.add(mib);
        ys.add(m.point().geometricMean());
      }
    }
    if (!xs.isEmpty()) {
      XYSeries others = chart.addSeries("other points", xs, ys);
      others.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      others.setMarker(SeriesMarkers.CIRCLE);
    }
    front.sort(java.util.Comparator.comparingDouble(p -> p[0]));
    XYSeries line = chart.addSeries("Pareto front", front.stream().map(p -> p[0]).toList(),
        front.stream().map(p -> p[1]).toList());
    line.setMarker(SeriesMarkers.DIAMOND);
    chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> String.format(Locale.ROOT, "%.0f", v));
    return chart;
  }

  /** A knob's name as an axis title, with the unit of its values. */
  static String axisTitle(String axis) {
    return switch (axis) {
      case io.sparknodes.config.Knobs.BATCH_SIZE -> axis + " (rows per call)";
      case io.sparknodes.config.Knobs.MAX_CONCURRENCY -> axis + " (executor cores)";
      default -> axis;
    };
  }

  private static void style(Styler styler) {
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setChartBackgroundColor(java.awt.Color.WHITE);
    styler.setAntiAlias(true);
  }

  private static void secondsAxis(XYChart chart, Fmt fmt) {
    chart.getStyler().setyAxisTickLabelsFormattingFunction(v -> Fmt.fixed(v, fmt.decimals()));
  }
}
