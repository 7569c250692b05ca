package io.sparknodes.pipeline.internal;

import io.sparknodes.config.AutoBatching;
import io.sparknodes.config.EffectiveConfig;

/**
 * The batch sizer's settings of a node with {@code batch_size=auto}: the bounds {@link AutoBatching}
 * parsed from the node's config, checked by the sizer's own settings (which name the node when they
 * do not fit together) and seeded by the node's name.
 */
final class AutoBatchSizing {
  private AutoBatchSizing() {}

  /** The sizer settings of node {@code node} under {@code config}. */
  static BatchSizerSettings of(String node, EffectiveConfig config) {
    AutoBatching.Settings bounds = AutoBatching.settings(node, config);
    BatchSizerSettings.Builder b = BatchSizer.builder()
        .maxBatchSize(bounds.maxBatchSize())
        .minBatchSize(bounds.minBatchSize())
        .targetBatchSeconds(bounds.targetBatchSeconds())
        .targetBatchOverhead(bounds.targetBatchOverhead())
        .maxBatchBytes(bounds.maxBatchBytes())
        .seed(node.hashCode());
    try {
      return b.settings();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("node '" + node + "', batch_size auto: " + e.getMessage(), e);
    }
  }
}
