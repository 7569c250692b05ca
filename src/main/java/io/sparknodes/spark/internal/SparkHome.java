package io.sparknodes.spark.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A SPARK_HOME layout for local-cluster and standalone workers run from Maven jars: a writable
 * folder with {@code jars/} (empty: executors get the class path through {@code
 * spark.executor.extraClassPath}) and {@code conf/}. Maven Central has no Spark distribution.
 */
public final class SparkHome {
  private SparkHome() {}

  /** The default layout folder: {@code sparknodes-spark-home} under the temporary directory. */
  public static Path defaultDir() {
    return Path.of(System.getProperty("java.io.tmpdir"), "sparknodes-spark-home-" + System.getProperty("user.name"));
  }

  /** Makes (or checks) the layout at {@code dir} and returns it. */
  public static Path ensure(Path dir) {
    try {
      Files.createDirectories(dir.resolve("jars"));
      Files.createDirectories(dir.resolve("conf"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a SPARK_HOME layout at " + dir + ": " + e.getMessage(), e);
    }
    if (!Files.isWritable(dir)) {
      throw new IllegalStateException("SPARK_HOME layout " + dir + " is not writable");
    }
    return dir;
  }

  /**
   * The environment a JVM that hosts local-cluster workers needs: SPARK_HOME (this JVM's, when it
   * names a usable layout, else the default one, made here), SPARK_SCALA_VERSION and SPARK_LOCAL_IP.
   */
  public static Map<String, String> childEnvironment() {
    String current = System.getenv("SPARK_HOME");
    Path home = current != null && Files.isDirectory(Path.of(current, "jars")) && Files.isWritable(Path.of(current))
        ? Path.of(current) : ensure(defaultDir());
    return Map.of(
        "SPARK_HOME", home.toAbsolutePath().toString(),
        "SPARK_SCALA_VERSION", SparkSettings.SCALA_BINARY_VERSION,
        "SPARK_LOCAL_IP", SparkSettings.LOOPBACK);
  }
}
