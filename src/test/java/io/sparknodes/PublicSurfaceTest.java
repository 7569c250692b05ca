package io.sparknodes;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.pipeline.MapResult;
import io.sparknodes.spark.SparkEngine;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What users must not see stays out of the public API (issue 11). */
class PublicSurfaceTest {
  private static boolean isPublic(String className) throws ClassNotFoundException {
    return Modifier.isPublic(Class.forName(className).getModifiers());
  }

  @Test
  void engineInternals_areInInternalPackages() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("io.sparknodes.pipeline.Plan"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName("io.sparknodes.spark.SparkSettings"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName("io.sparknodes.spark.SparkHome"));
  }

  @Test
  void sweepChildSide_isPackagePrivate() throws Exception {
    assertFalse(isPublic("io.sparknodes.tuning.GroupChild"));
    assertFalse(isPublic("io.sparknodes.tuning.PointResult"));
    for (String part : new String[] {"ChildEvent", "ChildInput", "ChildProtocol", "ChildLauncher", "ChildSession",
        "OutputFolder", "TrialRecorder", "Observation"}) {
      assertFalse(isPublic("io.sparknodes.tuning." + part), part);
    }
  }

  @Test
  void noPublicMethodOfAnApiClass_namesAnInternalType() throws Exception {
    for (Class<?> api : new Class<?>[] {io.sparknodes.pipeline.Node.class, io.sparknodes.pipeline.Pipeline.class,
        io.sparknodes.pipeline.Engine.class, io.sparknodes.pipeline.LocalEngine.class, SparkEngine.class, MapResult.class,
        io.sparknodes.pipeline.ExecutionReport.class, io.sparknodes.config.ExecutionConfig.class}) {
      for (Method m : api.getMethods()) {
        for (Class<?> t : m.getParameterTypes()) {
          assertFalse(t.getName().contains(".internal."), api.getSimpleName() + "." + m.getName() + " takes " + t.getName());
        }
        assertFalse(m.getReturnType().getName().contains(".internal."),
            api.getSimpleName() + "." + m.getName() + " returns " + m.getReturnType().getName());
      }
    }
  }

  @Test
  void mapResult_hasNoPublicConstructor_andSparkEngineNoPublicSparkConf() {
    assertTrue(Arrays.stream(MapResult.class.getConstructors()).toList().isEmpty());
    assertFalse(Arrays.stream(SparkEngine.class.getMethods()).map(Method::getName).anyMatch(n -> n.equals("sparkConf")));
  }
}
