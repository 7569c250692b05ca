package io.sparknodes.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknodes.knobs.Knobs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
 * on a cluster, and the cores of the machine it was measured on. Most callers want {@link
 * ExecutionConfig#fromProfile(Path)}.
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
  /** The profile format this reader knows. */
  public static final int VERSION = 1;

  public Profile {
    Objects.requireNonNull(file, "file");
    configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    sparkSettings.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
    sparkSettings = Collections.unmodifiableMap(copy);
  }

  /**
   * Reads a profile.
   *
   * @throws IllegalArgumentException naming the file and the key that is missing or wrong
   */
  public static Profile read(Path file) {
    Objects.requireNonNull(file, "file");
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("profile " + file + " does not exist", e);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new IllegalArgumentException("profile " + file + " is not valid JSON" + where, e);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException("profile " + file + " is not UTF-8 text; save it as UTF-8", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("profile " + file + " cannot be read: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("profile " + file + ": the top level must be a JSON object");
    }
    int version = require(file, root, "profileVersion").asInt(-1);
    if (version != VERSION) {
      throw new IllegalArgumentException("profile " + file + ": profileVersion " + root.get("profileVersion")
          + " is not one this build reads (" + VERSION + ")");
    }
    JsonNode measured = require(file, root, "measuredOn");
    JsonNode localNode = require(file, measured, "measuredOn", "local");
    if (!localNode.isBoolean()) {
      throw new IllegalArgumentException("profile " + file + ": measuredOn.local must be true or false but was "
          + localNode);
    }
    boolean local = localNode.asBoolean();
    JsonNode coresNode = require(file, measured, "measuredOn", "cores");
    if (!coresNode.canConvertToInt() || coresNode.asInt() <= 0) {
      throw new IllegalArgumentException("profile " + file + ": measuredOn.cores must be a positive integer but was "
          + coresNode);
    }
    Map<String, ExecutionConfig> configs = new LinkedHashMap<>();
    Map<String, Map<String, String>> spark = new LinkedHashMap<>();
    entry(file, OPTIMAL, OPTIMAL, require(file, root, OPTIMAL), configs, spark);
    JsonNode useCases = root.path("useCases");
    if (!useCases.isMissingNode()) {
      if (!useCases.isObject()) {
        throw new IllegalArgumentException("profile " + file + ": useCases must be an object");
      }
      useCases.fields().forEachRemaining(e ->
          entry(file, "useCases." + e.getKey(), e.getKey(), e.getValue(), configs, spark));
    }
    return new Profile(file, local, coresNode.asInt(), configs, spark);
  }

  /** Reads the configuration at {@code key} (named so in messages) as {@code name}. */
  private static void entry(Path file, String key, String name, JsonNode node, Map<String, ExecutionConfig> configs,
      Map<String, Map<String, String>> spark) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("profile " + file + ": " + key + " must be an object");
    }
    JsonNode settings = require(file, node, key, "settings");
    if (!settings.isObject()) {
      throw new IllegalArgumentException("profile " + file + ": " + key + ".settings must be an object");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    settings.fields().forEachRemaining(e -> values.put(e.getKey(), scalar(e.getValue())));
    try {
      configs.put(name, ExecutionConfig.fromMap(values));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("profile " + file + ": " + key + ".settings: " + e.getMessage(), e);
    }
    Map<String, String> implied = new TreeMap<>();
    JsonNode sparkNode = node.path("spark");
    if (!sparkNode.isMissingNode()) {
      if (!sparkNode.isObject()) {
        throw new IllegalArgumentException("profile " + file + ": " + key + ".spark must be an object");
      }
      sparkNode.fields().forEachRemaining(e -> {
        if (!e.getKey().startsWith(Knobs.SPARK_PREFIX) || !e.getValue().isValueNode()) {
          throw new IllegalArgumentException("profile " + file + ": " + key + ".spark." + e.getKey()
              + " must be a spark.* key with a string value");
        }
        implied.put(e.getKey(), e.getValue().asText());
      });
    }
    spark.put(name, implied);
  }

  private static Object scalar(JsonNode v) {
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber()) {
      return v.canConvertToInt() ? (Object) v.intValue() : (Object) v.longValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    return v.isNull() ? null : v.toString();
  }

  private static JsonNode require(Path file, JsonNode node, String key) {
    return require(file, node, "", key);
  }

  private static JsonNode require(Path file, JsonNode node, String parent, String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("profile " + file + ": missing key '" + (parent.isEmpty() ? "" : parent + ".")
          + key + "'");
    }
    return v;
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
