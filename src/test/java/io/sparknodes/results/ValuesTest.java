package io.sparknodes.results;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ValuesTest {
  @Test
  void needsApplication_isTrueExactlyForKnobsTheSweepGroupsByApplication() {
    // As tuning.Point.applicationKey groups points: one application per use_process, max_concurrency
    // and non-runtime Spark setting; batch_size, partitions and spark.sql.* share it.
    assertTrue(Values.needsApplication("use_process"));
    assertTrue(Values.needsApplication("max_concurrency"));
    assertTrue(Values.needsApplication("spark.serializer"));
    assertFalse(Values.needsApplication("batch_size"));
    assertFalse(Values.needsApplication("partitions"));
    assertFalse(Values.needsApplication("spark.sql.shuffle.partitions"));
  }
}
