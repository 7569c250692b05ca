package io.sparknodes.results;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ValuesTest {
  @Test
  void needsApplication_isTrueExactlyForKnobsTheSweepGroupsByApplication() {
    // As tuning.Point.applicationKey groups points: one application per use_process, max_concurrency
    // and non-runtime Spark setting; batch_size, partitions and spark.sql.* share it.
    assertTrue(io.sparknodes.config.Knobs.needsApplication("use_process"));
    assertTrue(io.sparknodes.config.Knobs.needsApplication("max_concurrency"));
    assertTrue(io.sparknodes.config.Knobs.needsApplication("spark.serializer"));
    assertFalse(io.sparknodes.config.Knobs.needsApplication("batch_size"));
    assertFalse(io.sparknodes.config.Knobs.needsApplication("partitions"));
    assertFalse(io.sparknodes.config.Knobs.needsApplication("spark.sql.shuffle.partitions"));
  }
}
