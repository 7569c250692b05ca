package io.sparknodes.workloads;

import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.Stateful;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Where memory matters: batched inference the way a model server does it. Each call of the batch
 * function embeds its whole batch into one {@code batch x }{@value #DIM} float matrix (4 KiB a row),
 * then scores every row against the stateful {@link Embedder}'s weights; each call also pays a
 * fixed cost (a {@value #HEAD}x{@value #HEAD} matrix product, as a kernel launch would). So larger
 * batches amortize the fixed cost (faster) and hold a larger matrix at once (more heap): the
 * time-memory front has more than one point.
 */
public final class Embeddings implements Workload {
  /** Floats per embedding row. */
  public static final int DIM = 1024;
  /** Side of the per-call matrix product. */
  public static final int HEAD = 96;

  @Override
  public String name() {
    return "embeddings";
  }

  @Override
  public String description() {
    return "batched embeddings: a batch x " + DIM + " float matrix per call (4 KiB a row) and a fixed cost per call"
        + " (memory grows with batch_size)";
  }

  @Override
  public Pipeline pipeline() {
    return Pipeline.of(Node.named("score").inputs("text", "embedder").returns(Long.class)
        .batch((List<String> texts, Embedder embedder) -> embedder.score(texts)));
  }

  @Override
  public String mappedInput() {
    return "text";
  }

  @Override
  public List<?> items(int n) {
    return IntStream.range(0, n).mapToObj(i -> "document " + i).toList();
  }

  @Override
  public Map<String, Object> constants() {
    return Map.of("embedder", Stateful.of(Embedder::new));
  }

  @Override
  public Optional<String> check(List<?> items, MapResult result) {
    Embedder e = new Embedder();
    return Workload.checkEach(items, result.column(output()), t -> e.score(List.of((String) t)).get(0),
        Math.max(1, items.size() / 100));
  }

  /** The model: a weight per dimension and a fixed head matrix, built once per executor. */
  public static final class Embedder {
    private final float[] weights = new float[DIM];
    private final float[] head = new float[HEAD * HEAD];

    public Embedder() {
      java.util.Random r = new java.util.Random(42);
      for (int i = 0; i < DIM; i++) {
        weights[i] = (float) r.nextGaussian();
      }
      for (int i = 0; i < head.length; i++) {
        head[i] = (float) r.nextGaussian() / HEAD;
      }
    }

    /** One score per text: its embedding (in a matrix of the whole batch) against the weights. */
    public List<Long> score(List<String> texts) {
      int n = texts.size();
      float[][] matrix = new float[n][DIM];
      for (int i = 0; i < n; i++) {
        embed(texts.get(i), matrix[i]);
      }
      float bias = fixedCost();
      List<Long> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        float[] row = matrix[i];
        double dot = 0;
        for (int d = 0; d < DIM; d++) {
          dot += row[d] * weights[d];
        }
        out.add(Math.round(dot * 1000) + (bias > Float.MAX_VALUE ? 1 : 0));
      }
      return out;
    }

    private static void embed(String text, float[] into) {
      long h = text.hashCode() * 0x9E3779B97F4A7C15L;
      for (int d = 0; d < DIM; d++) {
        h ^= h << 13;
        h ^= h >>> 7;
        h ^= h << 17;
        into[d] = (h & 0xFFFF) / 65536f - 0.5f;
      }
    }

    /** The per-call cost: a HEAD x HEAD matrix squared; its trace keeps the work from being elided. */
    private float fixedCost() {
      float trace = 0;
      for (int i = 0; i < HEAD; i++) {
        for (int j = 0; j < HEAD; j++) {
          float sum = 0;
          for (int k = 0; k < HEAD; k++) {
            sum += head[i * HEAD + k] * head[k * HEAD + j];
          }
          if (i == j) {
            trace += sum;
          }
        }
      }
      return trace;
    }
  }
}
