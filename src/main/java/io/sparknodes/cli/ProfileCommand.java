package io.sparknodes.cli;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.config.Profile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code profile PROFILE_JSON}: checks a sweep's profile.json and prints its configurations, or, with
 * {@code --spark-conf}, the Spark settings of one of them for {@code spark-submit} (scripts/submit
 * --profile uses it).
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
    parameterListHeading = HelpSections.ARGUMENTS, optionListHeading = HelpSections.GENERAL,
    description = {"Checks a sweep's profile.json and prints its configurations.",
        "With --spark-conf, prints the Spark settings of one of them, for spark-submit."})
final class ProfileCommand implements Callable<Integer> {
  /** The Spark setting that names the profile for the submitted application. */
  static final String PROFILE_KEY = io.sparknodes.spark.SparkEngine.PROFILE;
  /** The Spark setting that names the profile's configuration for the submitted application. */
  static final String USE_CASE_KEY = io.sparknodes.spark.SparkEngine.PROFILE_USE_CASE;

  @Parameters(index = "0", paramLabel = "PROFILE_JSON", description = "A profile.json written by 'grid'.")
  Path file;

  @Option(names = "--use-case", order = HelpSections.INPUT, paramLabel = "NAME", defaultValue = Profile.OPTIMAL,
      description = "optimal, general, memory-constrained, maximum-throughput or io-bound (default:"
          + " ${DEFAULT-VALUE}).")
  String useCase;

  @Option(names = "--spark-conf", order = HelpSections.OUTPUT,
      description = "Print key=value lines: the executor layout the configuration implies, its spark.* settings, and "
          + PROFILE_KEY + " naming the file.")
  boolean sparkConf;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Profile profile = Profile.read(file);
    ExecutionConfig config = profile.config(useCase);
    if (sparkConf) {
      profile.coreMismatch(Runtime.getRuntime().availableProcessors())
          .ifPresent(w -> spec.commandLine().getErr().println("sparknodes: warning: " + w));
      Map<String, String> conf = new TreeMap<>(profile.sparkSettings(useCase));
      conf.putAll(config.spark());
      conf.put(PROFILE_KEY, file.toAbsolutePath().normalize().toString());
      conf.put(USE_CASE_KEY, useCase);
      conf.forEach((k, v) -> out.println(k + "=" + v));
    } else {
      for (String name : profile.names()) {
        out.println(name + ": " + config(profile.config(name)) + "; on a cluster: " + profile.sparkSettings(name));
      }
    }
    out.flush();
    spec.commandLine().getErr().flush();
    return Main.OK;
  }

  private static String config(ExecutionConfig c) {
    StringBuilder b = new StringBuilder();
    c.toMap().forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    return b.toString();
  }
}
