package io.sparknodes.workloads;

import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.Stateful;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * I/O-bound: each batch is one call to a (simulated) remote service through a stateful client:
 * {@value #CALL_MILLIS} ms of latency per call plus {@value #MICROS_PER_ITEM} µs per item. Waiting
 * dominates, so fewer, larger batches and more concurrent tasks both help, and cores barely matter.
 */
public final class IoLatency implements Workload {
  /** Latency of one call, whatever its size. */
  public static final long CALL_MILLIS = 5;
  /** Transfer time per item of a call. */
  public static final long MICROS_PER_ITEM = 20;

  /** A client of the simulated service; thread-safe. */
  public static final class Client {
    /** Sends a batch and waits for the answer. */
    public List<String> call(List<String> items) throws InterruptedException {
      long micros = CALL_MILLIS * 1000 + MICROS_PER_ITEM * items.size();
      Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
      return items.stream().map(s -> s + ":ok").toList();
    }
  }

  @Override
  public String name() {
    return "io-latency";
  }

  @Override
  public String description() {
    return CALL_MILLIS + " ms per call + " + MICROS_PER_ITEM + " µs per item to a simulated service (I/O-bound)";
  }

  @Override
  public Pipeline pipeline() {
    return Pipeline.of(Node.named("answer").inputs("request", "client").returns(String.class)
        .batch((List<String> requests, Client client) -> client.call(requests)));
  }

  @Override
  public String mappedInput() {
    return "request";
  }

  @Override
  public List<?> items(int n) {
    return IntStream.range(0, n).mapToObj(i -> "req-" + i).toList();
  }

  @Override
  public Map<String, Object> constants() {
    return Map.of("client", Stateful.of(Client::new));
  }

  @Override
  public Optional<String> check(List<?> items, MapResult result) {
    return Workload.checkEach(items, result.column(output()), r -> r + ":ok", 1);
  }
}
