package io.sparknodes.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * {@link Results} as JSON: pretty-printed with two-space indents and {@code \n} line ends, fields
 * in a fixed order, numbers as Java writes them (independent of the default locale), instants in
 * ISO-8601. Absent optional fields are omitted. A trial's {@code summary} is written for readers
 * and recomputed from {@code warmSeconds} when read. Files of schema version 1 (before calibrated
 * samples) are read too: their grid gets the default margin and no minimum sample time, their
 * trials one loop per sample and a single application. Files of schema version 2 (before racing)
 * are read as sweeps without racing: no racing samples, no stop reasons.
 */
public final class ResultsJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectWriter WRITER = MAPPER.writer(printer());
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ResultsJson() {}

  private static DefaultPrettyPrinter printer() {
    return new Printer();
  }

  /**
   * Two-space indented objects, arrays on one line, {@code "key": value}. Written against the
   * pretty printer API of Jackson 2.15 (Spark 3.5) as well as 2.18 (Spark 4.0).
   */
  private static final class Printer extends DefaultPrettyPrinter {
    private static final long serialVersionUID = 1L;

    Printer() {
      _objectIndenter = new DefaultIndenter("  ", "\n");
      _arrayIndenter = DefaultPrettyPrinter.FixedSpaceIndenter.instance;
    }

    Printer(Printer base) {
      super(base);
    }

    @Override
    public DefaultPrettyPrinter createInstance() {
      return new Printer(this);
    }

    @Override
    public void writeObjectFieldValueSeparator(com.fasterxml.jackson.core.JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }
  }

  /** Writes results to {@code file} atomically (a temporary file in the same directory, then a move). */
  public static void write(Results results, Path file) throws IOException {
    AtomicFiles.write(file, toJson(results));
  }

  /** The JSON text of results, ending with a newline. */
  public static String toJson(Results results) {
    Objects.requireNonNull(results, "results");
    try {
      return WRITER.writeValueAsString(tree(results)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write results as JSON", e);
    }
  }

  /**
   * Reads results written by {@link #write(Results, Path)}.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException naming the file, when it is not valid JSON, has another
   *     schemaVersion, or lacks or mistypes a field
   */
  public static Results read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return fromJson(text, "results file " + file);
  }

  /**
   * Parses JSON text; {@code source} names it in error messages (for example {@code "results file
   * out/results.json"}).
   */
  public static Results fromJson(String json, String source) {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(source, "source");
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode() || !root.isObject()) {
      throw new IllegalArgumentException(source + " is not valid JSON: expected an object at the top level");
    }
    Reader r = new Reader(source);
    int version = r.integer(root, "schemaVersion", "");
    if (version < Results.OLDEST_READABLE_VERSION || version > Results.SCHEMA_VERSION) {
      throw new IllegalArgumentException(source + " has schemaVersion " + version + ", expected "
          + Results.OLDEST_READABLE_VERSION + " to " + Results.SCHEMA_VERSION);
    }
    try {
      return r.results(root);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(source)) {
        throw e;
      }
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  // ---- writing

  private static ObjectNode tree(Results results) {
    ObjectNode root = NODES.objectNode();
    root.put("schemaVersion", results.schemaVersion());
    root.put("startedAt", results.startedAt().toString());
    root.put("updatedAt", results.updatedAt().toString());
    root.set("environment", environment(results.environment()));
    root.set("grid", grid(results.grid()));
    if (!results.pipelineGraph().isEmpty()) {
      root.put("pipelineGraph", results.pipelineGraph());
    }
    ArrayNode trials = root.putArray("trials");
    results.trials().forEach(t -> trials.add(trial(t)));
    return root;
  }

  /** The JSON form of an environment, as results.json holds it (also used by the benchmarks). */
  public static ObjectNode environment(Environment e) {
    ObjectNode n = NODES.objectNode();
    n.put("javaVersion", e.javaVersion());
    n.put("javaVendor", e.javaVendor());
    n.put("sparkVersion", e.sparkVersion());
    n.put("master", e.master());
    n.put("cores", e.cores());
    n.put("maxMemoryBytes", e.maxMemoryBytes());
    n.put("osName", e.osName());
    n.put("osArch", e.osArch());
    n.put("gitCommit", e.gitCommit());
    n.put("hostName", e.hostName());
    return n;
  }

  private static ObjectNode grid(GridInfo g) {
    ObjectNode n = NODES.objectNode();
    n.put("name", g.name());
    n.put("workload", g.workload());
    n.put("items", g.items());
    n.put("warmup", g.warmup());
    n.put("repeats", g.repeats());
    n.put("timeLimitSeconds", g.timeLimitSeconds());
    n.put("seed", g.seed());
    n.put("negligibleEffect", g.negligibleEffect());
    n.put("minSampleSeconds", g.minSampleSeconds());
    n.put("maxRepeats", g.maxRepeats());
    n.put("budgetSeconds", g.budgetSeconds());
    n.put("points", g.points());
    ObjectNode axes = n.putObject("axes");
    g.axes().forEach((axis, values) -> {
      ArrayNode a = axes.putArray(axis);
      values.forEach(v -> a.add(value(v)));
    });
    return n;
  }

  private static ObjectNode trial(Trial t) {
    ObjectNode n = NODES.objectNode();
    n.put("id", t.id());
    ObjectNode params = n.putObject("params");
    t.params().forEach((k, v) -> params.set(k, value(v)));
    n.put("status", t.status().name());
    t.error().ifPresent(e -> n.put("error", e));
    t.coldSeconds().ifPresent(c -> n.put("coldSeconds", c));
    t.warmupSeconds().ifPresent(w -> n.put("warmupSeconds", w));
    n.put("loops", t.loops());
    ArrayNode warm = n.putArray("warmSeconds");
    t.warmSeconds().forEach(warm::add);
    if (!t.applications().isEmpty()) {
      ArrayNode apps = n.putArray("applications");
      t.applications().forEach(apps::add);
    }
    if (!t.racingSeconds().isEmpty()) {
      ArrayNode racing = n.putArray("racingSeconds");
      t.racingSeconds().forEach(racing::add);
      ArrayNode apps = n.putArray("racingApplications");
      t.racingApplications().forEach(apps::add);
    }
    t.racingWallSeconds().ifPresent(w -> n.put("racingWallSeconds", w));
    t.stopReason().ifPresent(r -> n.put("stopReason", r.key()));
    t.summary().ifPresent(s -> n.set("summary", summary(s)));
    t.observed().ifPresent(o -> n.set("observed", observed(o)));
    t.memory().ifPresent(m -> n.set("memory", memory(m)));
    ArrayNode flags = n.putArray("flags");
    t.flags().forEach(flags::add);
    n.put("startedAt", t.startedAt().toString());
    n.put("finishedAt", t.finishedAt().toString());
    return n;
  }

  /** The JSON form of a summary, as results.json holds it (also used by the benchmarks). */
  public static ObjectNode summary(Summary s) {
    ObjectNode n = NODES.objectNode();
    n.put("n", s.n());
    n.put("hasSpread", s.hasSpread());
    n.put("mean", s.mean());
    n.put("median", s.median());
    n.put("std", s.std());
    n.put("cv", s.cv());
    n.put("ciLow", s.ciLow());
    n.put("ciHigh", s.ciHigh());
    n.put("min", s.min());
    n.put("max", s.max());
    n.put("throughput", s.throughput());
    return n;
  }

  private static ObjectNode observed(Observed o) {
    ObjectNode n = NODES.objectNode();
    n.put("partitions", o.partitions());
    n.put("tasks", o.tasks());
    n.put("batchCount", o.batchCount());
    n.put("batchMin", o.batchMin());
    n.put("batchMax", o.batchMax());
    n.put("executors", o.executors());
    n.put("jvms", o.jvms());
    n.put("instancesBuilt", o.instancesBuilt());
    return n;
  }

  private static ObjectNode memory(Memory m) {
    ObjectNode n = NODES.objectNode();
    m.allocatedBytesPerItem().ifPresent(v -> n.put("allocatedBytesPerItem", v));
    m.retainedHeapBytes().ifPresent(v -> n.put("retainedHeapBytes", v));
    n.put("jvms", m.jvms());
    n.put("includesDriver", m.includesDriver());
    return n;
  }

  private static JsonNode value(Object v) {
    if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (v instanceof Integer i) {
      return NODES.numberNode(i);
    }
    if (v instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (v instanceof Double d) {
      return NODES.numberNode(d);
    }
    return NODES.textNode((String) v);
  }

  // ---- reading

  /** Reads fields with messages that name the source and the field's path. */
  private static final class Reader {
    private final String source;

    Reader(String source) {
      this.source = source;
    }

    Results results(JsonNode root) {
      GridInfo grid = grid(object(root, "grid", ""));
      List<Trial> trials = new ArrayList<>();
      JsonNode array = array(root, "trials", "");
      for (int i = 0; i < array.size(); i++) {
        trials.add(trial(array.get(i), "trials[" + i + "]", grid));
      }
      return new Results(
          Results.SCHEMA_VERSION,
          environment(object(root, "environment", "")),
          grid,
          trials,
          instant(root, "startedAt", ""),
          instant(root, "updatedAt", ""),
          root.hasNonNull("pipelineGraph") ? text(root, "pipelineGraph", "") : "");
    }

    Environment environment(JsonNode n) {
      String p = "environment.";
      return new Environment(
          text(n, "javaVersion", p), text(n, "javaVendor", p), text(n, "sparkVersion", p), text(n, "master", p),
          integer(n, "cores", p), longValue(n, "maxMemoryBytes", p), text(n, "osName", p), text(n, "osArch", p),
          text(n, "gitCommit", p), text(n, "hostName", p));
    }

    GridInfo grid(JsonNode n) {
      String p = "grid.";
      Map<String, List<Object>> axes = new LinkedHashMap<>();
      JsonNode axesNode = object(n, "axes", p);
      for (Map.Entry<String, JsonNode> e : axesNode.properties()) {
        JsonNode values = e.getValue();
        String path = p + "axes." + e.getKey();
        if (!values.isArray()) {
          throw error(path + " must be an array but was " + values);
        }
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
          list.add(value(values.get(i), path + "[" + i + "]"));
        }
        axes.put(e.getKey(), list);
      }
      GridInfo grid = new GridInfo(text(n, "name", p), text(n, "workload", p), integer(n, "items", p),
          integer(n, "warmup", p), integer(n, "repeats", p), number(n, "timeLimitSeconds", p),
          longValue(n, "seed", p), axes,
          present(n, "negligibleEffect") ? number(n, "negligibleEffect", p) : GridInfo.DEFAULT_NEGLIGIBLE_EFFECT,
          present(n, "minSampleSeconds") ? number(n, "minSampleSeconds", p) : 0.0,
          present(n, "maxRepeats") ? integer(n, "maxRepeats", p) : integer(n, "repeats", p),
          present(n, "budgetSeconds") ? number(n, "budgetSeconds", p) : 0.0);
      JsonNode points = n.get("points");
      if (points != null && !points.isNull() && (!points.canConvertToInt() || points.intValue() != grid.points())) {
        throw error(p + "points is " + points + " but the axes make " + grid.points());
      }
      return grid;
    }

    Trial trial(JsonNode n, String path, GridInfo grid) {
      if (!n.isObject()) {
        throw error(path + " must be an object but was " + n);
      }
      String p = path + ".";
      Map<String, Object> params = new LinkedHashMap<>();
      JsonNode paramsNode = object(n, "params", p);
      for (Map.Entry<String, JsonNode> e : paramsNode.properties()) {
        params.put(e.getKey(), value(e.getValue(), p + "params." + e.getKey()));
      }
      Trial.Builder b = Trial.builder(params);
      String statusText = text(n, "status", p);
      try {
        b.status(Status.valueOf(statusText));
      } catch (IllegalArgumentException e) {
        throw error(p + "status must be one of OK, FAILED, TIMEOUT but was \"" + statusText + "\"");
      }
      if (present(n, "error")) {
        b.error(text(n, "error", p));
      }
      if (present(n, "coldSeconds")) {
        b.coldSeconds(number(n, "coldSeconds", p));
      }
      JsonNode warm = array(n, "warmSeconds", p);
      List<Double> samples = new ArrayList<>();
      for (int i = 0; i < warm.size(); i++) {
        JsonNode s = warm.get(i);
        if (!s.isNumber()) {
          throw error(p + "warmSeconds[" + i + "] must be a number but was " + s);
        }
        samples.add(s.doubleValue());
      }
      b.warmSeconds(samples, grid.items());
      if (present(n, "loops")) {
        b.loops(integer(n, "loops", p));
      }
      if (present(n, "warmupSeconds")) {
        b.warmupSeconds(number(n, "warmupSeconds", p));
      }
      if (present(n, "applications")) {
        JsonNode apps = array(n, "applications", p);
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) {
          if (!apps.get(i).canConvertToInt() || !apps.get(i).isIntegralNumber()) {
            throw error(p + "applications[" + i + "] must be an integer but was " + apps.get(i));
          }
          list.add(apps.get(i).intValue());
        }
        b.applications(list);
      }
      if (present(n, "racingSeconds") || present(n, "racingApplications")) {
        JsonNode racing = array(n, "racingSeconds", p);
        JsonNode apps = array(n, "racingApplications", p);
        List<Double> seconds = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < racing.size(); i++) {
          if (!racing.get(i).isNumber()) {
            throw error(p + "racingSeconds[" + i + "] must be a number but was " + racing.get(i));
          }
          seconds.add(racing.get(i).doubleValue());
        }
        for (int i = 0; i < apps.size(); i++) {
          if (!apps.get(i).canConvertToInt() || !apps.get(i).isIntegralNumber()) {
            throw error(p + "racingApplications[" + i + "] must be an integer but was " + apps.get(i));
          }
          indexes.add(apps.get(i).intValue());
        }
        b.racing(seconds, indexes);
      }
      if (present(n, "racingWallSeconds")) {
        b.racingWallSeconds(number(n, "racingWallSeconds", p));
      }
      if (present(n, "stopReason")) {
        try {
          b.stopReason(StopReason.ofKey(text(n, "stopReason", p)));
        } catch (IllegalArgumentException e) {
          throw error(p + e.getMessage());
        }
      }
      if (present(n, "observed")) {
        JsonNode o = object(n, "observed", p);
        String op = p + "observed.";
        b.observed(new Observed(integer(o, "partitions", op), longValue(o, "tasks", op),
            longValue(o, "batchCount", op), integer(o, "batchMin", op), integer(o, "batchMax", op),
            integer(o, "executors", op), integer(o, "jvms", op), integer(o, "instancesBuilt", op)));
      }
      if (present(n, "memory")) {
        JsonNode m = object(n, "memory", p);
        String mp = p + "memory.";
        JsonNode driver = m.get("includesDriver");
        if (driver == null || !driver.isBoolean()) {
          throw error(mp + "includesDriver must be a boolean but was " + driver);
        }
        try {
          b.memory(new Memory(
              present(m, "allocatedBytesPerItem") ? OptionalDouble.of(number(m, "allocatedBytesPerItem", mp))
                  : OptionalDouble.empty(),
              present(m, "retainedHeapBytes") ? OptionalLong.of(longValue(m, "retainedHeapBytes", mp))
                  : OptionalLong.empty(),
              integer(m, "jvms", mp), driver.booleanValue()));
        } catch (IllegalArgumentException e) {
          throw e.getMessage().startsWith(source) ? e : error(mp + e.getMessage());
        }
      }
      if (present(n, "flags")) {
        JsonNode flags = array(n, "flags", p);
        for (int i = 0; i < flags.size(); i++) {
          if (!flags.get(i).isTextual()) {
            throw error(p + "flags[" + i + "] must be a string but was " + flags.get(i));
          }
          b.flag(flags.get(i).textValue());
        }
      }
      Trial t = b.startedAt(instant(n, "startedAt", p)).finishedAt(instant(n, "finishedAt", p)).build();
      if (present(n, "id") && !text(n, "id", p).equals(t.id())) {
        throw error(p + "id is \"" + text(n, "id", p) + "\" but its params make \"" + t.id() + "\"");
      }
      return t;
    }

    Object value(JsonNode v, String path) {
      if (v.isBoolean()) {
        return v.booleanValue();
      }
      if (v.isInt()) {
        return v.intValue();
      }
      if (v.isLong()) {
        return v.longValue();
      }
      if (v.isFloatingPointNumber()) {
        return v.doubleValue();
      }
      if (v.isTextual()) {
        return v.textValue();
      }
      throw error(path + " must be a boolean, integer, number or string but was " + v);
    }

    private static boolean present(JsonNode n, String field) {
      JsonNode v = n.get(field);
      return v != null && !v.isNull();
    }

    private JsonNode required(JsonNode n, String field, String prefix) {
      JsonNode v = n.get(field);
      if (v == null || v.isNull()) {
        throw error(prefix + field + " is missing");
      }
      return v;
    }

    JsonNode object(JsonNode n, String field, String prefix) {
      JsonNode v = required(n, field, prefix);
      if (!v.isObject()) {
        throw error(prefix + field + " must be an object but was " + v);
      }
      return v;
    }

    JsonNode array(JsonNode n, String field, String prefix) {
      JsonNode v = required(n, field, prefix);
      if (!v.isArray()) {
        throw error(prefix + field + " must be an array but was " + v);
      }
      return v;
    }

    String text(JsonNode n, String field, String prefix) {
      JsonNode v = required(n, field, prefix);
      if (!v.isTextual()) {
        throw error(prefix + field + " must be a string but was " + v);
      }
      return v.textValue();
    }

    int integer(JsonNode n, String field, String prefix) {
      JsonNode v = required(n, field, prefix);
      if (!v.isIntegralNumber() || !v.canConvertToInt()) {
        throw error(prefix + field + " must be an integer but was " + v);
      }
      return v.intValue();
    }

    long longValue(JsonNode n, String field, String prefix) {
      JsonNode v = required(n, field, prefix);
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        throw error(prefix + field + " must be an integer but was " + v);
      }
      return v.longValue();
    }

    double number(JsonNode n, String field, String prefix) {
      JsonNode v = required(n, field, prefix);
      if (!v.isNumber()) {
        throw error(prefix + field + " must be a number but was " + v);
      }
      return v.doubleValue();
    }

    Instant instant(JsonNode n, String field, String prefix) {
      String text = text(n, field, prefix);
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw error(prefix + field + " must be an ISO-8601 instant but was \"" + text + "\"");
      }
    }

    IllegalArgumentException error(String message) {
      return new IllegalArgumentException(source + ": " + message);
    }
  }
}
