package io.sparknodes.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The sections of every command's help, the same words in each: its arguments, its general options
 * (help, version, {@code --verbose}), then its options by what they are about, in the order of the
 * constants below. An option joins a section by its {@code order}: {@code @Option(names = "--items",
 * order = HelpSections.INPUT, ...)}; one with none is a general option. The sections are drawn by the
 * help alone: parsing, validation and messages are picocli's, as for any option. An option with a
 * default says so in its description ({@code ${DEFAULT-VALUE}} when picocli holds it, in words when the
 * command works it out).
 */
final class HelpSections {
  private HelpSections() {}

  /** The heading of the positional arguments. */
  static final String ARGUMENTS = "%nArguments:%n";
  /** The heading of the options in no section: help, version and {@code --verbose}. */
  static final String GENERAL = "%nOptions:%n";

  /** What is read: the workload, the user's data and jars, the files to check. */
  static final int INPUT = 1;
  /** What is run and how often: the points, the rounds, a resumed sweep. */
  static final int DESIGN = 2;
  /** Where and how Spark runs: the master, the groups' JVMs, Spark's own settings. */
  static final int SPARK = 3;
  /** What is written, and where. */
  static final int OUTPUT = 4;

  /** The sections' headings, by their number. */
  static final Map<Integer, String> HEADINGS =
      Map.of(INPUT, "Input", DESIGN, "Design", SPARK, "Spark", OUTPUT, "Output");

  /** Draws the option lists of {@code commandLine} and of its subcommands in sections. */
  static CommandLine install(CommandLine commandLine) {
    commandLine.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpSections::optionList);
    commandLine.getSubcommands().values().forEach(HelpSections::install);
    return commandLine;
  }

  /** The section an option is listed in: its {@code order} when that names one, else 0 (the general options). */
  static int section(OptionSpec option) {
    return HEADINGS.containsKey(option.order()) ? option.order() : 0;
  }

  /** The general options, then each section's heading and options, in declaration order, in one layout's columns. */
  static String optionList(Help help) {
    Map<Integer, List<OptionSpec>> bySection = new TreeMap<>();
    for (OptionSpec option : help.commandSpec().options()) {
      bySection.computeIfAbsent(section(option), s -> new ArrayList<>()).add(option);
    }
    StringBuilder b = new StringBuilder();
    bySection.forEach((section, options) -> {
      if (section != 0) {
        b.append(help.createHeading("%n" + HEADINGS.get(section) + ":%n"));
      }
      // One layout per section, each with the columns of the whole command's options.
      b.append(help.optionListExcludingGroups(options, help.createDefaultLayout(), null,
          help.parameterLabelRenderer()));
    });
    return b.toString();
  }
}
