package io.sparknodes.results;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.StringJoiner;

/**
 * The measurement of one grid point: its params, how it ended, its cold time, its {@link Samples}
 * and what the engine reported doing. A value with equality; built by {@link #builder(Map)}. It is a final class
 * rather than a record because its optional parts (error, cold time, summary, observed) are returned
 * as {@code Optional} and never passed as {@code null} or as {@code Optional} parameters.
 *
 * <pre>{@code
 * Trial t = Trial.builder(params)            // ordered: use_process, max_concurrency, batch_size
 *     .status(Status.OK)
 *     .coldSeconds(6.4)
 *     .warmSeconds(List.of(0.31, 0.29, 0.30), grid.items())
 *     .observed(observed)
 *     .startedAt(start).finishedAt(end)
 *     .build();
 * }</pre>
 */
public final class Trial {
  private final String id;
  private final Map<String, Object> params;
  private final Status status;
  private final String error;
  private final Double coldSeconds;
  private final Samples samples;
  private final Double racingWallSeconds;
  private final StopReason stopReason;
  private final int loops;
  private final Double warmupSeconds;
  private final long items;
  private final Summary summary;
  private final Observed observed;
  private final Memory memory;
  private final List<String> flags;
  private final Instant startedAt;
  private final Instant finishedAt;

  private Trial(Builder b, Samples samples) {
    this.params = b.params;
    this.id = idOf(params);
    this.status = b.status;
    this.error = b.error;
    this.coldSeconds = b.coldSeconds;
    this.samples = samples;
    this.racingWallSeconds = b.racingWallSeconds;
    this.stopReason = b.stopReason;
    this.loops = b.loops;
    this.warmupSeconds = b.warmupSeconds;
    this.items = b.items;
    List<Double> warm = samples.warmSeconds();
    this.summary = warm.isEmpty() ? null : Statistics.summarizeSeconds(warm, b.items);
    this.observed = b.observed;
    this.memory = b.memory;
    this.flags = List.copyOf(b.flags);
    this.startedAt = b.startedAt;
    this.finishedAt = b.finishedAt;
  }

  /**
   * The id of a point: {@code name=value} pairs in the params' order, joined by commas, for example
   * {@code use_process=false,max_concurrency=2,batch_size=512}.
   */
  public static String idOf(Map<String, ?> params) {
    StringJoiner j = new StringJoiner(",");
    for (Map.Entry<String, ?> e : params.entrySet()) {
      j.add(e.getKey() + "=" + Values.text(Values.normalize(e.getKey(), e.getValue())));
    }
    return j.toString();
  }

  /** The text of an axis value as ids, CSV cells and reports show it; independent of the default locale. */
  public static String valueText(Object value) {
    return Values.text(value);
  }

  /**
   * The order of an axis's values in a tested range: numbers by value, then words (such as {@code
   * "auto"}), false before true; other mixed values compare equal (keep their declared order).
   */
  public static final Comparator<Object> VALUE_ORDER = Values.NATURAL;

  /** A builder of the trial of the point with these params, in the grid's axis order. */
  public static Builder builder(Map<String, ?> params) {
    return new Builder(params);
  }

  /** A builder holding this trial's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder(params);
    b.status = status;
    b.error = error;
    b.coldSeconds = coldSeconds;
    b.warmSeconds = samples.warmSeconds();
    b.applications = samples.applications();
    b.racingSeconds = samples.racingSeconds();
    b.racingApplications = samples.racingApplications();
    b.racingWallSeconds = racingWallSeconds;
    b.stopReason = stopReason;
    b.loops = loops;
    b.warmupSeconds = warmupSeconds;
    b.items = items;
    b.observed = observed;
    b.memory = memory;
    b.flags = new ArrayList<>(flags);
    b.startedAt = startedAt;
    b.finishedAt = finishedAt;
    return b;
  }

  /** The point's id, see {@link #idOf(Map)}. */
  public String id() {
    return id;
  }

  /** Axis name to value, in the grid's axis order. */
  public Map<String, Object> params() {
    return params;
  }

  /** The value of one axis at this point, if the point has that axis. */
  public Optional<Object> param(String axis) {
    return Optional.ofNullable(params.get(axis));
  }

  public Status status() {
    return status;
  }

  /** The error of a failed or timed-out point; empty for {@link Status#OK}. */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  /**
   * The first run of the point's group, including executor start and the build of stateful inputs;
   * empty for points that did not run first in their group.
   */
  public OptionalDouble coldSeconds() {
    return coldSeconds == null ? OptionalDouble.empty() : OptionalDouble.of(coldSeconds);
  }

  /** The point's samples: balanced and racing ones, and the application each came from. */
  public Samples samples() {
    return samples;
  }

  /** The raw warm samples in seconds, in the order they were taken. */
  public List<Double> warmSeconds() {
    return samples.warmSeconds();
  }

  /**
   * Which application of the point's group each warm sample came from (0, 1, ...), in sample order;
   * empty when the group ran as a single application.
   */
  public List<Integer> applications() {
    return samples.applications();
  }

