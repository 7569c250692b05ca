package io.sparknodes.tuning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.config.Knobs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A sweep's definition: axes (any engine knob, any {@code spark.*} setting) and their values, the
 * workload, the items, warm-up and repeat counts, a time limit per run, and the seed of the run
 * order. The points are the outer product of the axes, in declared order (the first axis
 * outermost).
 *
 * <pre>{@code
 * {
 *   "name": "seed", "workload": "text-normalize", "items": 10000,
 *   "warmup": 2, "repeats": 5, "time_limit_seconds": 120, "seed": 42,
 *   "min_sample_seconds": 0.2, "negligible_effect": 0.05, "max_repeats": 10, "budget_seconds": 60,
 *   "axes": { "use_process": [false, true], "max_concurrency": [1, 2, 4, 8], "batch_size": [128, 512] },
 *   "fixed": { "spark.sql.shuffle.partitions": 4 }
 * }
 * }</pre>
 *
 * @param name the grid's name
 * @param workload a built-in workload name or a workload class name
 * @param items items per run
 * @param warmup the fewest warm-up rounds per point, not measured; a group's application warms up on
 *     while its rounds still get faster (see {@code GroupRunner.stillWarming}), up to 12 rounds
 * @param repeats measured runs per point
 * @param timeLimitSeconds the longest one run may take before it is stopped as a timeout
 * @param seed the seed of the shuffled run order
 * @param axes each axis and its values, in declared order
 * @param fixed settings applied to every point (overridden by the axes)
 * @param minSampleSeconds the shortest a sample may last: warm-up finds how many back-to-back maps
 *     (loops) make one sample last at least this long, as pyperf calibrates loops; 0 for one map
 * @param negligibleEffect the margin of the verdicts, a fraction: an effect whose ratio lies within
 *     {@code 1 ± negligibleEffect} is negligible
 * @param applications how many Spark applications each group runs as, in a balanced order (A B C
 *     ... C B A), sharing the repeats, so that knobs that need a new application are judged against
 *     the variance between applications; 1 runs each group once
 * @param maxRepeats the most samples a point may get: after the balanced {@code repeats}, racing
 *     samples only the contenders (the points tied with the best) up to this many
 * @param budgetSeconds the wall time racing may spend after the balanced samples; 0 turns racing off
 */
