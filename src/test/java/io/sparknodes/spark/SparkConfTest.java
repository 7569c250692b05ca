package io.sparknodes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.config.SparkKeys;
import io.sparknodes.spark.internal.SparkSettings;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The knobs become a cluster layout; nothing starts here. */
class SparkConfTest {

  private static ExecutionConfig cfg(boolean process, int n) {
    return ExecutionConfig.builder().useProcess(process).maxConcurrency(n).build();
  }

  @Test
  void threads_giveLocalN_boundToLoopback() {
    SparkConf conf = SparkEngine.sparkConf(cfg(false, 3), Optional.empty());
    assertEquals("local[3]", conf.get("spark.master"));
    assertEquals("127.0.0.1", conf.get("spark.driver.host"));
    assertEquals("127.0.0.1", conf.get("spark.driver.bindAddress"));
    assertTrue(conf.get("spark.plugins").contains(StatefulPlugin.class.getName()));
  }

  @Test
  void processes_giveLocalCluster_withExecutorClassPathAndScalaVersion() {
    SparkConf conf = SparkEngine.sparkConf(cfg(true, 3), Optional.empty());
    assertEquals("local-cluster[3,1,1024]", conf.get("spark.master"));
    assertEquals("1024m", conf.get("spark.executor.memory"));
    assertEquals(ClusterLayout.absoluteClassPath(), conf.get("spark.executor.extraClassPath"));
    assertTrue(java.util.Arrays.stream(conf.get("spark.executor.extraClassPath").split(java.io.File.pathSeparator))
        .allMatch(e -> java.nio.file.Path.of(e).isAbsolute()));
    assertEquals(SparkSettings.SCALA_BINARY_VERSION, conf.get("spark.executorEnv.SPARK_SCALA_VERSION"));
  }

  @Test
  void externalMaster_knobsSetExecutorCoresAndCount() {
    SparkConf threads = SparkEngine.sparkConf(cfg(false, 4), Optional.of("spark://127.0.0.1:7077"));
    assertEquals("spark://127.0.0.1:7077", threads.get("spark.master"));
    assertEquals("4", threads.get("spark.executor.cores"));
    assertEquals("1", threads.get("spark.executor.instances"));
    assertEquals("4", threads.get("spark.cores.max"));
    SparkConf processes = SparkEngine.sparkConf(cfg(true, 4), Optional.of("spark://127.0.0.1:7077"));
    assertEquals("1", processes.get("spark.executor.cores"));
    assertEquals("4", processes.get("spark.executor.instances"));
    assertFalse(processes.contains("spark.executor.extraClassPath"));
  }

  @Test
  void externalMaster_recordsTheLayout_soOneOneCoreExecutorIsStillProcessMode() {
    SparkConf one = SparkEngine.sparkConf(cfg(true, 1), Optional.of("spark://127.0.0.1:7077"));
    assertEquals("1", one.get("spark.executor.instances"));
    assertEquals("true", one.get(SparkKeys.LAYOUT_PROCESSES));
    assertEquals("false", SparkEngine.sparkConf(cfg(false, 1), Optional.of("spark://127.0.0.1:7077"))
        .get(SparkKeys.LAYOUT_PROCESSES));
  }

  @Test
  void clusterLayout_isReadFromTheExecutorsTheSettingsAskFor_notFromThoseRegisteredSoFar() {
    SparkConf conf = new SparkConf(false);
    assertEquals(java.util.OptionalInt.empty(), ClusterLayout.expectedExecutors(conf));
    conf.set("spark.cores.max", "2").set("spark.executor.cores", "1");
    assertEquals(java.util.OptionalInt.of(2), ClusterLayout.expectedExecutors(conf));
    conf.set("spark.executor.instances", "3");
    assertEquals(java.util.OptionalInt.of(3), ClusterLayout.expectedExecutors(conf));
    conf.set("spark.dynamicAllocation.enabled", "true");
    assertEquals(java.util.OptionalInt.empty(), ClusterLayout.expectedExecutors(conf));
  }

  @Test
  void sparkSettingsOfTheConfigReachTheConf() {
    SparkConf conf = SparkEngine.sparkConf(ExecutionConfig.builder().spark("spark.sql.shuffle.partitions", "7").build(),
        Optional.empty());
    assertEquals("7", conf.get("spark.sql.shuffle.partitions"));
  }

  @Test
  void misconfiguredLocalCluster_failsAtOnce_namingSparkHome(@TempDir java.nio.file.Path dir) {
    ClusterLayout layout = ClusterLayout.forConfig(cfg(true, 2).resolve(), Optional.empty(), 1024);
    IllegalStateException unset = assertThrows(IllegalStateException.class, () -> layout.checkEnvironment(Map.of()));
    assertTrue(unset.getMessage().startsWith("SPARK_HOME is not set."), unset.getMessage());
    IllegalStateException noJars = assertThrows(IllegalStateException.class,
        () -> layout.checkEnvironment(Map.of("SPARK_HOME", dir.toString(), "SPARK_LOCAL_IP", "127.0.0.1")));
    assertTrue(noJars.getMessage().startsWith("SPARK_HOME=" + dir + " has no jars/ folder."), noJars.getMessage());
  }
}
