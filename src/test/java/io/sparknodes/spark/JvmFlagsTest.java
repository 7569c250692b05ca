package io.sparknodes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.spark.internal.SparkSettings;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java 17 flags Spark needs are where the scripts and the tests take them from. */
class JvmFlagsTest {
  /**
   * Spark's flags less the incubator Vector API module: nothing on our class path uses it (Spark
   * lists it for MLlib's BLAS), and it makes every JVM print "WARNING: Using incubator modules".
   */
  static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";
  private static final List<String> SPARK_FLAGS = SparkSettings.javaModuleOptions().stream()
      .filter(f -> !f.equals(VECTOR_MODULE)).toList();

  @Test
  void confJvmOptions_holdSparksModuleOptions() throws Exception {
    // Spark 4.0's list, a superset of 3.5's: one file serves both builds.
    List<String> conf = Files.readAllLines(Path.of("conf/jvm-options")).stream().filter(l -> !l.isBlank()).toList();
    assertTrue(conf.containsAll(SPARK_FLAGS), "conf/jvm-options lacks some of " + SPARK_FLAGS);
    assertEquals(conf.size(), new java.util.HashSet<>(conf).size(), "conf/jvm-options repeats a flag");
    assertTrue(!conf.contains(VECTOR_MODULE), "conf/jvm-options adds the incubator module, which prints a warning");
  }

  @Test
  void sparkDefaults_giveDriverAndExecutorsSparksModuleOptions_andBindToLoopback() throws Exception {
    java.util.Properties conf = new java.util.Properties();
    try (var in = Files.newBufferedReader(Path.of("conf/spark-defaults.conf"))) {
      conf.load(in);
    }
    for (String key : List.of("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions")) {
      List<String> options = List.of(conf.getProperty(key, "").trim().split("\\s+"));
      assertTrue(options.containsAll(SPARK_FLAGS), key + " lacks some of " + SPARK_FLAGS);
    }
    assertEquals("127.0.0.1", conf.getProperty("spark.driver.host"));
    assertEquals("127.0.0.1", conf.getProperty("spark.driver.bindAddress"));
    assertTrue(conf.stringPropertyNames().stream().allMatch(k -> k.startsWith("spark.")),
        "spark-submit drops keys that do not start with spark.: " + conf.stringPropertyNames());
  }

  @Test
  void testJvm_runsWithSparksModuleOptions() {
    List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
    for (String flag : SPARK_FLAGS) {
      assertTrue(args.contains(flag), "surefire's argLine lacks " + flag);
    }
  }
}