  /** The number of distinct applications the warm samples came from (1 when not recorded). */
  public int applicationCount() {
    return samples.applicationCount();
  }

  /**
   * The samples racing took after the balanced ones, in the order they were taken; they refine the
   * ranking and the tied set but never the effects, the verdicts or {@link #summary()}.
   */
  public List<Double> racingSeconds() {
    return samples.racingSeconds();
  }

  /** Which application of the point's group each racing sample came from, in sample order. */
  public List<Integer> racingApplications() {
    return samples.racingApplications();
  }

  /** The balanced samples then the racing ones ({@link Samples#allSeconds()}). */
  public List<Double> allSeconds() {
    return samples.allSeconds();
  }

  /** The application of every sample of {@link #allSeconds()} ({@link Samples#allApplications()}). */
  public List<Integer> allApplications() {
    return samples.allApplications();
  }

  /**
   * The wall time racing spent on the point: its share of the racing applications it ran in (start,
   * warm-up, samples, teardown); empty when it was not raced.
   */
  public OptionalDouble racingWallSeconds() {
    return racingWallSeconds == null ? OptionalDouble.empty() : OptionalDouble.of(racingWallSeconds);
  }

  /** Why the point's sampling stopped, once the sweep decided it; empty before (or for a failed point). */
  public Optional<StopReason> stopReason() {
    return Optional.ofNullable(stopReason);
  }

  /** Back-to-back maps per warm sample: each sample is the mean time of one map over this many. */
  public int loops() {
    return loops;
  }

  /** The time the point's warm-up (and loop calibration) maps took, when recorded. */
  public OptionalDouble warmupSeconds() {
    return warmupSeconds == null ? OptionalDouble.empty() : OptionalDouble.of(warmupSeconds);
  }

  /** The items per run, which set the throughput. */
  public long items() {
    return items;
  }

  /** The summary of the warm samples; present exactly when there is at least one. */
  public Optional<Summary> summary() {
    return Optional.ofNullable(summary);
  }

  /** What the engine reported doing, when the sweep captured it. */
  public Optional<Observed> observed() {
    return Optional.ofNullable(observed);
  }

  /** What the point used in memory, when the sweep measured it. */
  public Optional<Memory> memory() {
    return Optional.ofNullable(memory);
  }

  /** Bytes allocated per item, when measured ({@link Memory#allocatedBytesPerItem()}). */
  public OptionalDouble allocatedBytesPerItem() {
    return memory == null ? OptionalDouble.empty() : memory.allocatedBytesPerItem();
  }

  /** The retained heap, when measured ({@link Memory#retainedHeapBytes()}). */
  public java.util.OptionalLong retainedHeapBytes() {
    return memory == null ? java.util.OptionalLong.empty() : memory.retainedHeapBytes();
  }

