package io.sparknodes.tuning;

import io.sparknodes.config.Knobs;
import io.sparknodes.results.InputInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How to run a sweep; made by {@link #builder(Path)}.
 *
 * <pre>{@code
 * SweepOptions options = SweepOptions.builder(Path.of("results/run-1"))
 *     .childMainClass("io.sparknodes.cli.GroupMain")
 *     .items(List.of("a text", "another"))
 *     .build();
 * }</pre>
 */
public final class SweepOptions {
  private final Path outDir;
  private final boolean resume;
  private final Optional<List<String>> items;
  private final Optional<InputInfo> input;
  private final Optional<String> master;
  private final String childMainClass;
  private final List<String> childJvmOptions;
  private final Map<String, String> sparkProperties;
  private final Duration startAllowance;
  private final List<Path> jars;
  private final Optional<Duration> timeBudget;

  private SweepOptions(Builder b) {
    this.outDir = b.outDir;
    this.resume = b.resume;
    this.items = b.items;
    if (b.inputFile != null && b.items.isEmpty()) {
      throw new IllegalArgumentException("an input file names the items read from it: give them too (items)");
    }
    // Digested once: the items do not change.
    this.input = b.items.map(i -> InputInfo.of(Objects.requireNonNullElse(b.inputFile, ""),
        Objects.requireNonNullElse(b.inputColumn, ""), i));
    this.master = b.master;
    this.childMainClass = Objects.requireNonNull(b.childMainClass, "childMainClass");
    this.childJvmOptions = b.childJvmOptions;
    this.sparkProperties = b.sparkProperties;
    this.startAllowance = b.startAllowance;
    this.jars = b.jars;
    this.timeBudget = b.timeBudget;
  }

  /**
   * The wall time after which the sweep stops at the first application boundary (its results and
   * report valid, its points that need more resumable with {@code resume}); empty: no budget.
   */
  public Optional<Duration> timeBudget() {
    return timeBudget;
  }

  /** Options of a sweep that writes into {@code outDir} (results.json, grid.json and the logs). */
  public static Builder builder(Path outDir) {
    return new Builder(outDir);
  }

  /** Where results.json, grid.json and the logs go. */
  public Path outDir() {
    return outDir;
  }

  /** Whether to finish the sweep recorded in {@link #outDir()} instead of starting one. */
  public boolean resume() {
    return resume;
  }

  /** A user's data for the workload's mapped input, or empty for the workload's own items. */
  public Optional<List<String>> items() {
    return items;
  }

  /**
   * What the sweep records of {@link #items()}: where they came from and their digest, so that a
   * resumed sweep checks it goes on over the same data; empty for the workload's own items.
   */
  public Optional<InputInfo> input() {
    return input;
  }

  /** An external master (spark://, yarn, k8s://), or empty for embedded local Spark. */
  public Optional<String> master() {
    return master;
  }

  /** The main class of a group's JVM (the CLI's {@code GroupMain}). */
  public String childMainClass() {
    return childMainClass;
  }

  /** The options of the child JVMs, e.g. {@code -Xmx4g}. */
  public List<String> childJvmOptions() {
    return childJvmOptions;
  }

  /** The {@code spark.*} settings every group's application starts with, sorted by key. */
  public Map<String, String> sparkProperties() {
    return sparkProperties;
  }

  /** How long a group's application may take to start. */
  public Duration startAllowance() {
    return startAllowance;
  }

  /** A user's jars (absolute, normalized). */
  public List<Path> jars() {
    return jars;
  }

  /** Builds {@link SweepOptions}; each setting has a default (see {@link SweepDefaults}) but the main class. */
  public static final class Builder {
    private final Path outDir;
    private boolean resume;
    private Optional<List<String>> items = Optional.empty();
    private String inputFile;
    private String inputColumn;
    private Optional<String> master = Optional.empty();
    private String childMainClass;
    private List<String> childJvmOptions = SweepDefaults.CHILD_JVM_OPTIONS;
    private Map<String, String> sparkProperties = Map.of();
    private Duration startAllowance = SweepDefaults.START_ALLOWANCE;
    private Optional<Duration> timeBudget = Optional.empty();

    /** Stops the sweep at the first application boundary past {@code budget} of wall time. */
    public Builder timeBudget(Duration budget) {
      if (budget.isNegative() || budget.isZero()) {
        throw new IllegalArgumentException("the time budget must be positive but was " + budget);
      }
      this.timeBudget = Optional.of(budget);
      return this;
    }
    private List<Path> jars = List.of();

    private Builder(Path outDir) {
      this.outDir = Objects.requireNonNull(outDir, "outDir");
    }

    /** Finish the sweep recorded in the output folder instead of starting one (default: false). */
    public Builder resume(boolean resume) {
      this.resume = resume;
      return this;
    }

    /**
     * A user's data for the workload's mapped input (the CLI reads it from {@code --input}): it
     * sets the grid's item count.
     */
    public Builder items(List<String> items) {
      if (items.isEmpty()) {
        throw new IllegalArgumentException("items must not be empty");
      }
      this.items = Optional.of(List.copyOf(items));
      return this;
    }

    /**
     * Where {@link #items} came from: column {@code column} of {@code file} (the CLI's {@code
     * --input} and {@code --column}), recorded in results.json with the items' digest.
     */
    public Builder input(String file, String column) {
      if (Objects.requireNonNull(file, "file").isBlank() || Objects.requireNonNull(column, "column").isBlank()) {
        throw new IllegalArgumentException("an input's file and column must not be blank");
      }
      this.inputFile = file;
      this.inputColumn = column;
      return this;
    }

    /** An external master (spark://, yarn, k8s://); default: embedded local Spark. */
    public Builder master(String master) {
      this.master = Optional.of(master);
      return this;
    }

    /** The main class of a group's JVM, which calls {@link Sweep#runGroupChild}; required. */
    public Builder childMainClass(String childMainClass) {
      this.childMainClass = Objects.requireNonNull(childMainClass, "childMainClass");
      return this;
    }

    /** The options of the child JVMs (default: {@link SweepDefaults#CHILD_JVM_OPTIONS}). */
    public Builder childJvmOptions(List<String> childJvmOptions) {
      this.childJvmOptions = List.copyOf(childJvmOptions);
      return this;
    }

    /**
     * {@code spark.*} settings every group's application starts with, passed to the child JVMs as
     * system properties (under spark-submit: the ones it was given).
     *
     * @throws IllegalArgumentException for a key that is not {@code spark.} and a name
     */
    public Builder sparkProperties(Map<String, String> sparkProperties) {
      for (String key : sparkProperties.keySet()) {
        if (!Knobs.isSparkSetting(key)) {
          throw new IllegalArgumentException("Spark property '" + key + "' must start with spark. and name a setting");
        }
      }
      this.sparkProperties = Collections.unmodifiableMap(new TreeMap<>(sparkProperties));
      return this;
    }

    /** How long a group's application may take to start (default: {@link SweepDefaults#START_ALLOWANCE}). */
    public Builder startAllowance(Duration startAllowance) {
      this.startAllowance = Objects.requireNonNull(startAllowance, "startAllowance");
      return this;
    }

    /**
     * A user's jars (their workload and its dependencies), added to the class path of every
     * group's JVM, and so to its process-mode executors' (local-cluster executors get the group
     * JVM's class path); on an external master they also go in {@code spark.jars}.
     */
    public Builder jars(List<Path> jars) {
      this.jars = jars.stream().map(j -> j.toAbsolutePath().normalize()).toList();
      return this;
    }

    public SweepOptions build() {
      return new SweepOptions(this);
    }
  }
}
