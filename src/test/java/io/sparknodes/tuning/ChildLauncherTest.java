package io.sparknodes.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.spark.internal.SparkSettings;
import io.sparknodes.workloads.TextNormalize;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of a group's JVM, built without starting it. */
class ChildLauncherTest {
  @TempDir
  Path dir;

  private List<String> command(SweepOptions options, Optional<Path> items) {
    return new ChildLauncher(options, TextNormalize.class, "/opt/jdk", "/app/a.jar" + File.pathSeparator + "/app/b",
        Optional.of("/conf/log4j2.properties"))
        .command(dir.resolve("points.json"), items);
  }

  @Test
  void command_holdsJavaFlagsPropertiesClassPathMainClassAndArguments_inOrder() {
    Path jar = dir.resolve("user.jar");
    SweepOptions options = SweepOptions.builder(dir).childMainClass("x.GroupMain")
        .childJvmOptions(List.of("-Xmx1g", "-XX:+UseSerialGC")).sparkProperties(Map.of("spark.ui.enabled", "false"))
        .master("spark://host:7077").jars(List.of(jar)).build();
    List<String> cmd = command(options, Optional.of(dir.resolve("items.json")));
    assertEquals("/opt/jdk/bin/java".replace('/', File.separatorChar), cmd.get(0));
    List<String> modules = SparkSettings.javaModuleOptions();
    assertEquals(modules, cmd.subList(1, 1 + modules.size()), "Spark's module options first");
    assertEquals(List.of("-Xmx1g", "-XX:+UseSerialGC", "-Xms1g"), cmd.subList(1 + modules.size(), 4 + modules.size()),
        "the user's options, then the heap fixed at its maximum");
    assertTrue(cmd.contains("-Djava.awt.headless=true"), cmd.toString());
    assertTrue(cmd.contains("-Dlog4j2.configurationFile=/conf/log4j2.properties"), cmd.toString());
    assertTrue(cmd.contains("-Dspark.ui.enabled=false"), cmd.toString());
    assertTrue(cmd.contains("-Dspark.jars=" + jar.toUri()), "on an external master the jars go in spark.jars: " + cmd);
    String classPath = cmd.get(cmd.indexOf("-cp") + 1);
    List<String> entries = List.of(classPath.split(File.pathSeparator));
    assertEquals(List.of("/app/a.jar", "/app/b"), entries.subList(0, 2), "this JVM's class path first");
    assertTrue(entries.contains(jar.toString()), "the user's jars on the class path: " + classPath);
    assertEquals(List.of("x.GroupMain", dir.resolve("points.json").toString(), dir.resolve("items.json").toString(),
        "spark://host:7077"), cmd.subList(cmd.size() - 4, cmd.size()));
  }

  @Test
  void heap_isFixedAtItsMaximum_inTheGroupJvmAndTheExecutors_unlessTheUserSetsIt() {
    assertEquals(Optional.of("-Xms3g"), ChildLauncher.fixedHeap(List.of("-Xmx2g", "-Xmx3g")), "the last -Xmx wins");
    assertEquals(Optional.empty(), ChildLauncher.fixedHeap(List.of("-Xmx3g", "-Xms512m")), "the user's own -Xms");
    assertEquals(Optional.empty(), ChildLauncher.fixedHeap(List.of("-XX:+UseSerialGC")), "no maximum: nothing");
    List<String> cmd = command(SweepOptions.builder(dir).childMainClass("x.GroupMain").build(), Optional.empty());
    assertTrue(cmd.contains("-Dspark.executor.extraJavaOptions=-Xms1g")
        || cmd.stream().anyMatch(a -> a.startsWith("-Dspark.executor.extraJavaOptions=") && a.endsWith(" -Xms1g")),
        "executors at Spark's default executor memory: " + cmd);
    cmd = command(SweepOptions.builder(dir).childMainClass("x.GroupMain")
        .sparkProperties(Map.of("spark.executor.memory", "2048")).build(), Optional.empty());
    assertTrue(cmd.stream().anyMatch(a -> a.startsWith("-Dspark.executor.extraJavaOptions=") && a.endsWith("-Xms2048m")),
        "a bare number is MiB, as Spark reads it: " + cmd);
    cmd = command(SweepOptions.builder(dir).childMainClass("x.GroupMain")
        .sparkProperties(Map.of("spark.executor.extraJavaOptions", "-Xms300m -XX:+UseSerialGC")).build(),
        Optional.empty());
    assertTrue(cmd.contains("-Dspark.executor.extraJavaOptions=-Xms300m -XX:+UseSerialGC"), "the user's own: " + cmd);
  }

  @Test
  void command_withoutItemsOrMaster_saysSoWithDashes_andKeepsJarsOutOfSparkJarsLocally() {
    Path jar = dir.resolve("user.jar");
    SweepOptions options = SweepOptions.builder(dir).childMainClass("x.GroupMain").jars(List.of(jar)).build();
    List<String> cmd = command(options, Optional.empty());
    assertTrue(cmd.contains(SweepDefaults.CHILD_JVM_OPTION), "the default JVM option: " + cmd);
    assertFalse(cmd.stream().anyMatch(a -> a.startsWith("-Dspark.jars=")), cmd.toString());
    assertEquals(List.of("-", "-"), cmd.subList(cmd.size() - 2, cmd.size()));
  }

  @Test
  void childClassPath_addsWhereAClassWasLoadedFrom_once() throws Exception {
    Path classes = Path.of(Sweep.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String added = ChildLauncher.childClassPath("/app/a.jar", List.of(Sweep.class, ChildLauncher.class));
    assertEquals("/app/a.jar" + File.pathSeparator + classes.toAbsolutePath().normalize(), added);
    String kept = ChildLauncher.childClassPath(classes + File.pathSeparator + File.pathSeparator, List.of(Sweep.class));
    assertEquals(classes.toString(), kept);
  }

  @Test
  void options_refuseASparkPropertyOutsideSpark() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> SweepOptions.builder(dir).sparkProperties(Map.of("executor.memory", "1g")));
    assertEquals("Spark property 'executor.memory' must start with spark. and name a setting", e.getMessage());
    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> SweepOptions.builder(dir).sparkProperties(Map.of("spark.", "1g")));
    assertEquals("Spark property 'spark.' must start with spark. and name a setting", e.getMessage());
  }
}
