package io.sparknodes;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.spark.SparkEngine;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What users must not see stays out of the public API (issues 11 and 31): each API package's public
 * top-level types are pinned by name, so that a new one is a decision made here, not an accident.
 */
class PublicSurfaceTest {
  /** The public top-level types of each API package ({@code io.sparknodes.<package>}), by name. */
  private static final Map<String, Set<String>> API = Map.of(
      "pipeline", Set.of("Args", "Engine", "ExecutionReport", "LocalEngine", "MapListener", "MapMode", "MapResult",
          "NestedNodeBuilder", "Node", "NodeCache", "NodeExecutionException", "Pipeline", "Stateful",
          "StatefulBuildException", "StatefulResource", "ValueType"),
      "config", Set.of("AutoBatching", "AutoOrCount", "BatchSize", "Defaults", "EffectiveConfig", "ExecutionConfig",
          "Knobs", "Partitions", "Profile", "ProfileFormat", "SparkKeys"),
      "spark", Set.of("ClusterLayout", "SparkEngine", "StatefulPlugin"),
      "workloads", Set.of("CpuHash", "Embeddings", "InputData", "IoLatency", "LuceneEuroparl", "TextModel",
          "TextNormalize", "Workload", "Workloads"),
      "results", Set.of("ApplicationTime", "AtomicFiles", "Environment", "GridInfo", "InputInfo", "Memory",
          "Design", "Observed", "Results", "Samples", "Statistics", "Status", "StopReason", "Summary", "Trial", "TunedProfile"),
      "results/analysis", Set.of("Analysis", "AnalysisRecords", "Recommendation"),
      "results/format", Set.of("ResultsCsv", "ResultsJson"));

  /** The most public top-level types the user's package may have. */
  private static final int MAX_PIPELINE_TYPES = 20;

  private static boolean isPublic(String className) throws ClassNotFoundException {
    return Modifier.isPublic(Class.forName(className).getModifiers());
  }

  /** The public top-level types of {@code io.sparknodes.<pkg>}, read from the compiled classes. */
  private static Set<String> publicTopLevelTypes(String pkg) throws Exception {
    Path classes = Path.of(Node.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertTrue(Files.isDirectory(classes), "the main classes are a folder (target/classes), not " + classes);
    Path dir = classes.resolve("io/sparknodes/" + pkg);
    Set<String> names = new TreeSet<>();
    if (!Files.isDirectory(dir)) {
      return names;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String file = f.getFileName().toString();
        if (!file.endsWith(".class") || file.contains("$") || file.equals("package-info.class")) {
          continue;
        }
        String name = file.substring(0, file.length() - ".class".length());
        Class<?> type = Class.forName("io.sparknodes." + pkg.replace('/', '.') + "." + name, false, Node.class.getClassLoader());
        if (Modifier.isPublic(type.getModifiers())) {
          names.add(name);
        }
      }
    }
    return names;
  }

  /** The public types {@code pkg} may hold: its list. */
  private static Set<String> expected(String pkg) {
    return new TreeSet<>(API.get(pkg));
  }

  private static void assertNamesNoInternalType(Class<?> api) {
    for (Method m : api.getMethods()) {
      for (Class<?> t : m.getParameterTypes()) {
        assertFalse(t.getName().contains(".internal."), api.getSimpleName() + "." + m.getName() + " takes " + t.getName());
      }
      assertFalse(m.getReturnType().getName().contains(".internal."),
          api.getSimpleName() + "." + m.getName() + " returns " + m.getReturnType().getName());
    }
  }

  @Test
  void eachApiPackage_hasExactlyTheListedPublicTypes() throws Exception {
    for (String pkg : new TreeSet<>(API.keySet())) {
      Set<String> found = publicTopLevelTypes(pkg);
      Set<String> unlisted = new TreeSet<>(found);
      unlisted.removeAll(expected(pkg));
      assertTrue(unlisted.isEmpty(), "io.sparknodes." + pkg.replace('/', '.') + " has public types that PublicSurfaceTest does not list: "
          + unlisted + ". Make them package-private or move them to an internal package; if they are API, add them"
          + " to the list");
      Set<String> gone = new TreeSet<>(expected(pkg));
      gone.removeAll(found);
      assertTrue(gone.isEmpty(), "PublicSurfaceTest lists types that io.sparknodes." + pkg
          + " no longer has as public: " + gone + ". Take them off the list");
    }
  }

  @Test
  void thePipelinePackage_isTheUsersApiOnly() throws Exception {
    assertTrue(API.get("pipeline").size() <= MAX_PIPELINE_TYPES,
        "io.sparknodes.pipeline has " + API.get("pipeline").size() + " public types, more than " + MAX_PIPELINE_TYPES);
    for (String name : API.get("pipeline")) {
      assertNamesNoInternalType(Class.forName("io.sparknodes.pipeline." + name));
    }
  }

  @Test
  void engineInternals_areInInternalPackages() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("io.sparknodes.pipeline.Plan"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName("io.sparknodes.pipeline.BatchSizer"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName("io.sparknodes.pipeline.MemoryWatch"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName("io.sparknodes.spark.SparkSettings"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName("io.sparknodes.spark.SparkHome"));
  }

  @Test
  void nodeCall_isNotPublic() throws Exception {
    assertFalse(Modifier.isPublic(Node.class.getDeclaredMethod("call", Object[].class).getModifiers()));
    assertTrue(Arrays.stream(Node.class.getMethods()).noneMatch(m -> m.getName().equals("call")),
        "Node has no public call method");
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
      assertNamesNoInternalType(api);
    }
  }

  @Test
  void mapResult_hasNoPublicConstructor_andSparkEngineNoPublicSparkConf() {
    assertTrue(Arrays.stream(MapResult.class.getConstructors()).toList().isEmpty());
    assertFalse(Arrays.stream(SparkEngine.class.getMethods()).map(Method::getName).anyMatch(n -> n.equals("sparkConf")));
  }
}
