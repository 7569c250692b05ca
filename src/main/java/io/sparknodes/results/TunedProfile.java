package io.sparknodes.results;

import io.sparknodes.config.Knobs;
import io.sparknodes.config.ProfileFormat;
import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.Recommendation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * A sweep's {@code profile.json}, beside its results.json: the optimal configuration and one per use
 * case, each as the engine settings measured (the grid's fixed settings under the point's) and the
 * Spark settings they imply on a cluster (executor cores and instances; never a master URL), and
 * where they were measured (the master, and the cores of the machine for an embedded one). It
 * chooses what goes in; {@link ProfileFormat} writes it (and reads it, for {@code
 * ExecutionConfig.fromProfile}).
 */
public final class TunedProfile {
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
    ProfileFormat.MeasuredOn measuredOn = new ProfileFormat.MeasuredOn(env.master(), isLocal(env.master()), env.cores(),
        env.sparkVersion(), env.javaVersion(), env.hostName(), env.gitCommit());
    Map<String, ProfileFormat.Entry> useCases = new LinkedHashMap<>();
    for (Recommendation r : analysis.recommendations()) {
      useCases.put(key(r.useCase()), entry(r.trial(), fixed, env.cores(), Optional.of(r.useCase().title())));
    }
    return Optional.of(ProfileFormat.write(new ProfileFormat.Document(results.grid().name(), results.grid().workload(),
        results.grid().items(), measuredOn, entry(best.get().trial(), fixed, env.cores(), Optional.empty()), useCases)));
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
    Path file = dir.resolve(ProfileFormat.FILE_NAME);
    AtomicFiles.write(file, json.get());
    return Optional.of(file);
  }

  static boolean isLocal(String master) {
    // The sweep's environment names embedded masters "embedded: local[N] ..." (see Sweep).
    return master.startsWith("local") || master.startsWith("embedded");
  }

  private static ProfileFormat.Entry entry(Trial trial, Map<String, ?> fixed, int machineCores, Optional<String> title) {
    Map<String, Object> settings = new LinkedHashMap<>();
    fixed.forEach(settings::put);
    settings.putAll(trial.params());
    // What the point ran with when the grid left them out: the engine's defaults on the machine measured.
    settings.putIfAbsent(Knobs.USE_PROCESS, false);
    settings.putIfAbsent(Knobs.MAX_CONCURRENCY, machineCores);
    OptionalDouble median = trial.summary().map(s -> OptionalDouble.of(s.median())).orElse(OptionalDouble.empty());
    return new ProfileFormat.Entry(title, trial.id(), median, settings, implied(settings));
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
