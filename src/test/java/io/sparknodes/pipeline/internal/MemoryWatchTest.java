package io.sparknodes.pipeline.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which collections a map's retained figure hears. */
class MemoryWatchTest {
  private static byte[] kept;

  /**
   * A collection's notification arrives some ms after the collection. Matched by arrival time, the
   * collection just before a map (which saw 256 MiB more alive) was heard as the map's: CI saw a map
   * that kept 288 MiB reported as keeping less than one that kept 32 MiB.
   */
  @Test
  void aCollectionBeforeTheMap_heardLate_isNotTheMaps() {
    for (int round = 0; round < 5; round++) {
      kept = new byte[256 << 20];
      kept[round] = 1;
      System.gc(); // saw the 256 MiB alive
      kept = null;
      System.gc(); // a young collection first (the old generation's garbage still counted), then a full one
      // the notifications of both are on their way
      MemoryWatch.Mark start = MemoryWatch.mark();
      System.gc(); // the map's own collections, with the 256 MiB gone
      long retained = MemoryWatch.maxHeapAfterGcSince(start);
      assertTrue(retained > 0, "the map's own collection is heard");
      assertTrue(retained < 200L << 20, "round " + round + ": the map's figure is its own collection's, not the one before it: "
          + (retained >> 20) + " MiB");
    }
  }

  /**
   * Garbage a previous map left in the old generation is counted by a young collection (ParallelGC
   * runs one before each full one): when the map saw a full collection, that figure is the live heap.
   */
  @Test
  void aFullCollection_givesTheLiveHeap_notThePreviousMapsGarbage() {
    for (int round = 0; round < 3; round++) {
      kept = new byte[256 << 20];
      kept[round] = 1;
      kept = null; // garbage, not collected yet
      MemoryWatch.Mark start = MemoryWatch.mark();
      System.gc();
      long retained = MemoryWatch.maxHeapAfterGcSince(start);
      assertTrue(retained > 0 && retained < 200L << 20, "round " + round + ": " + (retained >> 20) + " MiB");
    }
  }

  @Test
  void aMapsLastCollection_isHeardBeforeItsFigureIsRead() {
    for (int round = 0; round < 5; round++) {
      MemoryWatch.Mark start = MemoryWatch.mark();
      kept = new byte[256 << 20];
      kept[round] = 1;
      System.gc(); // the map's last collection, just before it ends
      long retained = MemoryWatch.maxHeapAfterGcSince(start);
      kept = null;
      assertTrue(retained >= 256L << 20, "round " + round + ": " + (retained >> 20) + " MiB");
    }
  }
}
