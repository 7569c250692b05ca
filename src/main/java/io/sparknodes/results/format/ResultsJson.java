package io.sparknodes.results.format;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.sparknodes.results.ApplicationTime;
import io.sparknodes.results.AtomicFiles;
import io.sparknodes.results.Environment;
import io.sparknodes.results.Design;
import io.sparknodes.results.GridInfo;
import io.sparknodes.results.InputInfo;
import io.sparknodes.results.Memory;
import io.sparknodes.results.Observed;
import io.sparknodes.results.Results;
import io.sparknodes.results.Status;
import io.sparknodes.results.StopReason;
import io.sparknodes.results.Summary;
import io.sparknodes.results.Trial;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@link Results} as JSON: pretty-printed with two-space indents and {@code \n} line ends, fields
 * in a fixed order, numbers as Java writes them (independent of the default locale), instants in
 * ISO-8601. Absent optional fields are omitted. A trial's {@code summary} is written for readers
 * and recomputed from {@code warmSeconds} when read. Files of schema version 1 (before calibrated
 * samples) are read too: their grid gets the default margin and no minimum sample time, their
 * trials one loop per sample and a single application. Files of schema version 2 (before racing)
 * are read as sweeps without racing: no racing samples, no stop reasons.
 *
 * <p>Written and read through Jackson's data binding of the records below, which are the file's
 * schema in its order. Reading is as strict as the format: every field is required unless marked
 * {@link MayBeAbsent}, and numbers, strings and booleans are not converted into one another.
 */
