package io.sparknodes.bench;

import io.sparknodes.results.Summary;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The measured runs of one variant.
 *
 * @param runsPerSample back-to-back runs whose mean time makes one sample
 * @param samples seconds per run of each measured sample, by round (round i of every variant of a benchmark
 *     ran in the same round, so samples pair up by index)
 * @param summary the spread of the samples; its throughput is items per second at the median
 * @param cpuSamples CPU seconds of this JVM (all threads) in each measured run, by round
 * @param cpuSummary the spread of the CPU samples
 * @param counts summed over the measured runs (e.g. instances built)
 * @param warmupCounts summed over the warm-up runs
 * @param checked runs whose output was checked (every run: warm-up and measured)
 */
public record VariantResult(String name, String description, long items, int runsPerSample, List<Double> samples,
    Summary summary, List<Double> cpuSamples, Summary cpuSummary, Map<String, Long> counts,
    Map<String, Long> warmupCounts, int checked) {
  public VariantResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    samples = List.copyOf(samples);
    Objects.requireNonNull(summary, "summary");
    cpuSamples = List.copyOf(cpuSamples);
    Objects.requireNonNull(cpuSummary, "cpuSummary");
    counts = Map.copyOf(counts);
    warmupCounts = Map.copyOf(warmupCounts);
  }
}
