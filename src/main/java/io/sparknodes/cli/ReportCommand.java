package io.sparknodes.cli;

import io.sparknodes.results.Results;
import io.sparknodes.results.format.ResultsJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code report RESULTS_JSON}: renders report.md, results.csv and the charts from a results file alone. */
@Command(name = "report", mixinStandardHelpOptions = true,
    parameterListHeading = HelpSections.ARGUMENTS, optionListHeading = HelpSections.GENERAL,
    description = "Re-renders report.md, results.csv and the charts from a results.json.")
final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RESULTS_JSON", description = "A results.json written by 'grid'.")
  Path resultsFile;

  @Option(names = "--out", order = HelpSections.OUTPUT, paramLabel = "DIR",
      description = "Where to write (default: the results file's folder).")
  Path out;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    if (!Files.exists(resultsFile)) {
      throw new IllegalArgumentException("results file " + resultsFile + " does not exist");
    }
    Results results = ResultsJson.read(resultsFile);
    Path dir = out != null ? out : resultsFile.toAbsolutePath().getParent();
    io.sparknodes.report.Reporter.writeAll(results, dir);
    System.out.println("report: " + dir.resolve("report.md"));
    return Main.OK;
  }
}
