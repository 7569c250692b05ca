package io.sparknodes.results;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Where a sweep ran: the JVM, Spark, the master, the machine and the commit of the code measured.
 *
 * @param gitCommit the commit measured, or {@code "unknown"}
 * @param maxMemoryBytes the driver JVM's maximum heap
 */
public record Environment(
    String javaVersion,
    String javaVendor,
    String sparkVersion,
    String master,
    int cores,
    long maxMemoryBytes,
    String osName,
    String osArch,
    String gitCommit,
    String hostName) {

  /** The value of {@link #gitCommit()} when the commit is not known. */
  public static final String UNKNOWN = "unknown";

  public Environment {
    Objects.requireNonNull(javaVersion, "javaVersion");
    Objects.requireNonNull(javaVendor, "javaVendor");
    Objects.requireNonNull(sparkVersion, "sparkVersion");
    Objects.requireNonNull(master, "master");
    Objects.requireNonNull(osName, "osName");
    Objects.requireNonNull(osArch, "osArch");
    Objects.requireNonNull(gitCommit, "gitCommit");
    Objects.requireNonNull(hostName, "hostName");
    if (cores <= 0) {
      throw new IllegalArgumentException("cores must be positive but was " + cores);
    }
    if (maxMemoryBytes <= 0) {
      throw new IllegalArgumentException("maxMemoryBytes must be positive but was " + maxMemoryBytes);
    }
    if (gitCommit.isBlank()) {
      gitCommit = UNKNOWN;
    }
  }

  /**
   * This JVM and machine, with the Spark parts given by the caller.
   *
   * @param gitCommit the commit measured; blank means {@code "unknown"}
   */
  /**
   * The commit checked out in the project's folder (the {@code sparknodes.home} system property, which the
   * scripts set: they run in the user's directory) or else the working directory ({@code git rev-parse}), or
   * {@link #UNKNOWN}.
   */
  public static String currentGitCommit() {
    try {
      ProcessBuilder git = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").redirectErrorStream(true);
      String home = System.getProperty("sparknodes.home");
      if (home != null && !home.isBlank()) {
        git.directory(new java.io.File(home));
      }
      Process p = git.start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
      return p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]{7,40}")
          ? out : UNKNOWN;
    } catch (java.io.IOException e) {
      return UNKNOWN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return UNKNOWN;
    }
  }

  public static Environment current(String sparkVersion, String master, String gitCommit) {
    Runtime rt = Runtime.getRuntime();
    return new Environment(
        System.getProperty("java.version", UNKNOWN),
        System.getProperty("java.vendor", UNKNOWN),
        sparkVersion,
        master,
        rt.availableProcessors(),
        rt.maxMemory(),
        System.getProperty("os.name", UNKNOWN),
        System.getProperty("os.arch", UNKNOWN),
        Objects.requireNonNull(gitCommit, "gitCommit"),
        localHostName());
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isBlank() ? UNKNOWN : env;
    }
  }
}
