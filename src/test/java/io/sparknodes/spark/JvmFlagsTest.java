package io.sparknodes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/** The Java 17 flags Spark needs are where the scripts and the tests take them from. */
class JvmFlagsTest {
  private static final List<String> SPARK_FLAGS = List.of(JavaModuleOptions.defaultModuleOptions().trim().split("\\s+"));

  @Test
  void confJvmOptions_holdEveryFlagSparkAsksFor() throws Exception {
    List<String> conf = Files.readAllLines(Path.of("conf/jvm-options")).stream().filter(l -> !l.isBlank()).toList();
    for (String flag : SPARK_FLAGS) {
      assertTrue(conf.contains(flag), "conf/jvm-options lacks " + flag);
    }
    assertEquals(conf.size(), conf.stream().distinct().count());
  }

  @Test
  void testJvm_runsWithSparksModuleOptions() {
    List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
    for (String flag : SPARK_FLAGS) {
      assertTrue(args.contains(flag), "surefire's argLine lacks " + flag);
    }
  }
}
