package io.sparknodes.cli;

import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.workloads.Workload;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/** Users' workloads, named by class on the command line. */
public final class TestWorkloads {
  private TestWorkloads() {}

  /** Upper-cases its items: a well-behaved user workload. */
  public static final class Upper extends Base {
    @Override
    public Pipeline pipeline() {
      return Pipeline.of(Node.named("upper").inputs("text").row((String t) -> t.toUpperCase(Locale.ROOT)));
    }

    @Override
    public Optional<String> check(List<?> items, MapResult result) {
      return Workload.checkEach(items, result.column("upper"), t -> ((String) t).toUpperCase(Locale.ROOT), 1);
    }
  }

  /** Hangs on batches of 13 items: a point with batch_size 13 runs past any time limit. */
  public static final class HangsAt13 extends Base {
    @Override
    public Pipeline pipeline() {
      return Pipeline.of(Node.named("out").inputs("text").batch((List<String> texts) -> {
        if (texts.size() == 13) {
          Thread.sleep(600_000);
        }
        return texts;
      }));
    }

    @Override
    public Optional<String> check(List<?> items, MapResult result) {
      return Workload.checkEach(items, result.column("out"), t -> t, 1);
    }
  }

  /** Its pipeline has a cycle. */
  public static final class Cyclic extends Base {
    @Override
    public Pipeline pipeline() {
      return Pipeline.of(
          Node.named("a").inputs("text", "b").row((String t, String b) -> t),
          Node.named("b").inputs("a").row((String a) -> a));
    }
  }

  /** Its class cannot initialize (a static initializer that throws, as a missing config would make it). */
  public static final class FailsToInitialize extends Base {
    static final int VALUE = Integer.parseInt("not a number");

    @Override
    public Pipeline pipeline() {
      return Pipeline.of(Node.named("a").inputs("text").row((String t) -> t + VALUE));
    }
  }

  /** Its node needs an input nobody gives. */
  public static final class MissingInput extends Base {
    @Override
    public Pipeline pipeline() {
      return Pipeline.of(Node.named("a").inputs("text", "dictionary").row((String t, Object d) -> t));
    }
  }

  /** Maps two lists of unequal lengths. */
  public static final class Unequal extends Base {
    @Override
    public Pipeline pipeline() {
      return Pipeline.of(Node.named("a").inputs("text", "weight").row((String t, Integer w) -> t + w));
    }

    @Override
    public List<String> mappedInputs() {
      return List.of("text", "weight");
    }

    @Override
    public Map<String, Object> inputs(List<?> items, Map<String, Object> constants) {
      return Map.of("text", items, "weight", List.of(1));
    }
  }

  abstract static class Base implements Workload {
    @Override
    public String name() {
      return getClass().getSimpleName();
    }

    @Override
    public String mappedInput() {
      return "text";
    }

    @Override
    public List<?> items(int n) {
      return IntStream.range(0, n).mapToObj(i -> "x" + i).toList();
    }

    @Override
    public Map<String, Object> constants() {
      return Map.of();
    }

    @Override
    public Optional<String> check(List<?> items, MapResult result) {
      return Optional.empty();
    }
  }
}
