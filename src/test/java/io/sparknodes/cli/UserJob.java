package io.sparknodes.cli;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.ExecutionReport;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.Stateful;
import io.sparknodes.spark.SparkEngine;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;

/**
 * A user's spark-submit application: a pipeline with a stateful model on the session spark-submit
 * made. {@link StandaloneClusterIT} packs it into a jar of its own and submits it. Prints one line
 * behind {@code @@user} for the test to read.
 */
public final class UserJob {
  private UserJob() {}

  /** The user's model: costly to build, so built once per executor. */
  static final class Suffixer implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long pid = ProcessHandle.current().pid();

    String apply(String s) {
      return s.toUpperCase(Locale.ROOT) + "@" + pid;
    }
  }

  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    SparkSession spark = SparkSession.builder().appName("user-job").getOrCreate();
    try {
      Pipeline pipeline = Pipeline.of(Node.named("tagged").inputs("word", "model")
          .row((String word, Suffixer model) -> model.apply(word)));
      SparkEngine engine = new SparkEngine(spark, ExecutionConfig.builder().batchSize(10).build());
      List<String> words = IntStream.range(0, n).mapToObj(i -> "w" + i).toList();
      MapResult result = pipeline.withEngine(engine).map(Map.of("word", words, "model", Stateful.of(Suffixer::new)), "word");
      List<String> tagged = result.column("tagged");
      ExecutionReport report = result.report();
      boolean inOrder = IntStream.range(0, n).allMatch(i -> tagged.get(i).startsWith("W" + i + "@"));
      long jvmsSeen = tagged.stream().map(t -> t.substring(t.indexOf('@') + 1)).distinct().count();
      boolean inDriver = tagged.stream().anyMatch(t -> t.endsWith("@" + ProcessHandle.current().pid()));
      System.out.printf(Locale.ROOT, "@@user master=%s items=%d inOrder=%b executors=%d jvms=%d built=%d inDriver=%b%n",
          spark.sparkContext().master(), tagged.size(), inOrder, report.executors().size(), jvmsSeen,
          report.instancesBuilt("model"), inDriver);
    } finally {
      spark.stop();
    }
  }
}
