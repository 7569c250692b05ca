package io.sparknodes.bench;

import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.workloads.TextModel;
import io.sparknodes.workloads.TextNormalize;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.util.LongAccumulator;

/**
 * The work every benchmark does: the seed's text normalization ({@code strip} then lower case) of
 * {@code "  TEXT i  "}, written once and shipped in each of the forms the variants need.
 */
final class Work {
  /** The input every pipeline here maps over. */
  static final String INPUT = "text";
  /** The output every pipeline here produces. */
  static final String OUTPUT = "normalized";

  private Work() {}

  /** {@code n} items of the seed's workload. */
  @SuppressWarnings("unchecked")
  static List<String> items(int n) {
    return (List<String>) new TextNormalize().items(n);
  }

  /** The work on one item: what {@link TextModel#normalize} does. */
  static String normalize(String text) {
    return text.strip().toLowerCase(Locale.ROOT);
  }

  /** The work on a batch. */
  static List<String> normalizeAll(List<String> texts) {
    List<String> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add(normalize(t));
    }
    return out;
  }

  /** A batch node doing the work, with no stateful input. */
  static Pipeline batchPipeline() {
    return Pipeline.of(Node.named(OUTPUT).inputs(INPUT).returns(String.class)
        .batch((List<String> texts) -> normalizeAll(texts)));
  }

  /** A row node doing the work: the engine batches its calls. */
  static Pipeline rowPipeline() {
    return Pipeline.of(Node.named(OUTPUT).inputs(INPUT).returns(String.class).row((String text) -> normalize(text)));
  }

  /**
   * The naive way to use a model: a batch node that builds a new {@link TextModel} (50 ms) for
   * every batch, counted in {@code built}.
   */
  static Pipeline naiveModelPipeline(LongAccumulator built) {
    return Pipeline.of(Node.named(OUTPUT).inputs(INPUT).returns(String.class)
        .batch((List<String> texts) -> {
          try (TextModel model = new TextModel()) {
            built.add(1);
            List<String> out = new ArrayList<>(texts.size());
            for (String t : texts) {
              out.add(model.normalize(t));
            }
            return out;
          }
        }));
  }

  /**
   * Checks a variant's output against its items: the count, then every item.
   *
   * @return what is wrong, or empty when the output is right
   */
  static Optional<String> check(List<String> items, List<?> output) {
    if (output.size() != items.size()) {
      return Optional.of("expected " + items.size() + " outputs but got " + output.size());
    }
    for (int i = 0; i < items.size(); i++) {
      String want = normalize(items.get(i));
      if (!want.equals(output.get(i))) {
        return Optional.of("item " + i + ": expected \"" + want + "\" but got " + output.get(i));
      }
    }
    return Optional.empty();
  }

  /** A hand-written partition function: the partition as one batch, as the engine's batch node sees it. */
  static final class NormalizePartition implements FlatMapFunction<Iterator<String>, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<String> call(Iterator<String> texts) {
      List<String> batch = new ArrayList<>();
      texts.forEachRemaining(batch::add);
      return normalizeAll(batch).iterator();
    }
  }

  /** A row-wise Spark SQL UDF doing the work. */
  static final class NormalizeUdf implements UDF1<String, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String call(String text) {
      return normalize(text);
    }
  }
}
