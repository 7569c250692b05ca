package io.sparknodes.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A tuned profile, the {@code profile.json} a sweep writes beside its results.json: the optimal
 * configuration and one per use case ({@code general}, {@code memory-constrained}, {@code
 * maximum-throughput}, {@code io-bound}), each as engine settings and the Spark settings they imply
 * on a cluster, and the cores of the machine it was measured on, as {@link ProfileFormat} reads it.
 * Most callers want {@link ExecutionConfig#fromProfile(Path)}.
 *
 * <pre>{@code
 * Profile profile = Profile.read(Path.of("results/20261124-031500/profile.json"));
 * ExecutionConfig engine = profile.config("memory-constrained");
 * Map<String, String> cluster = profile.sparkSettings("memory-constrained"); // spark.executor.cores, ...
 * }</pre>
 *
 * @param file where it was read from
 * @param measuredOnLocal whether it was measured on an embedded master (local[N], local-cluster)
 * @param measuredCores the cores of the machine it was measured on
 * @param configs {@value #OPTIMAL} and each use case, to its engine settings
 * @param sparkSettings {@value #OPTIMAL} and each use case, to the Spark settings its settings imply
 */
public record Profile(Path file, boolean measuredOnLocal, int measuredCores, Map<String, ExecutionConfig> configs,
    Map<String, Map<String, String>> sparkSettings) {
  /** The key of the optimal configuration (rank 1: the lowest geometric-mean warm time). */
  public static final String OPTIMAL = "optimal";

  public Profile {
    Objects.requireNonNull(file, "file");
    configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    sparkSettings.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
    sparkSettings = Collections.unmodifiableMap(copy);
  }

  /**
   * Reads a profile ({@link ProfileFormat#read(Path)}).
   *
   * @throws IllegalArgumentException naming the file and the key that is missing or wrong
   */
  public static Profile read(Path file) {
    return ProfileFormat.read(file);
  }

  /** {@value #OPTIMAL}, then the use cases, in the profile's order. */
  public List<String> names() {
    return new ArrayList<>(configs.keySet());
  }

  /**
   * The engine settings of {@code name}: {@value #OPTIMAL} or a use case.
   *
   * @throws IllegalArgumentException naming the file and the configurations it has
   */
  public ExecutionConfig config(String name) {
    ExecutionConfig c = configs.get(name);
    if (c == null) {
      throw new IllegalArgumentException("profile " + file + " has no configuration '" + name + "' (it has "
          + String.join(", ", configs.keySet()) + ")");
    }
    return c;
  }

  /** The Spark settings {@code name}'s settings imply on a cluster: executor cores, instances, total cores. */
  public Map<String, String> sparkSettings(String name) {
    config(name);
    return sparkSettings.get(name);
  }

  /**
   * A warning when this profile was measured on an embedded master of a machine with other than
   * {@code cores} cores (its max_concurrency was chosen for that machine), else empty.
   */
  public java.util.Optional<String> coreMismatch(int cores) {
    if (!measuredOnLocal || cores == measuredCores) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of("profile " + file + " was measured on a machine of " + measuredCores
        + " cores but this one has " + cores + ": its max_concurrency was the best there, not necessarily here;"
        + " sweep again on this machine to tune for it");
  }
}
