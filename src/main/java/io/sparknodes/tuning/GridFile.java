package io.sparknodes.tuning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.config.ProfileFormat;
import io.sparknodes.results.Design;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grid file: JSON read into a {@link Grid} (UTF-8, known keys, the types each key takes, its
 * defaults) and a grid written back as JSON; each message names the file, the key and the value
 * that is wrong. What the values mean and which ones a grid accepts is the {@link Grid}'s.
 */
final class GridFile {
  private GridFile() {}

  /**
   * Reads a grid file.
   *
   * @throws IllegalArgumentException naming the file and the key or value that is wrong
   */
  static Grid read(Path file) {
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
  static Grid parse(String json) {
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
      if (!Grid.KEYS.contains(key)) {
        throw new IllegalArgumentException("unknown key '" + key + "' (known keys: " + String.join(", ", Grid.KEYS) + ")");
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
    int repeats = integer(root, "repeats", Grid.DEFAULT_REPEATS);
    return new Grid(
        text(root, "name", "grid"),
        text(root, "workload", null),
        integer(root, "items", null),
        integer(root, "warmup", Grid.DEFAULT_WARMUP),
        repeats,
        number(root, "time_limit_seconds", Grid.DEFAULT_TIME_LIMIT_SECONDS),
        root.has("seed") ? longValue(root, "seed") : Grid.DEFAULT_SEED,
        axes,
        fixed,
        number(root, "min_sample_seconds", Grid.DEFAULT_MIN_SAMPLE_SECONDS),
        number(root, "negligible_effect", Grid.DEFAULT_NEGLIGIBLE_EFFECT),
        applications(root),
        integer(root, "max_repeats", Math.min(1000, Grid.DEFAULT_MAX_REPEATS_FACTOR * Math.max(1, repeats))),
        number(root, "budget_seconds", Grid.DEFAULT_BUDGET_SECONDS),
        design(root));
  }

  /** The grid's {@code applications}: a count, or {@code "auto"} (also when the key is absent). */
  private static int applications(JsonNode root) {
    JsonNode n = root.get("applications");
    if (n == null || (n.isTextual() && n.textValue().equals("auto"))) {
      return Grid.AUTO_APPLICATIONS;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() == Grid.AUTO_APPLICATIONS) {
      throw new IllegalArgumentException("applications must be an integer between 1 and 10 or \"auto\" but was " + n);
    }
    return n.intValue();
  }

  private static Design design(JsonNode root) {
    JsonNode n = root.get("design");
    if (n == null) {
      return Grid.DEFAULT_DESIGN;
    }
    if (!n.isTextual()) {
      throw new IllegalArgumentException("design must be \"shared\" or \"isolated\" but was " + n);
    }
    try {
      return Design.parse(n.textValue());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("design must be \"shared\" or \"isolated\" but was \"" + n.textValue()
          + "\"", e);
    }
  }

  private static JsonNode required(JsonNode root, String key) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      throw new IllegalArgumentException("missing key '" + key + "'");
    }
    return n;
  }

  private static Object scalar(String where, JsonNode v) {
    return ProfileFormat.scalar(v).orElseThrow(() -> new IllegalArgumentException(
        where + ": values must be strings, numbers or booleans but one was " + v));
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

  /** {@code grid} as grid-file JSON, which {@link #parse} reads back to an equal grid. */
  static String toJson(Grid grid) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", grid.name());
    m.put("workload", grid.workload());
    m.put("items", grid.items());
    m.put("warmup", grid.warmup());
    m.put("repeats", grid.repeats());
    m.put("time_limit_seconds", grid.timeLimitSeconds());
    m.put("seed", grid.seed());
    m.put("axes", grid.axes());
    if (!grid.fixed().isEmpty()) {
      m.put("fixed", grid.fixed().toMap());
    }
    m.put("min_sample_seconds", grid.minSampleSeconds());
    m.put("negligible_effect", grid.negligibleEffect());
    m.put("applications", grid.applications() == Grid.AUTO_APPLICATIONS ? "auto" : grid.applications());
    m.put("max_repeats", grid.maxRepeats());
    m.put("budget_seconds", grid.budgetSeconds());
    m.put("design", grid.design().key());
    try {
      return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
