package io.sparknodes.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparknodes.knobs.Knobs;
import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.Recommendation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A sweep's {@code profile.json}, beside its results.json: the optimal configuration and one per use
 * case, each as the engine settings measured (the grid's fixed settings under the point's) and the
 * Spark settings they imply on a cluster (executor cores and instances; never a master URL), and
 * where they were measured (the master, and the cores of the machine for an embedded one).
 * {@code ExecutionConfig.fromProfile} reads it.
 *
 * <pre>{@code
 * {
 *   "profileVersion": 1, "grid": "seed", "workload": "text-normalize", "items": 10000,
 *   "measuredOn": {"master": "embedded: ...", "local": true, "cores": 2, "sparkVersion": "4.0.4"},
 *   "optimal": {"point": "use_process=false,max_concurrency=2,batch_size=1024", "medianSeconds": 0.05,
 *               "settings": {"use_process": false, "max_concurrency": 2, "batch_size": 1024},
 *               "spark": {"spark.executor.cores": "2", "spark.executor.instances": "1", "spark.cores.max": "2"}},
 *   "useCases": {"general": {...}, "memory-constrained": {...}, "maximum-throughput": {...}, "io-bound": {...}}
 * }
 * }</pre>
 */
public final class TunedProfile {
  /** The version of the profile's format. */
  public static final int VERSION = 1;
  /** The profile's file name, beside results.json. */
  public static final String FILE_NAME = "profile.json";

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TunedProfile() {}

  /** The profile's key of a use case: {@code general}, {@code memory-constrained}, ... */
  public static String key(Recommendation.UseCase useCase) {
    return useCase.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The profile of {@code results}, or empty when no point was measured successfully.
   *
   * @param fixed the grid's settings applied to every point (under the axes)
   */
  public static Optional<String> toJson(Results results, Map<String, ?> fixed) {
    Analysis analysis = Analysis.of(results);
    Optional<Analysis.RankedPoint> best = analysis.best();
    if (best.isEmpty()) {
      return Optional.empty();
    }
    Environment env = results.environment();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("profileVersion", VERSION);
    root.put("grid", results.grid().name());
    root.put("workload", results.grid().workload());
    root.put("items", results.grid().items());
    Map<String, Object> measuredOn = new LinkedHashMap<>();
    boolean local = isLocal(env.master());
    measuredOn.put("master", env.master());
    measuredOn.put("local", local);
    measuredOn.put("cores", env.cores());
    measuredOn.put("sparkVersion", env.sparkVersion());
    measuredOn.put("javaVersion", env.javaVersion());
    measuredOn.put("hostName", env.hostName());
    measuredOn.put("gitCommit", env.gitCommit());
    root.put("measuredOn", measuredOn);
    root.put("optimal", entry(best.get().trial(), fixed, env.cores(), Optional.empty()));
    Map<String, Object> useCases = new LinkedHashMap<>();
    for (Recommendation r : analysis.recommendations()) {
      useCases.put(key(r.useCase()), entry(r.trial(), fixed, env.cores(), Optional.of(r.useCase().title())));
    }
    root.put("useCases", useCases);
    try {
      return Optional.of(MAPPER.writeValueAsString(root).replace("\r\n", "\n") + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the profile: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Writes {@code dir/profile.json} atomically and returns its path; nothing (empty) when no point
   * was measured successfully.
   */
  public static Optional<Path> write(Results results, Map<String, ?> fixed, Path dir) throws IOException {
    Optional<String> json = toJson(results, fixed);
    if (json.isEmpty()) {
      return Optional.empty();
    }
    Path file = dir.resolve(FILE_NAME);
    AtomicFiles.write(file, json.get());
    return Optional.of(file);
  }

  static boolean isLocal(String master) {
    // The sweep's environment names embedded masters "embedded: local[N] ..." (see Sweep).
    return master.startsWith("local") || master.startsWith("embedded");
  }

  private static Map<String, Object> entry(Trial trial, Map<String, ?> fixed, int machineCores, Optional<String> title) {
    Map<String, Object> e = new LinkedHashMap<>();
    title.ifPresent(t -> e.put("title", t));
    e.put("point", trial.id());
    trial.summary().ifPresent(s -> e.put("medianSeconds", s.median()));
    Map<String, Object> settings = new LinkedHashMap<>();
    fixed.forEach(settings::put);
    settings.putAll(trial.params());
    // What the point ran with when the grid left them out: the engine's defaults on the machine measured.
    settings.putIfAbsent(Knobs.USE_PROCESS, false);
    settings.putIfAbsent(Knobs.MAX_CONCURRENCY, machineCores);
    e.put("settings", settings);
    e.put("spark", implied(settings));
    return e;
  }

  /** Executor cores, instances and total cores that lay out the point's concurrency on a cluster. */
  static Map<String, String> implied(Map<String, Object> settings) {
    Object n = settings.get(Knobs.MAX_CONCURRENCY);
    int cores = n instanceof Number num ? num.intValue() : Integer.parseInt(String.valueOf(n));
    boolean process = Boolean.TRUE.equals(settings.get(Knobs.USE_PROCESS))
        || "true".equals(String.valueOf(settings.get(Knobs.USE_PROCESS)));
    Map<String, String> spark = new TreeMap<>();
    spark.put("spark.executor.cores", String.valueOf(process ? 1 : cores));
    spark.put("spark.executor.instances", String.valueOf(process ? cores : 1));
    spark.put("spark.cores.max", String.valueOf(cores));
    return spark;
  }
}
