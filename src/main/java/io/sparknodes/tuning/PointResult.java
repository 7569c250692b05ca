package io.sparknodes.tuning;

import io.sparknodes.results.Memory;
import io.sparknodes.results.Observed;
import io.sparknodes.results.Status;
import io.sparknodes.results.Trial;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a group's runner measured for one point, as it travels from the child JVM to the sweep (see
 * {@link ChildProtocol}). Every component is present; what may be missing is an empty optional.
 *
 * @param id the point's id
 * @param index its position in the grid
 * @param params axis to value
 * @param status OK or FAILED (a child never reports TIMEOUT: the sweep records that itself)
 * @param error what went wrong; empty when the status is OK
 * @param coldSeconds the group's first run (application start, stateful build, first job); empty
 *     when this point did not run first
 * @param warmSeconds the measured samples: each the mean seconds of one map over {@code loops}
 * @param loops back-to-back maps per sample, as warm-up calibrated them
 * @param warmupSeconds the time the point's warm-up (calibration) maps took; empty when none ran
 * @param observed what the engine reported doing over the point's runs; empty when no run completed
 * @param memory what the point's maps used in memory; empty when neither figure was measured
 * @param flags how the observed layout differs from what was asked
 * @param master the master the point ran on; empty when the application did not start
 * @param sparkVersion the Spark version; empty when the application did not start
 * @param startedAt when its first run started
 * @param finishedAt when its last run ended
 */
record PointResult(String id, int index, Map<String, Object> params, Status status, Optional<String> error,
    OptionalDouble coldSeconds, List<Double> warmSeconds, int loops, OptionalDouble warmupSeconds,
    Optional<Observed> observed, Optional<Memory> memory, List<String> flags, Optional<String> master,
    Optional<String> sparkVersion, Instant startedAt, Instant finishedAt) {

  PointResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(coldSeconds, "coldSeconds");
    Objects.requireNonNull(warmupSeconds, "warmupSeconds");
    Objects.requireNonNull(observed, "observed");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(master, "master");
    Objects.requireNonNull(sparkVersion, "sparkVersion");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    warmSeconds = List.copyOf(warmSeconds);
    flags = List.copyOf(flags);
  }

  /** The point's trial, over {@code items} items per map. */
  Trial toTrial(int items) {
    Trial.Builder b = Trial.builder(params).status(status).startedAt(startedAt).finishedAt(finishedAt)
        .warmSeconds(warmSeconds, items).flags(flags).loops(loops);
    warmupSeconds.ifPresent(b::warmupSeconds);
    error.ifPresent(b::error);
    coldSeconds.ifPresent(b::coldSeconds);
    observed.ifPresent(b::observed);
    memory.ifPresent(b::memory);
    return b.build();
  }
}
