package io.sparknodes.bench;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one benchmark measured.
 *
 * @param name the benchmark's name on the command line
 * @param title a one-line title
 * @param question what the benchmark answers
 * @param params its settings (items, batch_size, master ...), in a stable order
 * @param variants the variants, in declared order
 * @param ratios the ratios it reports
 * @param notes how to read it: what each variant includes, where time goes
 * @param wallSeconds the benchmark's wall time, session start and warm-up included
 */
public record BenchResult(String name, String title, String question, Map<String, Object> params,
    List<VariantResult> variants, List<Ratio> ratios, List<String> notes, double wallSeconds) {
  public BenchResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(question, "question");
    params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    variants = List.copyOf(variants);
    ratios = List.copyOf(ratios);
    notes = List.copyOf(notes);
  }

  /** The variant called {@code name}. */
  public Optional<VariantResult> variant(String name) {
    return variants.stream().filter(v -> v.name().equals(name)).findFirst();
  }
}
