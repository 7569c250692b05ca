package io.sparknodes.workloads;

import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.Stateful;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The seed's workload: strip + lowercase of {@code "  TEXT i  "} with a stateful {@link
 * TextModel} that takes 50 ms to build. Cheap per item, so it measures the engine's overhead and
 * the stateful build more than any work.
 */
public final class TextNormalize implements Workload {
  @Override
  public String name() {
    return "text-normalize";
  }

  @Override
  public String description() {
    return "strip + lowercase of \"  TEXT i  \" with a stateful model that takes 50 ms to build (overhead-bound)";
  }

  @Override
  public Pipeline pipeline() {
    return Pipeline.of(Node.named("normalized").inputs("text", "model").returns(String.class)
        .batch((List<String> texts, TextModel model) -> texts.stream().map(model::normalize).toList()));
  }

  @Override
  public String mappedInput() {
    return "text";
  }

  @Override
  public List<?> items(int n) {
    return IntStream.range(0, n).mapToObj(i -> "  TEXT " + i + "  ").toList();
  }

  @Override
  public Map<String, Object> constants() {
    return Map.of("model", Stateful.of(TextModel::new));
  }

  private final ExpectedOutputs expected =
      new ExpectedOutputs(items -> items.stream().map(t -> ((String) t).strip().toLowerCase(Locale.ROOT)).toList());

  /** Every output against the expected one, computed once for the list a sweep maps again and again. */
  @Override
  public Optional<String> check(List<?> items, MapResult result) {
    return expected.check(items, result.column(output()));
  }
}
