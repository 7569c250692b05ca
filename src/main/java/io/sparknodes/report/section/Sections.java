package io.sparknodes.report.section;

import io.sparknodes.results.analysis.Analysis;
import java.util.List;

/** The report's sections in the report's order, each ready to render on its own. */
public final class Sections {
  /** How many points the top table shows. */
  public static final int TOP = 10;

  private Sections() {}

  /**
   * The sections of the report of {@code analysis}: title, executive summary, optimal configuration,
   * top points, time and memory, parameter effects, interaction, guidelines, decision tree,
   * statistical summary, use cases, measurement quality, samples and racing, flagged points, notes
   * and the pipeline.
   */
  public static List<Section> of(Analysis analysis) {
    return List.of(new Title(analysis), new ExecutiveSummary(analysis), new OptimalConfiguration(analysis),
        new TopConfigurations(analysis), new TimeAndMemory(analysis), new ParameterEffects(analysis),
        new InteractionTables(analysis), new Guidelines(analysis), new DecisionTree(analysis),
        new StatisticalSummary(analysis), new UseCases(analysis), new MeasurementQuality(analysis),
        new SamplesAndRacing(analysis), new FlaggedPoints(analysis), new Notes(analysis), new PipelineGraph(analysis));
  }

  /** Where the balanced samples' noise lies, the sentence that follows the measurement quality's applications. */
  public static String noiseParts(Analysis.Noise noise) {
    return MeasurementQuality.noiseParts(noise);
  }
}