public record Grid(String name, String workload, int items, int warmup, int repeats, double timeLimitSeconds,
    long seed, Map<String, List<Object>> axes, ExecutionConfig fixed, double minSampleSeconds,
    double negligibleEffect, int applications, int maxRepeats, double budgetSeconds) {

  /** The keys a grid file may hold. */
  public static final List<String> KEYS = List.of("name", "workload", "items", "warmup", "repeats",
      "time_limit_seconds", "seed", "axes", "fixed", "min_sample_seconds", "negligible_effect", "applications",
      "max_repeats", "budget_seconds");
  /** The default {@link #warmup()}. */
  public static final int DEFAULT_WARMUP = 2;
  /** The default {@link #repeats()}. */
  public static final int DEFAULT_REPEATS = 5;
  /** The default {@link #timeLimitSeconds()}. */
  public static final double DEFAULT_TIME_LIMIT_SECONDS = 300.0;
  /** The default {@link #seed()}. */
  public static final long DEFAULT_SEED = 42L;
  /** The default {@link #maxRepeats()} is this many times the repeats. */
  public static final int DEFAULT_MAX_REPEATS_FACTOR = 2;
  /** The default {@link #budgetSeconds()}. */
  public static final double DEFAULT_BUDGET_SECONDS = 60;
  /** The longest racing budget a grid may ask for: a day. */
  public static final double MAX_BUDGET_SECONDS = 86_400;
  /** The default {@link #applications()}. */
  public static final int DEFAULT_APPLICATIONS = 2;
  /** The default {@link #minSampleSeconds()}. */
  public static final double DEFAULT_MIN_SAMPLE_SECONDS = 0.2;
  /** The default {@link #negligibleEffect()}. */
  public static final double DEFAULT_NEGLIGIBLE_EFFECT = io.sparknodes.results.GridInfo.DEFAULT_NEGLIGIBLE_EFFECT;

  /** A grid with the default minimum sample time and margin. */
  public Grid(String name, String workload, int items, int warmup, int repeats, double timeLimitSeconds, long seed,
      Map<String, List<Object>> axes, ExecutionConfig fixed) {
    this(name, workload, items, warmup, repeats, timeLimitSeconds, seed, axes, fixed, DEFAULT_MIN_SAMPLE_SECONDS,
        DEFAULT_NEGLIGIBLE_EFFECT, DEFAULT_APPLICATIONS);
  }

  /** A grid with the default racing: up to twice the repeats, within the default budget. */
  public Grid(String name, String workload, int items, int warmup, int repeats, double timeLimitSeconds, long seed,
      Map<String, List<Object>> axes, ExecutionConfig fixed, double minSampleSeconds, double negligibleEffect,
      int applications) {
    this(name, workload, items, warmup, repeats, timeLimitSeconds, seed, axes, fixed, minSampleSeconds,
        negligibleEffect, applications, Math.min(1000, DEFAULT_MAX_REPEATS_FACTOR * repeats), DEFAULT_BUDGET_SECONDS);
  }

  /** This grid with other racing settings. */
  public Grid withRacing(int maxRepeats, double budgetSeconds) {
    return new Grid(name, workload, items, warmup, repeats, timeLimitSeconds, seed, axes, fixed, minSampleSeconds,
        negligibleEffect, applications, maxRepeats, budgetSeconds);
  }

  /** Whether contenders are raced after the balanced samples. */
  public boolean racing() {
    return budgetSeconds > 0 && maxRepeats > repeats;
  }

  /** This grid over {@code items} items per run. */
  public Grid withItems(int items) {
    return new Grid(name, workload, items, warmup, repeats, timeLimitSeconds, seed, axes, fixed, minSampleSeconds,
        negligibleEffect, applications, maxRepeats, budgetSeconds);
  }

  /** This grid with another workload. */
  public Grid withWorkload(String workload) {
    return new Grid(name, workload, items, warmup, repeats, timeLimitSeconds, seed, axes, fixed, minSampleSeconds,
        negligibleEffect, applications, maxRepeats, budgetSeconds);
  }
  /** The most items a grid may ask for per run. */
  public static final int MAX_ITEMS = 100_000_000;

  private static final String MASTER = "spark.master";
  private static final String WHY_NO_MASTER = "each group's master follows from use_process and max_concurrency"
      + " (give an external cluster with --master)";

  public Grid {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(fixed, "fixed");
    if (items < 1 || items > MAX_ITEMS) {
      throw new IllegalArgumentException("items must be between 1 and " + MAX_ITEMS + " but was " + items);
    }
    if (warmup < 0 || warmup > 1000) {
      throw new IllegalArgumentException("warmup must be between 0 and 1000 but was " + warmup);
    }
    if (repeats < 1 || repeats > 1000) {
      throw new IllegalArgumentException("repeats must be between 1 and 1000 but was " + repeats);
    }
    if (!(timeLimitSeconds > 0) || Double.isInfinite(timeLimitSeconds)) {
      throw new IllegalArgumentException("time_limit_seconds must be positive but was " + timeLimitSeconds);
    }
    if (!(minSampleSeconds >= 0) || minSampleSeconds > 60) {
      throw new IllegalArgumentException("min_sample_seconds must be between 0 and 60 but was " + minSampleSeconds);
    }
    if (applications < 1 || applications > 10) {
      throw new IllegalArgumentException("applications must be between 1 and 10 but was " + applications);
    }
    if (maxRepeats < repeats || maxRepeats > 1000) {
      throw new IllegalArgumentException("max_repeats must be between repeats (" + repeats + ") and 1000 but was "
          + maxRepeats);
    }
    if (!(budgetSeconds >= 0) || budgetSeconds > MAX_BUDGET_SECONDS) {
      throw new IllegalArgumentException("budget_seconds must be between 0 and " + (long) MAX_BUDGET_SECONDS
          + " but was " + budgetSeconds);
    }
    if (!(negligibleEffect > 0) || !(negligibleEffect < 1)) {
      throw new IllegalArgumentException("negligible_effect must be above 0 and below 1 but was " + negligibleEffect);
    }
    if (fixed.spark().containsKey(MASTER)) {
      throw new IllegalArgumentException("fixed: " + MASTER + " cannot be set in a grid: " + WHY_NO_MASTER);
    }
    Map<String, List<Object>> copy = new LinkedHashMap<>();
    for (Map.Entry<String, List<Object>> axis : axes.entrySet()) {
      String key = axis.getKey();
      if (key.equals(MASTER)) {
        throw new IllegalArgumentException("axes: " + MASTER + " cannot be an axis: " + WHY_NO_MASTER);
      }
      List<Object> values = axis.getValue();
      if (values.isEmpty()) {
        throw new IllegalArgumentException("axis '" + key + "' is empty");
      }
      // An engine knob's values are kept as the knob reads them (8 for "8" or 8.0, "auto" for
      // "AUTO"), so that two spellings of one setting are one value; a spark.* value is kept as
      // written, and repeats one that reads as the same text.
      List<Object> canonical = new ArrayList<>();
      Set<Object> seen = new HashSet<>();
      for (int i = 0; i < values.size(); i++) {
        Object read;
        try {
          read = ExecutionConfig.fromMap(Collections.singletonMap(key, values.get(i))).toMap().get(key);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("axes." + key + "[" + i + "]: " + e.getMessage(), e);
        }
        if (!seen.add(read)) {
          throw new IllegalArgumentException("axis '" + key + "' repeats a value: " + values);
        }
        canonical.add(Knobs.isSparkSetting(key) ? values.get(i) : read);
      }
      copy.put(key, List.copyOf(canonical));
    }
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("a grid needs at least one axis");
    }
    axes = Collections.unmodifiableMap(copy);
  }

  /**
   * Reads a grid file.
   *
   * @throws IllegalArgumentException naming the file and the key or value that is wrong
   */
  public static Grid read(Path file) {
    String text;
    try {
      text = utf8(file, Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("grid file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("grid file " + file + " cannot be read: " + e.getMessage(), e);
    }
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("grid file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code bytes} decoded as UTF-8 (a byte-order mark dropped), or an error naming the file and
   * where its first byte that is not UTF-8 is.
   */
  static String utf8(Path file, byte[] bytes) {
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
    java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
    java.nio.charset.CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int offset = in.position();
      int line = 1;
      for (int i = 0; i < offset; i++) {
        line += bytes[i] == '\n' ? 1 : 0;
      }
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "grid file %s is not UTF-8 text: byte 0x%02X at offset %d (line %d) is not valid UTF-8; save it as UTF-8",
          file, bytes[offset] & 0xFF, offset, line));
    }
    decoder.flush(out);
    String text = out.flip().toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /** Jackson's message without its source and location details, which the caller states itself. */
  static String jsonProblem(String message) {
    String m = message == null ? "" : message;
    // "... (start marker at [Source: REDACTED (`StreamReadFeature...` disabled); line: 1, column: 1])"
    // Jackson 2.15 (the spark-3.5 profile) quotes the source itself, newlines included: (?s).
    m = m.replaceAll("(?s)\\s*\\(start marker at \\[Source: .*?; line: (\\d+), column: (\\d+)]\\)",
        " (opened at line $1, column $2)");
    m = m.replaceAll("(?s)\\s*at \\[Source: .*?; line: \\d+, column: \\d+]", "");
    m = m.replaceAll("(?s)\\s*\\[Source: .*?; line: \\d+, column: \\d+]", "");
    return m.lines().findFirst().orElse("").strip();
  }

  /** Parses a grid from JSON text. */
  public static Grid parse(String json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new IllegalArgumentException("not valid JSON" + where + ": " + jsonProblem(e.getOriginalMessage()), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the top level must be a JSON object");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("unknown key '" + key + "' (known keys: " + String.join(", ", KEYS) + ")");
      }
    }
    JsonNode axesNode = required(root, "axes");
    if (!axesNode.isObject()) {
      throw new IllegalArgumentException("axes must be an object of axis name to a list of values");
    }
    Map<String, List<Object>> axes = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = axesNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isArray()) {
        throw new IllegalArgumentException("axis '" + e.getKey() + "' must be a list of values but was " + e.getValue());
      }
      List<Object> values = new ArrayList<>();
      for (JsonNode v : e.getValue()) {
        values.add(scalar("axes." + e.getKey(), v));
      }
      axes.put(e.getKey(), values);
    }
    ExecutionConfig fixed = ExecutionConfig.empty();
    if (root.has("fixed")) {
      JsonNode f = root.get("fixed");
      if (!f.isObject()) {
        throw new IllegalArgumentException("fixed must be an object of settings");
      }
      Map<String, Object> m = new LinkedHashMap<>();
      f.fields().forEachRemaining(e -> m.put(e.getKey(), scalar("fixed." + e.getKey(), e.getValue())));
      try {
        fixed = ExecutionConfig.fromMap(m);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("fixed: " + e.getMessage(), e);
      }
    }
    int repeats = integer(root, "repeats", DEFAULT_REPEATS);
    return new Grid(
        text(root, "name", "grid"),
        text(root, "workload", null),
        integer(root, "items", null),
        integer(root, "warmup", DEFAULT_WARMUP),
        repeats,
        number(root, "time_limit_seconds", DEFAULT_TIME_LIMIT_SECONDS),
        root.has("seed") ? longValue(root, "seed") : DEFAULT_SEED,
        axes,
        fixed,
        number(root, "min_sample_seconds", DEFAULT_MIN_SAMPLE_SECONDS),
        number(root, "negligible_effect", DEFAULT_NEGLIGIBLE_EFFECT),
        integer(root, "applications", DEFAULT_APPLICATIONS),
        integer(root, "max_repeats", Math.min(1000, DEFAULT_MAX_REPEATS_FACTOR * Math.max(1, repeats))),
        number(root, "budget_seconds", DEFAULT_BUDGET_SECONDS));
  }

  private static JsonNode required(JsonNode root, String key) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      throw new IllegalArgumentException("missing key '" + key + "'");
    }
    return n;
  }

  private static Object scalar(String where, JsonNode v) {
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
    throw new IllegalArgumentException(where + ": values must be strings, numbers or booleans but one was " + v);
  }

  private static String text(JsonNode root, String key, String fallback) {
    JsonNode n = fallback == null ? required(root, key) : root.get(key);
    if (n == null) {
      return fallback;
    }
    if (!n.isTextual() || n.textValue().isBlank()) {
      throw new IllegalArgumentException(key + " must be a non-empty string but was " + n);
    }
    return n.textValue();
  }

  private static int integer(JsonNode root, String key, Integer fallback) {
    JsonNode n = fallback == null ? required(root, key) : root.get(key);
    if (n == null) {
      return fallback;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new IllegalArgumentException(key + " must be an integer but was " + n);
    }
    return n.intValue();
  }

  private static long longValue(JsonNode root, String key) {
    JsonNode n = root.get(key);
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new IllegalArgumentException(key + " must be an integer but was " + n);
    }
    return n.longValue();
  }

  private static double number(JsonNode root, String key, double fallback) {
    JsonNode n = root.get(key);
    if (n == null) {
      return fallback;
    }
    if (!n.isNumber()) {
      throw new IllegalArgumentException(key + " must be a number but was " + n);
    }
    return n.doubleValue();
  }

  /** Every point, in declared order: the first axis outermost. */
  public List<Point> points() {
    List<Point> points = new ArrayList<>();
    List<String> names = List.copyOf(axes.keySet());
    int[] idx = new int[names.size()];
    int total = axes.values().stream().mapToInt(List::size).reduce(1, Math::multiplyExact);
    for (int p = 0; p < total; p++) {
      Map<String, Object> params = new LinkedHashMap<>();
      for (int a = 0; a < names.size(); a++) {
        params.put(names.get(a), axes.get(names.get(a)).get(idx[a]));
      }
      points.add(new Point(p, params, ExecutionConfig.fromMap(params).overriding(fixed)));
      for (int a = names.size() - 1; a >= 0; a--) {
        if (++idx[a] < axes.get(names.get(a)).size()) {
          break;
        }
        idx[a] = 0;
      }
    }
    return points;
  }

  /**
   * The points grouped by what needs its own Spark application: every setting except batch_size
   * and runtime {@code spark.sql.*} settings. Groups and their points keep declared order.
   */
  public List<List<Point>> groups() {
    Map<Map<String, Object>, List<Point>> groups = new LinkedHashMap<>();
    for (Point p : points()) {
      groups.computeIfAbsent(p.applicationKey(), k -> new ArrayList<>()).add(p);
    }
    return List.copyOf(groups.values());
  }

  /** This grid as grid-file JSON, which {@link #parse} reads back to an equal grid. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("workload", workload);
    m.put("items", items);
    m.put("warmup", warmup);
    m.put("repeats", repeats);
    m.put("time_limit_seconds", timeLimitSeconds);
    m.put("seed", seed);
    m.put("axes", axes);
    if (!fixed.isEmpty()) {
      m.put("fixed", fixed.toMap());
    }
    m.put("min_sample_seconds", minSampleSeconds);
    m.put("negligible_effect", negligibleEffect);
    m.put("applications", applications);
    m.put("max_repeats", maxRepeats);
    m.put("budget_seconds", budgetSeconds);
    try {
      return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The grid as the results record it. */
  public io.sparknodes.results.GridInfo info() {
    return new io.sparknodes.results.GridInfo(name, workload, items, warmup, repeats, timeLimitSeconds, seed, axes,
        negligibleEffect, minSampleSeconds, maxRepeats, budgetSeconds);
  }

  /** The axis names. */
  public Set<String> axisNames() {
    return axes.keySet();
  }
}
