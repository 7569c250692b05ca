package io.sparknodes.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code sparknodes grid|bench|report|graph|...}: the command line. Exit codes: 0 done, 1 the run failed
 * (wholly, or for some points), 2 bad usage or bad input (a message names the file, key or value).
 */
@Command(name = "sparknodes", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Runs pipelines of Java functions on Spark, and sweeps the engine's knobs.",
    optionListHeading = HelpSections.GENERAL, commandListHeading = "%nCommands:%n",
    footer = {"%nRun 'sparknodes COMMAND --help' for a command's options, grouped (input, design, Spark, output)"
        + " with their defaults."},
    subcommands = {GridCommand.class, BenchCommand.class, ReportCommand.class, GraphCommand.class, ProfileCommand.class,
        CacheCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  /** Exit code: done. */
  public static final int OK = 0;
  /** Exit code: the run failed. */
  public static final int FAILED = 1;
  /** Exit code: bad usage or input. */
  public static final int USAGE = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: grid, bench, report, graph, profile or cache");
  }

  /** Runs the command line and returns its exit code (no exit). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = HelpSections.install(new CommandLine(new Main()));
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      boolean verbose = parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
      Throwable cause = e;
      while ((cause instanceof java.io.UncheckedIOException || cause instanceof java.util.concurrent.CompletionException)
          && cause.getCause() != null) {
        cause = cause.getCause();
      }
      String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
      cmd.getErr().println("sparknodes: " + message);
      if (verbose) {
        cause.printStackTrace(cmd.getErr());
      } else if (!(cause instanceof IllegalArgumentException)) {
        cmd.getErr().println("(run with --verbose for the stack trace)");
      }
      cmd.getErr().flush();
      return cause instanceof IllegalArgumentException ? USAGE : FAILED;
    });
    cl.setParameterExceptionHandler((ex, a) -> {
      ex.getCommandLine().getErr().println("sparknodes: " + ex.getMessage());
      ex.getCommandLine().getErr().println("see: " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help");
      ex.getCommandLine().getErr().flush();
      return USAGE;
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  public static void main(String[] args) {
    int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    System.exit(code);
  }

  /** The version, from the jar's manifest or the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"sparknodes " + (v == null ? "(development build)" : v)
          + ", Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ", Java " + Runtime.version()};
    }
  }
}
