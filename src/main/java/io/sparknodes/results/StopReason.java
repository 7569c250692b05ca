package io.sparknodes.results;

import java.util.Arrays;
import java.util.Locale;

/**
 * Why a point's sampling stopped: after its balanced samples the sweep races only the contenders
 * (the points tied with the best) until the tied set is settled, a point reaches {@code
 * max_repeats} or the racing budget ({@code budget_seconds}) is spent.
 */
public enum StopReason {
  /** Its place in the tied set is settled: shown slower than another point, or shown within the margin of the best. */
  SETTLED,
  /** It reached the grid's {@code max_repeats} samples. */
  MAX_REPEATS,
  /** The racing budget was spent. */
  BUDGET,
  /** It was not (or no longer) tied with the best, so not raced further. */
  NOT_CONTENDER,
  /** A racing application failed for it; its earlier samples stand. */
  FAILED,
  /** Racing is off ({@code budget_seconds} 0, or {@code max_repeats} not above {@code repeats}). */
  DISABLED;

  /** The name results.json uses, e.g. {@code not_contender}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The reason of a results.json name. */
  public static StopReason ofKey(String key) {
    return Arrays.stream(values()).filter(r -> r.key().equals(key)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("stopReason must be one of "
            + Arrays.stream(values()).map(StopReason::key).toList() + " but was \"" + key + "\""));
  }
}