public final class ResultsJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .serializationInclusion(JsonInclude.Include.NON_ABSENT)
      .defaultSetterInfo(JsonSetter.Value.forValueNulls(Nulls.FAIL, Nulls.FAIL))
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .build();
  private static final ObjectWriter WRITER = MAPPER.writer(new Printer());

  private ResultsJson() {}

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
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
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
      return WRITER.writeValueAsString(Doc.of(results)) + "\n";
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
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(source + " is not valid JSON: expected an object at the top level");
    }
    int version = bind(root, Version.class, source).schemaVersion();
    if (version < Results.OLDEST_READABLE_VERSION || version > Results.SCHEMA_VERSION) {
      throw new IllegalArgumentException(source + " has schemaVersion " + version + ", expected "
          + Results.OLDEST_READABLE_VERSION + " to " + Results.SCHEMA_VERSION);
    }
    Doc doc = bind(root, Doc.class, source);
    try {
      return doc.toResults();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  /** The JSON form of an environment, as results.json (and bench.json) holds it. */
  public static ObjectNode environment(Environment e) {
    return MAPPER.valueToTree(Objects.requireNonNull(e, "e"));
  }

  /** The JSON form of a summary, as results.json (and bench.json) holds it. */
  public static ObjectNode summary(Summary s) {
    return MAPPER.valueToTree(SummaryJson.of(s));
  }

  // ---- reading: binding, and what went wrong where

  private static <T> T bind(JsonNode root, Class<T> type, String source) {
    try {
      return MAPPER.treeToValue(root, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": " + problem(e, root), e);
    }
  }

  /** What is wrong, named by the field's path: {@code trials[2].status must be one of OK, ...}. */
  private static String problem(JsonProcessingException e, JsonNode root) {
    if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
      return e.getOriginalMessage();
    }
    StringBuilder path = new StringBuilder();
    StringBuilder pointer = new StringBuilder();
    for (JsonMappingException.Reference r : m.getPath()) {
      if (r.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
        pointer.append('/').append(r.getFieldName().replace("~", "~0").replace("/", "~1"));
      } else {
        path.append('[').append(r.getIndex()).append(']');
        pointer.append('/').append(r.getIndex());
      }
    }
    if (m instanceof InvalidNullException) {
      return path + " is missing";
    }
    if (m.getCause() instanceof IllegalArgumentException check) {
      return path + "." + check.getMessage();
    }
    Class<?> target = m instanceof MismatchedInputException mismatch ? mismatch.getTargetType()
        : m.getCause() instanceof InputCoercionException coercion ? coercion.getTargetType() : null;
    return target == null ? path + ": " + m.getOriginalMessage()
        : path + " must be " + kind(target) + " but was " + root.at(JsonPointer.compile(pointer.toString()));
  }

  private static String kind(Class<?> type) {
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "an integer";
    }
    if (type == double.class || type == Double.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "a boolean";
    }
    if (type == String.class) {
      return "a string";
    }
    return Collection.class.isAssignableFrom(type) || type.isArray() ? "an array" : "an object";
  }

  /** A record's own check, named by where in the file its values are ({@code trials[0].memory.}). */
  private static <T> T at(String path, Supplier<T> value) {
    try {
      return value.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + e.getMessage(), e);
    }
  }

  private static Instant instant(String path, String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(path + " must be an ISO-8601 instant but was \"" + text + "\"", e);
    }
  }

  private static <T> List<T> orNull(List<T> list) {
    return list.isEmpty() ? null : list;
  }

  private static Double boxed(OptionalDouble v) {
    return v.isPresent() ? v.getAsDouble() : null;
  }

  /** Passes {@code value} to {@code setter} when the file has it. */
  private static <T> void ifSet(T value, Consumer<? super T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }

  // ---- the schema

  /** A field that files of older versions lack, or that is left out when it has no value: read as null. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
  @JacksonAnnotationsInside
  @JsonSetter(nulls = Nulls.SET)
  @interface MayBeAbsent {}

  /** The first field of every version, read before the rest. */
  record Version(int schemaVersion) {}

  record Doc(int schemaVersion, String startedAt, String updatedAt, Environment environment, Grid grid,
      @MayBeAbsent String pipelineGraph, List<TrialJson> trials, @MayBeAbsent List<ApplicationJson> applications) {
    static Doc of(Results r) {
      return new Doc(r.schemaVersion(), r.startedAt().toString(), r.updatedAt().toString(), r.environment(),
          Grid.of(r.grid()), r.pipelineGraph().isEmpty() ? null : r.pipelineGraph(),
          r.trials().stream().map(TrialJson::of).toList(),
          r.applications().isEmpty() ? null : r.applications().stream().map(ApplicationJson::of).toList());
    }

    Results toResults() {
      GridInfo g = grid.toGrid();
      List<Trial> list = new ArrayList<>(trials.size());
      for (int i = 0; i < trials.size(); i++) {
        list.add(trials.get(i).toTrial("trials[" + i + "].", g.items()));
      }
      List<ApplicationTime> apps = new ArrayList<>();
      if (applications != null) {
        for (int i = 0; i < applications.size(); i++) {
          apps.add(applications.get(i).toTime("applications[" + i + "]."));
        }
      }
      return new Results(Results.SCHEMA_VERSION, environment, g, list, instant("startedAt", startedAt),
          instant("updatedAt", updatedAt), Objects.requireNonNullElse(pipelineGraph, ""), apps);
    }
  }

  /** An {@link ApplicationTime}. */
  record ApplicationJson(String group, int application, boolean racing, String launchedAt, double startSeconds,
      double coldSeconds, double warmupSeconds, double measureSeconds, double probeSeconds, double endSeconds,
      @MayBeAbsent String jvm) {
    static ApplicationJson of(ApplicationTime a) {
      return new ApplicationJson(a.group(), a.application(), a.racing(), a.launchedAt().toString(), a.startSeconds(),
          a.coldSeconds(), a.warmupSeconds(), a.measureSeconds(), a.probeSeconds(), a.endSeconds(),
          a.sharedJvm() ? a.jvm() : null);
    }

    ApplicationTime toTime(String path) {
      Instant launched = instant(path + "launchedAt", launchedAt);
      return at(path, () -> new ApplicationTime(group, application, racing, launched, startSeconds, coldSeconds,
          warmupSeconds, measureSeconds, probeSeconds, endSeconds, Objects.requireNonNullElse(jvm, "")));
    }
  }

  /** {@link GridInfo}; the fields version 1 or 2 lacks get the defaults of a grid without them. */
  record Grid(String name, String workload, int items, int warmup, int repeats, double timeLimitSeconds, long seed,
      @MayBeAbsent Double negligibleEffect, @MayBeAbsent Double minSampleSeconds, @MayBeAbsent Integer maxRepeats,
      @MayBeAbsent Double budgetSeconds, @MayBeAbsent Integer points, Map<String, List<Object>> axes,
      @MayBeAbsent InputInfo input, @MayBeAbsent String design) {
    static Grid of(GridInfo g) {
      // The isolated design is what a file without the key means: written only when shared.
      return new Grid(g.name(), g.workload(), g.items(), g.warmup(), g.repeats(), g.timeLimitSeconds(), g.seed(),
          g.negligibleEffect(), g.minSampleSeconds(), g.maxRepeats(), g.budgetSeconds(), g.points(), g.axes(),
          g.input().orElse(null), g.design() == Design.ISOLATED ? null : g.design().key());
    }

    GridInfo toGrid() {
      GridInfo g = new GridInfo(name, workload, items, warmup, repeats, timeLimitSeconds, seed, axes,
          Objects.requireNonNullElse(negligibleEffect, GridInfo.DEFAULT_NEGLIGIBLE_EFFECT),
          Objects.requireNonNullElse(minSampleSeconds, 0.0), Objects.requireNonNullElse(maxRepeats, repeats),
          Objects.requireNonNullElse(budgetSeconds, 0.0)).withInput(Optional.ofNullable(input))
          .withDesign(design == null ? Design.ISOLATED : Design.parse(design));
      if (points != null && points != g.points()) {
        throw new IllegalArgumentException("grid.points is " + points + " but the axes make " + g.points());
      }
      return g;
    }
  }

  /** A {@link Trial}; its summary is written for readers, and recomputed from the samples when read. */
  record TrialJson(@MayBeAbsent String id, Map<String, Object> params, Status status, @MayBeAbsent String error,
      @MayBeAbsent Double coldSeconds, @MayBeAbsent Double warmupSeconds, @MayBeAbsent Integer loops,
      List<Double> warmSeconds, @MayBeAbsent List<Integer> applications, @MayBeAbsent List<Double> racingSeconds,
      @MayBeAbsent List<Integer> racingApplications, @MayBeAbsent Double racingWallSeconds,
      @MayBeAbsent String stopReason, @MayBeAbsent SummaryJson summary, @MayBeAbsent Observed observed,
      @MayBeAbsent MemoryJson memory, @MayBeAbsent List<String> flags, String startedAt, String finishedAt) {
    static TrialJson of(Trial t) {
      return new TrialJson(t.id(), t.params(), t.status(), t.error().orElse(null), boxed(t.coldSeconds()),
          boxed(t.warmupSeconds()), t.loops(), t.warmSeconds(), orNull(t.applications()), orNull(t.racingSeconds()),
          t.racingSeconds().isEmpty() ? null : t.racingApplications(), boxed(t.racingWallSeconds()),
          t.stopReason().map(StopReason::key).orElse(null), t.summary().map(SummaryJson::of).orElse(null),
          t.observed().orElse(null), t.memory().map(MemoryJson::of).orElse(null), t.flags(),
          t.startedAt().toString(), t.finishedAt().toString());
    }

    Trial toTrial(String path, long items) {
      Trial.Builder b = Trial.builder(params).status(status).warmSeconds(warmSeconds, items);
      ifSet(error, b::error);
      ifSet(coldSeconds, b::coldSeconds);
      ifSet(warmupSeconds, b::warmupSeconds);
      ifSet(loops, b::loops);
      ifSet(applications, b::applications);
      if (racingSeconds != null || racingApplications != null) {
        b.racing(Objects.requireNonNullElse(racingSeconds, List.of()),
            Objects.requireNonNullElse(racingApplications, List.of()));
      }
      ifSet(racingWallSeconds, b::racingWallSeconds);
      ifSet(stopReason, r -> b.stopReason(at(path, () -> StopReason.ofKey(r))));
      ifSet(observed, b::observed);
      ifSet(memory, m -> b.memory(at(path + "memory.", m::toMemory)));
      ifSet(flags, b::flags);
      Trial t = b.startedAt(instant(path + "startedAt", startedAt))
          .finishedAt(instant(path + "finishedAt", finishedAt)).build();
      if (id != null && !id.equals(t.id())) {
        throw new IllegalArgumentException(path + "id is \"" + id + "\" but its params make \"" + t.id() + "\"");
      }
      return t;
    }

  }

  /** A {@link Summary} with {@code hasSpread} after {@code n}, as bench.json writes it too. */
  record SummaryJson(int n, boolean hasSpread, double mean, double median, double std, double cv, double ciLow,
      double ciHigh, double min, double max, double throughput) {
    static SummaryJson of(Summary s) {
      return new SummaryJson(s.n(), s.hasSpread(), s.mean(), s.median(), s.std(), s.cv(), s.ciLow(), s.ciHigh(),
          s.min(), s.max(), s.throughput());
    }
  }

  /** {@link Memory}, an unmeasured figure left out. */
  record MemoryJson(@MayBeAbsent Double allocatedBytesPerItem, @MayBeAbsent Long retainedHeapBytes, int jvms,
      boolean includesDriver) {
    static MemoryJson of(Memory m) {
      OptionalLong retained = m.retainedHeapBytes();
      return new MemoryJson(boxed(m.allocatedBytesPerItem()),
          retained.isPresent() ? retained.getAsLong() : null, m.jvms(), m.includesDriver());
    }

    Memory toMemory() {
      return new Memory(allocatedBytesPerItem == null ? OptionalDouble.empty() : OptionalDouble.of(allocatedBytesPerItem),
          retainedHeapBytes == null ? OptionalLong.empty() : OptionalLong.of(retainedHeapBytes), jvms, includesDriver);
    }
  }
}
