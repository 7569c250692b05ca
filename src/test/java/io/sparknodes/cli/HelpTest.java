package io.sparknodes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The help is a map: the top-level help lists every command on one line, and each command's help lists
 * its options under the same section headings, each default shown. In-process, no Spark.
 */
class HelpTest {
  /** The options every command has outside the sections. */
  private static final List<String> GENERAL = List.of("--help", "--version", "--verbose");

  private static String help(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
    assertEquals(Main.OK, code, err.toString());
    return out.toString();
  }

  /** The commands, as Main declares them. */
  private static Map<String, CommandLine> commands() {
    return new CommandLine(new Main()).getSubcommands();
  }

  /** Each heading line ("Input:") of a help text and the lines under it, up to the next heading. */
  private static Map<String, String> sections(String help) {
    Map<String, String> sections = new LinkedHashMap<>();
    String heading = "";
    StringBuilder body = new StringBuilder();
    for (String line : help.lines().toList()) {
      if (line.matches("[A-Z][A-Za-z]*:")) {
        sections.put(heading, body.toString());
        heading = line.substring(0, line.length() - 1);
        body = new StringBuilder();
      } else {
        body.append(line).append('\n');
      }
    }
    sections.put(heading, body.toString());
    return sections;
  }

  @Test
  void topLevelHelp_listsEveryCommand_withOneLine() {
    String top = help("--help");
    // Indented: a command's line, or the wrapped rest of one (the footer below the list is not indented).
    List<String> listed = sections(top).get("Commands").lines().filter(l -> l.startsWith(" ")).toList();
    assertEquals(commands().size(), listed.size(), "one line per command, none wrapped:\n" + top);
    for (String name : commands().keySet()) {
      assertEquals(1, listed.stream().filter(l -> l.matches("  " + name + " +\\S.*")).count(), name + " in:\n" + top);
    }
    assertTrue(top.contains("'sparknodes COMMAND --help'"), top);
  }

  @Test
  void gridHelp_groupsItsOptionsUnderHeadings_withTheirDefaults() {
    String grid = help("grid", "--help");
    Map<String, String> sections = sections(grid);
    assertEquals(List.of("", "Arguments", "Options", "Input", "Design", "Spark", "Output"),
        new ArrayList<>(sections.keySet()), grid);
    Map<String, List<String>> expected = Map.of(
        "Arguments", List.of("GRID_FILE"),
        "Options", List.of("--help", "--version", "--verbose"),
        "Input", List.of("--workload=NAME", "--items=N", "--input=FILE", "--column=NAME", "--jars=JAR"),
        "Design", List.of("--resume=DIR"),
        "Spark", List.of("--master=URL", "--event-log=DIR", "--child-jvm-option=OPT"),
        "Output", List.of("--out=DIR"));
    expected.forEach((heading, options) -> options.forEach(
        o -> assertTrue(sections.get(heading).contains(o), o + " under " + heading + ":\n" + grid)));
    String flat = grid.replaceAll("\\s+", " ");
    for (String shown : List.of("(default: the project's conf/grid-seed.", "(default: -Xmx3g)",
        "(default: results/<timestamp>)", "default: spark-submit's --master when it is not local")) {
      assertTrue(flat.contains(shown), shown + " in:\n" + grid);
    }
  }

  @Test
  void everyCommand_listsEachOptionInASection_andShowsEveryDefaultPicocliHolds() {
    commands().forEach((name, command) -> {
      if (name.equals("help")) {
        return;
      }
      CommandSpec spec = command.getCommandSpec();
      String flat = help(name, "--help").replaceAll("\\s+", " ");
      for (OptionSpec option : spec.options()) {
        if (!GENERAL.contains(option.longestName())) {
          assertNotEquals(0, HelpSections.section(option), name + " " + option.longestName()
              + " is in no section of the help: give it order = HelpSections.INPUT (DESIGN, SPARK, OUTPUT)");
        }
      }
      for (ArgSpec arg : spec.args()) {
        if (arg.defaultValue() != null) {
          assertTrue(flat.contains("(default: " + arg.defaultValue() + ")"),
              name + " " + arg.paramLabel() + ": its default, with (default: ${DEFAULT-VALUE}), in:\n" + flat);
        }
      }
    });
  }

  @Test
  void sectionsAreAlsoDrawnFor_theHelpCommand() {
    assertEquals(help("graph", "--help"), help("help", "graph"));
  }
}
