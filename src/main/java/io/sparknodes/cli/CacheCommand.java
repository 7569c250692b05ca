package io.sparknodes.cli;

import io.sparknodes.pipeline.NodeCache;
import io.sparknodes.pipeline.internal.cache.CacheStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cache info DIR} and {@code cache clear DIR [--node NAME]}: a node cache's entries per node, and their removal. */
@Command(name = "cache", mixinStandardHelpOptions = true,
    description = {"Shows or clears a node cache: info DIR, clear DIR [--node NAME].",
        "DIR is a local directory, or a URI such as hdfs://nn/cache."},
    subcommands = {CacheCommand.Info.class, CacheCommand.Clear.class})
final class CacheCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is needed: info or clear");
  }

  private static CacheStore open(String dir) throws java.io.IOException {
    return CacheStore.open(NodeCache.at(dir));
  }

  /** What both subcommands take: the cache's directory, and the options every command has. */
  abstract static class OnADirectory implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The cache's directory or URI.")
    String dir;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;
  }

  /** Entries and bytes per node. */
  @Command(name = "info", mixinStandardHelpOptions = true, description = "Prints the entries and bytes of each node.")
  static final class Info extends OnADirectory {
    @Override
    public Integer call() throws Exception {
      List<CacheStore.NodeEntries> nodes = open(dir).info();
      PrintWriter out = spec.commandLine().getOut();
      long entries = 0;
      long bytes = 0;
      for (CacheStore.NodeEntries n : nodes) {
        out.printf(java.util.Locale.ROOT, "%-30s %10d entries %14d bytes%n", n.node(), n.entries(), n.bytes());
        entries += n.entries();
        bytes += n.bytes();
      }
      out.printf(java.util.Locale.ROOT, "%-30s %10d entries %14d bytes%n", "total", entries, bytes);
      out.flush();
      return Main.OK;
    }
  }

  /** Deletes every entry, or one node's. */
  @Command(name = "clear", mixinStandardHelpOptions = true, description = "Deletes the entries of every node, or of one.")
  static final class Clear extends OnADirectory {
    @Option(names = "--node", order = HelpSections.INPUT, paramLabel = "NAME", description = "Only this node's entries.")
    String node;

    @Override
    public Integer call() throws Exception {
      long n = open(dir).clear(Optional.ofNullable(node));
      PrintWriter out = spec.commandLine().getOut();
      out.println("deleted " + n + " entr" + (n == 1 ? "y" : "ies") + (node == null ? "" : " of node '" + node + "'"));
      out.flush();
      return Main.OK;
    }
  }
}
