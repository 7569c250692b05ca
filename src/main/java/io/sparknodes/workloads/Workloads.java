package io.sparknodes.workloads;

import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Finds a workload by its built-in name or by the class name of a user's {@link Workload}. */
public final class Workloads {
  private static final Map<String, Supplier<Workload>> BUILT_IN = new LinkedHashMap<>();

  static {
    BUILT_IN.put("text-normalize", TextNormalize::new);
    BUILT_IN.put("cpu-hash", CpuHash::new);
    BUILT_IN.put("io-latency", IoLatency::new);
    BUILT_IN.put("lucene-europarl", LuceneEuroparl::new);
    BUILT_IN.put("embeddings", Embeddings::new);
  }

  private Workloads() {}

  /** The built-in workloads' names. */
  public static List<String> builtIn() {
    return List.copyOf(BUILT_IN.keySet());
  }

  /**
   * The workload called {@code name}: a built-in one, or a class implementing {@link Workload}
   * with a public no-argument constructor.
   *
   * @throws IllegalArgumentException naming the workload and what is wrong with it
   */
  public static Workload byName(String name) {
    Supplier<Workload> builtIn = BUILT_IN.get(name);
    if (builtIn != null) {
      return builtIn.get();
    }
    if (!name.contains(".")) {
      throw new IllegalArgumentException("unknown workload '" + name + "': built-in ones are " + builtIn()
          + ", or give the class name of a Workload implementation");
    }
    Class<?> type;
    try {
      type = Class.forName(name, true, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("unknown workload class '" + name + "': not on the class path", e);
    } catch (ExceptionInInitializerError e) {
      throw new IllegalArgumentException("workload class '" + name + "' failed to initialize: " + e.getCause(), e);
    } catch (LinkageError e) {
      // NoClassDefFoundError of a class it needs (a dependency jar missing from --jars), and the like.
      throw new IllegalArgumentException("workload class '" + name + "' cannot be loaded: " + e
          + " (is a jar it depends on missing from --jars?)", e);
    }
    if (!Workload.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException("workload class '" + name + "' does not implement " + Workload.class.getName());
    }
    try {
      return (Workload) type.getConstructor().newInstance();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("workload class '" + name + "' has no public no-argument constructor", e);
    } catch (LinkageError e) {
      throw new IllegalArgumentException("workload class '" + name + "' cannot be instantiated: " + e
          + " (is a jar it depends on missing from --jars?)", e);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException("workload class '" + name + "' failed to construct: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("workload class '" + name + "' cannot be instantiated: " + e, e);
    }
  }
}
