package io.sparknodes.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The {@code profile.json} format, written and read here and nowhere else: its version, its key
 * strings, the writer a sweep's tuned profile goes through ({@link #write(Document)}) and the
 * reader that makes a {@link Profile} of it ({@link #read(Path)}).
 *
 * <pre>{@code
 * {
 *   "profileVersion": 1, "grid": "seed", "workload": "text-normalize", "items": 10000,
 *   "measuredOn": {"master": "embedded: ...", "local": true, "cores": 2, "sparkVersion": "4.0.4", ...},
 *   "optimal": {"point": "use_process=false,max_concurrency=2,batch_size=1024", "medianSeconds": 0.05,
 *               "settings": {"use_process": false, "max_concurrency": 2, "batch_size": 1024},
 *               "spark": {"spark.executor.cores": "2", "spark.executor.instances": "1", "spark.cores.max": "2"}},
 *   "useCases": {"general": {"title": ..., ...}, "memory-constrained": {...}, ...}
 * }
 * }</pre>
 */
public final class ProfileFormat {
  /** The version of the format, written and the only one read. */
  public static final int VERSION = 1;
  /** The profile's file name, beside a sweep's results.json. */
  public static final String FILE_NAME = "profile.json";

  static final String PROFILE_VERSION = "profileVersion";
  static final String GRID = "grid";
  static final String WORKLOAD = "workload";
  static final String ITEMS = "items";
  static final String MEASURED_ON = "measuredOn";
  static final String MASTER = "master";
  static final String LOCAL = "local";
  static final String CORES = "cores";
  static final String SPARK_VERSION = "sparkVersion";
  static final String JAVA_VERSION = "javaVersion";
  static final String HOST_NAME = "hostName";
  static final String GIT_COMMIT = "gitCommit";
  static final String OPTIMAL = Profile.OPTIMAL;
  static final String USE_CASES = "useCases";
  static final String TITLE = "title";
  static final String POINT = "point";
  static final String MEDIAN_SECONDS = "medianSeconds";
  static final String SETTINGS = "settings";
  static final String SPARK = "spark";

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ProfileFormat() {}

  /**
   * Where a profile was measured.
   *
   * @param local whether on an embedded master (local[N], local-cluster)
   * @param cores the cores of the machine
   */
  public record MeasuredOn(String master, boolean local, int cores, String sparkVersion, String javaVersion,
      String hostName, String gitCommit) {}

  /**
   * One configuration of a profile: the optimal one or a use case's.
   *
   * @param title the use case's title (none for the optimal one)
   * @param point the id of the point measured
   * @param medianSeconds its median warm time, when measured
   * @param settings the engine settings measured, with the names files use
   * @param spark the Spark settings they imply on a cluster
   */
  public record Entry(Optional<String> title, String point, OptionalDouble medianSeconds, Map<String, Object> settings,
      Map<String, String> spark) {}

  /** A whole profile as a sweep writes it; {@code useCases} in their order. */
  public record Document(String grid, String workload, int items, MeasuredOn measuredOn, Entry optimal,
      Map<String, Entry> useCases) {}

  /** The text of {@code profile}: indented JSON, {@code \n} line ends, a final newline. */
  public static String write(Document profile) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put(PROFILE_VERSION, VERSION);
    root.put(GRID, profile.grid());
    root.put(WORKLOAD, profile.workload());
    root.put(ITEMS, profile.items());
    MeasuredOn on = profile.measuredOn();
    Map<String, Object> measuredOn = new LinkedHashMap<>();
    measuredOn.put(MASTER, on.master());
    measuredOn.put(LOCAL, on.local());
    measuredOn.put(CORES, on.cores());
    measuredOn.put(SPARK_VERSION, on.sparkVersion());
    measuredOn.put(JAVA_VERSION, on.javaVersion());
    measuredOn.put(HOST_NAME, on.hostName());
    measuredOn.put(GIT_COMMIT, on.gitCommit());
    root.put(MEASURED_ON, measuredOn);
    root.put(OPTIMAL, entry(profile.optimal()));
    Map<String, Object> useCases = new LinkedHashMap<>();
    profile.useCases().forEach((name, e) -> useCases.put(name, entry(e)));
    root.put(USE_CASES, useCases);
    try {
      return MAPPER.writeValueAsString(root).replace("\r\n", "\n") + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the profile: " + e.getOriginalMessage(), e);
    }
  }

  private static Map<String, Object> entry(Entry entry) {
    Map<String, Object> e = new LinkedHashMap<>();
    entry.title().ifPresent(t -> e.put(TITLE, t));
    e.put(POINT, entry.point());
    entry.medianSeconds().ifPresent(m -> e.put(MEDIAN_SECONDS, m));
    e.put(SETTINGS, entry.settings());
    e.put(SPARK, entry.spark());
    return e;
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
    int version = require(file, root, PROFILE_VERSION).asInt(-1);
    if (version != VERSION) {
      throw new IllegalArgumentException("profile " + file + ": " + PROFILE_VERSION + " " + root.get(PROFILE_VERSION)
          + " is not one this build reads (" + VERSION + ")");
    }
    JsonNode measured = require(file, root, MEASURED_ON);
    JsonNode localNode = require(file, measured, MEASURED_ON, LOCAL);
    if (!localNode.isBoolean()) {
      throw new IllegalArgumentException("profile " + file + ": " + MEASURED_ON + "." + LOCAL
          + " must be true or false but was " + localNode);
    }
    boolean local = localNode.asBoolean();
    JsonNode coresNode = require(file, measured, MEASURED_ON, CORES);
    if (!coresNode.canConvertToInt() || coresNode.asInt() <= 0) {
      throw new IllegalArgumentException("profile " + file + ": " + MEASURED_ON + "." + CORES
          + " must be a positive integer but was " + coresNode);
    }
    Map<String, ExecutionConfig> configs = new LinkedHashMap<>();
    Map<String, Map<String, String>> spark = new LinkedHashMap<>();
    entry(file, OPTIMAL, OPTIMAL, require(file, root, OPTIMAL), configs, spark);
    JsonNode useCases = root.path(USE_CASES);
    if (!useCases.isMissingNode()) {
      if (!useCases.isObject()) {
        throw new IllegalArgumentException("profile " + file + ": " + USE_CASES + " must be an object");
      }
      useCases.fields().forEachRemaining(e ->
          entry(file, USE_CASES + "." + e.getKey(), e.getKey(), e.getValue(), configs, spark));
    }
    return new Profile(file, local, coresNode.asInt(), configs, spark);
  }

  /** Reads the configuration at {@code key} (named so in messages) as {@code name}. */
  private static void entry(Path file, String key, String name, JsonNode node, Map<String, ExecutionConfig> configs,
      Map<String, Map<String, String>> spark) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("profile " + file + ": " + key + " must be an object");
    }
    JsonNode settings = require(file, node, key, SETTINGS);
    if (!settings.isObject()) {
      throw new IllegalArgumentException("profile " + file + ": " + key + "." + SETTINGS + " must be an object");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    settings.fields().forEachRemaining(e -> values.put(e.getKey(), scalar(e.getValue()).orElse(e.getValue().isNull() ? null : e.getValue().toString())));
    try {
      configs.put(name, ExecutionConfig.fromMap(values));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("profile " + file + ": " + key + "." + SETTINGS + ": " + e.getMessage(), e);
    }
    Map<String, String> implied = new TreeMap<>();
    JsonNode sparkNode = node.path(SPARK);
    if (!sparkNode.isMissingNode()) {
      if (!sparkNode.isObject()) {
        throw new IllegalArgumentException("profile " + file + ": " + key + "." + SPARK + " must be an object");
      }
      sparkNode.fields().forEachRemaining(e -> {
        if (!e.getKey().startsWith(Knobs.SPARK_PREFIX) || !e.getValue().isValueNode()) {
          throw new IllegalArgumentException("profile " + file + ": " + key + "." + SPARK + "." + e.getKey()
              + " must be a spark.* key with a string value");
        }
        implied.put(e.getKey(), e.getValue().asText());
      });
    }
    spark.put(name, implied);
  }

  /**
   * The Java value of a JSON boolean, number (an Integer where it fits, else a Long; a Double) or
   * string, or empty for any other node; the one reading of a setting's value that profile.json and
   * the sweep's grid file share.
   */
  public static Optional<Object> scalar(JsonNode v) {
    if (v.isBoolean()) {
      return Optional.of(v.booleanValue());
    }
    if (v.isIntegralNumber()) {
      return Optional.of(v.canConvertToInt() ? (Object) v.intValue() : (Object) v.longValue());
    }
    if (v.isNumber()) {
      return Optional.of(v.doubleValue());
    }
    return v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
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
}
