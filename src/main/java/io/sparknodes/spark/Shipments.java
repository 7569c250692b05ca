package io.sparknodes.spark;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * A map's shipped elements, each carried inside its task when small and sent as a broadcast when
 * larger than {@code bound} bytes. A task's data counts against {@code spark.rpc.message.maxSize}
 * (128 MiB by default: Spark aborts the job past it, and warns past 1000 KiB), and a list cut into
 * few partitions (for a capped node, or a fixed {@code partitions}) can hold more than that in
 * one. A broadcast is stored in the driver's block manager and fetched in pieces by the executor
 * that reads it. It rides in the job's first function ({@link ListJobs#element}), which Spark
 * sends in the job's task binary, itself a broadcast; the partition keeps only its index: the
 * partition's values go through {@code spark.serializer}, and Kryo with required registration
 * refuses a broadcast there. Each map destroys its broadcasts once the job that reads them has run ({@link
 * #release}) and when it ends ({@link #close}).
 */
final class Shipments implements AutoCloseable {
  private static final Broadcast<?>[] NONE = new Broadcast<?>[0];
  private final JavaSparkContext jsc;
  private final long bound;
  private final List<Broadcast<?>> live = new java.util.ArrayList<>();

  Shipments(JavaSparkContext jsc, long bound) {
    this.jsc = jsc;
    this.bound = bound;
  }

  /**
   * Sends each of {@code elements} (one a partition) larger than the bound as a broadcast,
   * leaving the partition's index in its place; returns the broadcasts by partition (null where
   * the task carries its element), empty when none was sent.
   */
  Broadcast<?>[] send(List<Object> elements) {
    Broadcast<?>[] sent = new Broadcast<?>[elements.size()];
    boolean any = false;
    for (int p = 0; p < elements.size(); p++) {
      if (elements.get(p) instanceof byte[] data && data.length > bound) {
        sent[p] = jsc.broadcast(data);
        live.add(sent[p]);
        elements.set(p, p);
        any = true;
      }
    }
    return any ? sent : NONE;
  }

  /** Destroys the broadcasts sent so far (their job has run), on the driver and the executors. */
  void release() {
    live.forEach(Broadcast::destroy);
    live.clear();
  }

  @Override
  public void close() {
    release();
  }
}