  /** Warnings about the point, such as a knob that had no effect. */
  public List<String> flags() {
    return flags;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Instant finishedAt() {
    return finishedAt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Trial t && id.equals(t.id) && params.equals(t.params) && status == t.status
        && Objects.equals(error, t.error) && Objects.equals(coldSeconds, t.coldSeconds) && samples.equals(t.samples)
        && Objects.equals(racingWallSeconds, t.racingWallSeconds) && stopReason == t.stopReason && loops == t.loops
        && Objects.equals(warmupSeconds, t.warmupSeconds) && Objects.equals(summary, t.summary)
        && Objects.equals(observed, t.observed) && Objects.equals(memory, t.memory) && flags.equals(t.flags)
        && startedAt.equals(t.startedAt) && finishedAt.equals(t.finishedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, status, error, coldSeconds, samples.warmSeconds(), samples.applications(),
        samples.racingSeconds(), samples.racingApplications(), racingWallSeconds, stopReason, loops, warmupSeconds,
        summary, observed, memory, flags, startedAt, finishedAt);
  }

  @Override
  public String toString() {
    return "Trial[" + id + ", " + status + (error == null ? "" : ", error=" + error) + ", warm="
        + samples.warmSeconds() + "]";
  }

  /** Builds a {@link Trial}; {@link #build()} checks the whole and names what is wrong. */
  public static final class Builder {
    private final Map<String, Object> params;
    private final String id;
    private Status status;
    private String error;
    private Double coldSeconds;
    private List<Double> warmSeconds = List.of();
    private List<Integer> applications = List.of();
    private List<Double> racingSeconds = List.of();
    private List<Integer> racingApplications = List.of();
    private Double racingWallSeconds;
    private StopReason stopReason;
    private int loops = 1;
    private Double warmupSeconds;
    private long items;
    private Observed observed;
    private Memory memory;
    private List<String> flags = new ArrayList<>();
    private Instant startedAt;
    private Instant finishedAt;

    private Builder(Map<String, ?> params) {
      Objects.requireNonNull(params, "params");
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<String, ?> e : params.entrySet()) {
        String axis = Objects.requireNonNull(e.getKey(), "a param name is null");
        Object v = Values.normalize(axis, e.getValue());
        Values.checkAxisValue(axis, v);
        copy.put(axis, v);
      }
      this.params = Collections.unmodifiableMap(copy);
      this.id = idOf(this.params);
    }

    public Builder status(Status status) {
      this.status = Objects.requireNonNull(status, "status");
      return this;
    }

    /** The error of a failed or timed-out point, for example the exception's message. */
    public Builder error(String error) {
      Objects.requireNonNull(error, "error");
      if (error.isBlank()) {
        throw new IllegalArgumentException("trial " + id + ": error must not be blank");
      }
      this.error = error;
      return this;
    }

    /** The first run of the group, which this point ran. */
    public Builder coldSeconds(double seconds) {
      this.coldSeconds = checkSeconds("cold time", seconds);
      return this;
    }

    /**
     * The warm samples in seconds; {@code items} (the items per run) sets the throughput.
     */
    public Builder warmSeconds(List<Double> seconds, long items) {
      List<Double> copy = Samples.seconds(owner(), "warm sample", seconds);
      if (items < 0) {
        throw new IllegalArgumentException("trial " + id + ": items must not be negative but was " + items);
      }
      this.warmSeconds = copy;
      this.items = items;
      return this;
    }

    /** Which application of the group each warm sample came from; empty for a single application. */
    public Builder applications(List<Integer> applications) {
      this.applications = Samples.indexes(owner(), "warm sample", applications);
      return this;
    }

    /** The samples racing took and the application of each (equal lengths). */
    public Builder racing(List<Double> seconds, List<Integer> applications) {
      Samples.racing(owner(), seconds, applications);
      this.racingSeconds = List.copyOf(seconds);
      this.racingApplications = List.copyOf(applications);
      return this;
    }

    /** The wall time racing spent on the point. */
    public Builder racingWallSeconds(double seconds) {
      this.racingWallSeconds = checkSeconds("racing wall time", seconds);
      return this;
    }

    /** Why the point's sampling stopped. */
    public Builder stopReason(StopReason reason) {
      this.stopReason = Objects.requireNonNull(reason, "reason");
      return this;
    }

    /** Back-to-back maps per warm sample (1 unless calibrated). */
    public Builder loops(int loops) {
      if (loops < 1) {
        throw new IllegalArgumentException("trial " + id + ": loops must be positive but was " + loops);
      }
      this.loops = loops;
      return this;
    }

    /** The time the point's warm-up maps took. */
    public Builder warmupSeconds(double seconds) {
      this.warmupSeconds = checkSeconds("warm-up time", seconds);
      return this;
    }

    public Builder observed(Observed observed) {
      this.observed = Objects.requireNonNull(observed, "observed");
      return this;
    }

    /** What the point used in memory, as measured. */
    public Builder memory(Memory memory) {
      this.memory = Objects.requireNonNull(memory, "memory");
      return this;
    }

    /** Adds a warning, such as {@code "batch_size had no effect: asked 512, batches seen up to 128"}. */
    public Builder flag(String flag) {
      Objects.requireNonNull(flag, "flag");
      if (flag.isBlank()) {
        throw new IllegalArgumentException("trial " + id + ": a flag must not be blank");
      }
      flags.add(flag);
      return this;
    }

    /** Replaces the warnings. */
    public Builder flags(List<String> flags) {
      Objects.requireNonNull(flags, "flags");
      this.flags = new ArrayList<>();
      flags.forEach(this::flag);
      return this;
    }

    public Builder startedAt(Instant startedAt) {
      this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
      return this;
    }

    public Builder finishedAt(Instant finishedAt) {
      this.finishedAt = Objects.requireNonNull(finishedAt, "finishedAt");
      return this;
    }

    /**
     * The trial.
     *
     * @throws IllegalArgumentException when the status is missing, an OK trial has an error, a
     *     failed or timed-out trial has none, or a time is missing or out of order
     */
    public Trial build() {
      if (status == null) {
        throw new IllegalArgumentException("trial " + id + " has no status");
      }
      if (status == Status.OK && error != null) {
        throw new IllegalArgumentException("trial " + id + " has status OK but an error: " + error);
      }
      if (status != Status.OK && error == null) {
        throw new IllegalArgumentException("trial " + id + " has status " + status + " but no error");
      }
      if (startedAt == null) {
        throw new IllegalArgumentException("trial " + id + " has no startedAt");
      }
      if (finishedAt == null) {
        throw new IllegalArgumentException("trial " + id + " has no finishedAt");
      }
      Samples samples = Samples.of(owner(), warmSeconds, applications, racingSeconds, racingApplications);
      if (finishedAt.isBefore(startedAt)) {
        throw new IllegalArgumentException("trial " + id + " finished at " + finishedAt + ", before it started at "
            + startedAt);
      }
      return new Trial(this, samples);
    }

    /** How messages name the trial: {@code "trial batch_size=8"}. */
    private String owner() {
      return "trial " + id;
    }

    private double checkSeconds(String what, double seconds) {
      return Samples.checkSeconds(owner() + ": " + what, seconds);
    }
  }
}
