package io.sparknodes.workloads;

import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * CPU-bound: {@value #ROUNDS} rounds of SHA-256 over each item. Work per item dominates, so cores
 * ({@code max_concurrency}) matter and batch size hardly does.
 */
public final class CpuHash implements Workload {
  /** SHA-256 rounds per item. */
  public static final int ROUNDS = 200;

  @Override
  public String name() {
    return "cpu-hash";
  }

  @Override
  public String description() {
    return ROUNDS + " rounds of SHA-256 per item (CPU-bound)";
  }

  @Override
  public Pipeline pipeline() {
    return Pipeline.of(Node.named("digest").inputs("text").returns(String.class).row((String t) -> hash(t)));
  }

  static String hash(String text) throws NoSuchAlgorithmException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < ROUNDS; i++) {
      bytes = sha.digest(bytes);
    }
    return HexFormat.of().formatHex(bytes, 0, 8);
  }

  @Override
  public String mappedInput() {
    return "text";
  }

  @Override
  public List<?> items(int n) {
    return IntStream.range(0, n).mapToObj(i -> "item-" + i).toList();
  }

  @Override
  public Map<String, Object> constants() {
    return Map.of();
  }

  @Override
  public Optional<String> check(List<?> items, MapResult result) {
    // Recomputing every digest would double the cost of a run: check the count and a sample of 100.
    return Workload.checkEach(items, result.column(output()), t -> {
      try {
        return hash((String) t);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }, Math.max(1, items.size() / 100));
  }
}
