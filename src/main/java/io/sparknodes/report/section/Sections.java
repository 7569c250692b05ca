package io.sparknodes.report.section;

import io.sparknodes.results.analysis.Analysis;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report's sections in the report's order, each ready to render on its own. */
public final class Sections {
  /** How many points the top table shows. */
  public static final int TOP = 10;

  private Sections() {}

  /**
   * The sections of the report of {@code analysis}: the title and the executive summary (the first
   * screen: the answer), a contents list, then the details: optimal configuration and use cases, top
   * points, time and memory, parameter effects (where the model is explained), interaction,
   * statistical summary, measurement quality, samples and racing, flagged points, notes and the
   * pipeline.
   */
  public static List<Section> of(Analysis analysis) {
    List<Section> details = List.of(new OptimalConfiguration(analysis), new TopConfigurations(analysis), new TimeAndMemory(analysis), new ParameterEffects(analysis),
        new InteractionTables(analysis), new StatisticalSummary(analysis), new MeasurementQuality(analysis),
        new SamplesAndRacing(analysis), new FlaggedPoints(analysis), new Notes(analysis), new PipelineGraph(analysis));
    List<Section> all = new ArrayList<>(List.of(new Title(analysis), new ExecutiveSummary(analysis),
        new Contents(details)));
    all.addAll(details);
    return List.copyOf(all);
  }

  /**
   * The anchor of a heading as GitHub makes it, and as the HTML report sets it: lower case, spaces
   * to hyphens, every character but letters, digits, hyphens and underscores dropped.
   */
  public static String anchor(String heading) {
    StringBuilder b = new StringBuilder();
    for (char c : heading.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == ' ') {
        b.append('-');
      } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Where the balanced samples' noise lies, the sentence that follows the measurement quality's applications. */
  public static String noiseParts(Analysis.Noise noise) {
    return MeasurementQuality.noiseParts(noise);
  }
}
