package io.sparknodes.pipeline;

/**
 * Hears a {@code map} while it runs: its start, the batches done as they are done, its end. Every
 * {@link #onBatchDone} of a map comes before its {@link #onMapEnd}, and their rows add up, per
 * node, to the rows of the report's batches. Calls may come from several threads at once (the
 * engine's tasks), never after {@code onMapEnd}.
 *
 * <pre>{@code
 * MapListener progress = new MapListener() {
 *   public void onBatchDone(String node, long rows) { done.addAndGet(rows); }
 * };
 * pipeline.withEngine(engine.withListener(progress)).map(inputs, "text");
 * }</pre>
 */
public interface MapListener {
  /** A map of {@code items} items starts. */
  default void onMapStart(long items) {}

  /**
   * Node {@code node} finished {@code rows} more rows: one batch, or, where the engine gathers
   * events to spare the network, the batches done since its last event from that task.
   */
  default void onBatchDone(String node, long rows) {}

  /**
   * Node {@code node} took {@code rows} more rows from the node cache ({@link NodeCache}) instead
   * of computing them; they are not in its {@link #onBatchDone} events.
   */
  default void onCached(String node, long rows) {}

  /** The map ended, with this report; no event of it follows. */
  default void onMapEnd(ExecutionReport report) {}

  /** A listener that hears nothing. */
  MapListener NONE = new MapListener() {};
}
