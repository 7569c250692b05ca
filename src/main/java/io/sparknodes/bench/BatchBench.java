package io.sparknodes.bench;

import static org.apache.spark.sql.functions.col;

import io.sparknodes.config.Defaults;
import io.sparknodes.config.Knobs;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.spark.SparkEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code batch}: a row-wise Spark SQL UDF ({@code functions.udf} over a column) against the
 * engine's batch node and a hand-written {@code mapPartitions}, on the same data, the same
 * partitions and the same work.
 */
final class BatchBench implements Benchmark {
  static final String UDF = "sql row udf";
  static final String ENGINE_BATCH = "engine batch";
  static final String ENGINE_ROW = "engine row";
  static final String HAND = "hand-written mapPartitions";

  @Override
  public String name() {
    return "batch";
  }

  @Override
  public BenchResult run(BenchOptions options, Consumer<String> log) throws Exception {
    long t0 = System.nanoTime();
    boolean full = options.scale() == Scale.FULL;
    int n = full ? 1_000_000 : 300;
    int batch = full ? 1024 : 64;
    int cores = Defaults.MAX_CONCURRENCY;
    List<String> items = Work.items(n);
    List<VariantResult> results;
    String master;
    int partitions;
    try (SparkEngine engine = Sessions.start(cores, batch)) {
      master = engine.session().sparkContext().master();
      partitions = Sessions.probe(engine, n).partitions();
      SparkSession spark = engine.session();
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      UserDefinedFunction udf = functions.udf(new Work.NormalizeUdf(), DataTypes.StringType);
      Pipeline batchNode = Work.batchPipeline().withEngine(engine);
      Pipeline rowNode = Work.rowPipeline().withEngine(engine);
      Map<String, Object> inputs = Map.of(Work.INPUT, items);
      List<Variant> variants = List.of(
          new Variant(UDF, "functions.udf over the column of a Dataset<String> made from the same partitions",
              items, watch -> {
                JavaRDD<String> rdd = jsc.parallelize(items, partitions);
                return Variant.Outcome.of(spark.createDataset(rdd.rdd(), Encoders.STRING())
                    .select(udf.apply(col("value"))).as(Encoders.STRING()).collectAsList());
              }),
          new Variant(ENGINE_BATCH, "SparkEngine.map, a batch node (List -> List)", items,
              watch -> Variant.Outcome.of(batchNode.map(inputs, Work.INPUT).column(Work.OUTPUT))),
          new Variant(ENGINE_ROW, "SparkEngine.map, a row node (the engine batches its calls)", items,
              watch -> Variant.Outcome.of(rowNode.map(inputs, Work.INPUT).column(Work.OUTPUT))),
          new Variant(HAND, "jsc.parallelize(items, partitions).mapPartitions(batch function).collect()", items,
              watch -> Variant.Outcome.of(jsc.parallelize(items, partitions).mapPartitions(new Work.NormalizePartition())
                  .collect())));
      results = Rounds.run(variants, options, 2, log);
    }
    VariantResult udf = StatefulBench.find(results, UDF);
    VariantResult engineBatch = StatefulBench.find(results, ENGINE_BATCH);
    VariantResult engineRow = StatefulBench.find(results, ENGINE_ROW);
    VariantResult hand = StatefulBench.find(results, HAND);
    List<Ratio> ratios = List.of(
        Ratio.of("row UDF / engine batch", udf, engineBatch),
        Ratio.of("row UDF / hand-written mapPartitions", udf, hand),
        Ratio.of("engine batch / hand-written mapPartitions", engineBatch, hand),
        Ratio.of("engine row / engine batch", engineRow, engineBatch));
    List<String> notes = new ArrayList<>();
    notes.add("Every variant maps the same " + Sessions.count(n) + " strings in " + partitions + " partitions "
        + "(the engine's, from its report) on " + master + " and collects the results to the driver as a List<String>.");
    notes.add("The work per item is a strip and a lower case: tiny, so these ratios are the cost of each way of "
        + "calling it. In Java a row UDF pays no interpreter per row (the seed's 8x was Python's); it pays Spark "
        + "SQL's row encoding instead.");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("items", n);
    params.put(Knobs.BATCH_SIZE, batch);
    params.put(Knobs.PARTITIONS, partitions);
    params.put("master", master);
    return new BenchResult(name(), "Batch functions: row UDF vs engine batch vs hand-written mapPartitions",
        "What does calling the work row by row through Spark SQL cost, against whole batches?",
        params, results, ratios, notes, (System.nanoTime() - t0) / 1e9);
  }
}
