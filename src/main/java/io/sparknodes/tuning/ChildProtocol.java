package io.sparknodes.tuning;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.results.AtomicFiles;
import io.sparknodes.results.Memory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The protocol between the sweep and a group's JVM, in one place: the files the sweep writes for the
 * child (its {@link ChildInput}, the user's items) and the {@link ChildEvent}s the child prints on
 * standard output, one JSON object per line behind {@value #MARKER} (Spark's logs go to standard
 * error; any other line is not an event). Both sides are the same build, so the JSON is data binding
 * of the records, with one mapper: an instant is its ISO-8601 text, an empty optional is {@code
 * null}, a point's {@link ExecutionConfig} is its {@link ExecutionConfig#toMap()} (the keys files
 * use, {@code "auto"} included), read back by {@link ExecutionConfig#fromMap}, its one validation.
 * It needs no Jackson module beyond databind (none is on every Spark's class path at the version
 * Spark brings), and no annotation on the results records (a mix-in hides {@link
 * Memory#isEmpty()}).
 */
final class ChildProtocol {
  /** Marks the lines of a child's standard output that are events. */
  static final String MARKER = "@@sparknodes ";

  private static final ObjectMapper JSON = mapper();

  private ChildProtocol() {}

  /** The line that carries {@code event}, marker included. */
  static String encode(ChildEvent event) {
    try {
      return MARKER + JSON.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write event " + event.getClass().getSimpleName() + ": "
          + e.getOriginalMessage(), e);
    }
  }

  /**
   * The event a line of a child's output carries, or empty for a line without the marker.
   *
   * @throws IOException when a marked line is not an event of this protocol
   */
  static Optional<ChildEvent> decode(String line) throws IOException {
    if (!line.startsWith(MARKER)) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(line.substring(MARKER.length()), ChildEvent.class));
  }

  /** Writes the input of one application of a group (atomically). */
  static void writeInput(ChildInput input, Path file) throws IOException {
    AtomicFiles.write(file, JSON.writeValueAsString(input));
  }

  static ChildInput readInput(Path file) throws IOException {
    return JSON.readValue(file.toFile(), ChildInput.class);
  }

  /** Writes the user's items (read from {@code --input}) for the groups' JVMs (atomically). */
  static void writeItems(List<String> items, Path file) throws IOException {
    AtomicFiles.write(file, JSON.writeValueAsString(items));
  }

  static List<String> readItems(Path file) throws IOException {
    return Arrays.asList(JSON.readValue(file.toFile(), String[].class));
  }

  private static ObjectMapper mapper() {
    SimpleModule module = new SimpleModule("sparknodes-child-protocol");
    module.addSerializer(Instant.class, new InstantSerializer());
    module.addDeserializer(Instant.class, new InstantDeserializer());
    module.addSerializer(OptionalDouble.class, new OptionalDoubleSerializer());
    module.addDeserializer(OptionalDouble.class, new OptionalDoubleDeserializer());
    module.addSerializer(OptionalLong.class, new OptionalLongSerializer());
    module.addDeserializer(OptionalLong.class, new OptionalLongDeserializer());
    @SuppressWarnings({"rawtypes", "unchecked"})
    Class<Optional<?>> optional = (Class) Optional.class;
    module.addSerializer(optional, new OptionalSerializer());
    module.addDeserializer(optional, new OptionalDeserializer(null));
    module.addSerializer(ExecutionConfig.class, new ExecutionConfigSerializer());
    module.addDeserializer(ExecutionConfig.class, new ExecutionConfigDeserializer());
    module.setMixInAnnotation(Memory.class, MemoryMixIn.class);
    return new ObjectMapper().registerModule(module);
  }

  /** Hides {@link Memory#isEmpty()}, which is derived, not a property. */
  private abstract static class MemoryMixIn {
    @JsonIgnore
    abstract boolean isEmpty();
  }

  /** A config as the keys files use: {@code {"batch_size": "auto", "spark.sql.shuffle.partitions": "8"}}. */
  private static final class ExecutionConfigSerializer extends JsonSerializer<ExecutionConfig> {
    @Override
    public void serialize(ExecutionConfig value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      provider.defaultSerializeValue(value.toMap(), gen);
    }
  }

  private static final class ExecutionConfigDeserializer extends JsonDeserializer<ExecutionConfig> {
    @Override
    public ExecutionConfig deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      LinkedHashMap<?, ?> map = ctxt.readValue(p, LinkedHashMap.class);
      try {
        @SuppressWarnings("unchecked")
        LinkedHashMap<String, ?> settings = (LinkedHashMap<String, ?>) map;
        return ExecutionConfig.fromMap(settings);
      } catch (IllegalArgumentException e) {
        throw JsonMappingException.from(p, "not an engine config: " + e.getMessage(), e);
      }
    }
  }

  private static final class InstantSerializer extends JsonSerializer<Instant> {
    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeString(value.toString());
    }
  }

  private static final class InstantDeserializer extends JsonDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = p.getValueAsString();
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException | NullPointerException e) {
        return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 instant");
      }
    }
  }

  private static final class OptionalDoubleSerializer extends JsonSerializer<OptionalDouble> {
    @Override
    public void serialize(OptionalDouble value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      if (value.isPresent()) {
        gen.writeNumber(value.getAsDouble());
      } else {
        gen.writeNull();
      }
    }
  }

  private static final class OptionalDoubleDeserializer extends JsonDeserializer<OptionalDouble> {
    @Override
    public OptionalDouble deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return OptionalDouble.of(p.getValueAsDouble());
    }

    @Override
    public OptionalDouble getNullValue(DeserializationContext ctxt) {
      return OptionalDouble.empty();
    }
  }

  private static final class OptionalLongSerializer extends JsonSerializer<OptionalLong> {
    @Override
    public void serialize(OptionalLong value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      if (value.isPresent()) {
        gen.writeNumber(value.getAsLong());
      } else {
        gen.writeNull();
      }
    }
  }

  private static final class OptionalLongDeserializer extends JsonDeserializer<OptionalLong> {
    @Override
    public OptionalLong deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return OptionalLong.of(p.getLongValue());
    }

    @Override
    public OptionalLong getNullValue(DeserializationContext ctxt) {
      return OptionalLong.empty();
    }
  }

  private static final class OptionalSerializer extends JsonSerializer<Optional<?>> {
    @Override
    public void serialize(Optional<?> value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      if (value.isPresent()) {
        provider.defaultSerializeValue(value.get(), gen);
      } else {
        gen.writeNull();
      }
    }
  }

  /** An {@code Optional<T>}: a T, or empty for null (or a missing property). */
  private static final class OptionalDeserializer extends JsonDeserializer<Optional<?>>
      implements ContextualDeserializer {
    private final JavaType valueType;

    OptionalDeserializer(JavaType valueType) {
      this.valueType = valueType;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
      JavaType type = property != null ? property.getType() : ctxt.getContextualType();
      JavaType contained = type == null ? null : type.containedType(0);
      return new OptionalDeserializer(contained != null ? contained : ctxt.constructType(Object.class));
    }

    @Override
    public Optional<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return Optional.ofNullable(ctxt.readValue(p, valueType));
    }

    @Override
    public Optional<?> getNullValue(DeserializationContext ctxt) {
      return Optional.empty();
    }
  }
}
