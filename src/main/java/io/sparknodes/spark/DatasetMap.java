package io.sparknodes.spark;

import static io.sparknodes.spark.SparkEngine.FAILURE_COLUMN;
import static io.sparknodes.spark.SparkEngine.FAILURE_TYPE;

import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.ValueType;
import io.sparknodes.pipeline.internal.Plan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A {@code Dataset} map, planned by the driver ({@link SparkEngine#map(Pipeline, Dataset, Map)}):
 * the output columns and their Spark types, the failure column, and the Dataset's partitions, kept
 * or coalesced when every node runs in as many, else one run of nodes alike between two shuffles
 * ({@link DatasetSegment}, which runs on the executors). Nothing runs until an action does.
 */
final class DatasetMap {
  private DatasetMap() {}

  /** What {@link SparkEngine#map(Pipeline, Dataset, Map)} returns, on the engine's session {@code on}. */
  static SparkEngine.DatasetResult map(EngineSession on, Pipeline pipeline, Dataset<Row> data,
      Map<String, ?> constants) {
    SparkSession session = on.session();
    StructType schema = data.schema();
    // The pipeline's bound values are constants, unless given: as a constant, or as a column.
    Map<String, Object> given = new LinkedHashMap<>();
    pipeline.bound().forEach((name, value) -> {
      if (!List.of(schema.fieldNames()).contains(name)) {
        given.put(name, value);
      }
    });
    given.putAll(constants);
    constants = given;
    List<String> columns = new ArrayList<>();
    for (String in : pipeline.inputs()) {
      if (!constants.containsKey(in) && List.of(schema.fieldNames()).contains(in)) {
        columns.add(in);
      }
    }
    Plan plan = Plan.forRows(pipeline, constants, columns, on.defaults());
    on.check(plan);
    on.useCache(plan);
    StructType out = schema;
    for (Plan.Step step : plan.steps()) {
      if (!plan.outputs().contains(step.node().output())) {
        continue;
      }
      if (List.of(schema.fieldNames()).contains(step.node().output())) {
        throw new IllegalArgumentException("output '" + step.node().output() + "' of node '" + step.node().name()
            + "' is already a column of the Dataset");
      }
      ValueType type = step.node().outputType().orElseThrow(() -> new IllegalArgumentException("node '"
          + step.node().name() + "' must declare its output type to be mapped over a Dataset, e.g. .returns(String.class)"));
      out = out.add(new StructField(step.node().output(), toSpark(type), true, org.apache.spark.sql.types.Metadata.empty()));
    }
    // Outputs are emitted in plan.outputs() order; order the new fields the same way.
    StructType result = schema;
    for (String o : plan.outputs()) {
      result = result.add(out.apply(o));
    }
    boolean failureColumn = plan.steps().stream().anyMatch(st -> st.node().onError() == Node.OnError.RECORD);
    if (failureColumn) {
      if (List.of(schema.fieldNames()).contains(FAILURE_COLUMN)) {
        throw new IllegalArgumentException("the Dataset already has a column '" + FAILURE_COLUMN + "', where the failures"
            + " of nodes with OnError.RECORD go: rename it");
      }
      result = result.add(new StructField(FAILURE_COLUMN, FAILURE_TYPE, true, org.apache.spark.sql.types.Metadata.empty()));
    }
    int[] indexes = columns.stream().mapToInt(schema::fieldIndex).toArray();
    DataType[] types = columns.stream().map(c -> schema.apply(c).dataType()).toArray(DataType[]::new);
    ReportAccumulator acc = new ReportAccumulator(plan.steps().size());
    session.sparkContext().register(acc, "sparknodes.map");
    int source = data.rdd().getNumPartitions();
    ValueType[] outputTypes = plan.outputs().stream().map(o -> plan.steps().stream()
        .filter(st -> st.node().output().equals(o)).findFirst().orElseThrow().node().outputType().orElseThrow())
        .toArray(ValueType[]::new);
    // Each node runs in the Dataset's partitions, or in fewer when its max_concurrency caps it below them.
    int[] stagePartitions = plan.steps().stream()
        .mapToInt(st -> on.cap(st).filter(c -> c < source).orElse(source)).toArray();
    boolean segmented = Arrays.stream(stagePartitions).distinct().count() > 1;
    if (!segmented) {
      Dataset<Row> input = data;
      int partitions = stagePartitions.length == 0 ? source : stagePartitions[0];
      if (partitions < source) {
        input = input.coalesce(partitions);
      }
      Dataset<Row> mapped = input.mapPartitions(new DatasetSegment.Whole(plan, acc, indexes, types, outputTypes,
          failureColumn), Encoders.row(result));
      return new SparkEngine.DatasetResult(mapped, plan, acc, session.sparkContext().master(), source, partitions,
          partitions < source ? ", coalesced to " + partitions + " for max_concurrency" : "");
    }
    // Nodes in different numbers of partitions: one run of nodes alike between two shuffles, so that
    // a node's max_concurrency caps that node alone (the rows' order is not kept across a shuffle).
    JavaRDD<Object> rdd = data.javaRDD().map(r -> (Object) r);
    if (stagePartitions[0] < source) {
      rdd = rdd.coalesce(stagePartitions[0]);
    }
    StringBuilder rule = new StringBuilder();
    int from = 0;
    while (true) {
      int to = from + 1;
      while (to < stagePartitions.length && stagePartitions[to] == stagePartitions[from]) {
        to++;
      }
      rule.append(from == 0 ? "; nodes " : ", then ").append(plan.steps().subList(from, to).stream()
          .map(st -> "'" + st.node().name() + "'").collect(java.util.stream.Collectors.joining(", ")))
          .append(" in ").append(stagePartitions[from]);
      rdd = rdd.mapPartitions(new DatasetSegment(plan, acc, indexes, types, outputTypes, failureColumn, from, to));
      if (to == stagePartitions.length) {
        break;
      }
      rdd = rdd.repartition(stagePartitions[to]);
      from = to;
    }
    rule.append(" partitions, a shuffle between (rows not kept in order), for max_concurrency");
    Dataset<Row> mapped = session.createDataFrame(rdd.map(o -> (Row) o), result);
    return new SparkEngine.DatasetResult(mapped, plan, acc, session.sparkContext().master(), source,
        stagePartitions[stagePartitions.length - 1], rule.toString());
  }

  /** The Spark type of the column a node's output {@code type} fills. */
  static DataType toSpark(ValueType type) {
    if (type instanceof ValueType.ListOf l) {
      return DataTypes.createArrayType(toSpark(l.element()), true);
    }
    if (type instanceof ValueType.MapOf m) {
      return DataTypes.createMapType(toSpark(m.key()), toSpark(m.value()), true);
    }
    Class<?> c = ((ValueType.Scalar) type).type();
    Map<Class<?>, DataType> scalars = new LinkedHashMap<>();
    scalars.put(String.class, DataTypes.StringType);
    scalars.put(Integer.class, DataTypes.IntegerType);
    scalars.put(Long.class, DataTypes.LongType);
    scalars.put(Double.class, DataTypes.DoubleType);
    scalars.put(Float.class, DataTypes.FloatType);
    scalars.put(Boolean.class, DataTypes.BooleanType);
    scalars.put(Short.class, DataTypes.ShortType);
    scalars.put(Byte.class, DataTypes.ByteType);
    return scalars.get(c);
  }
}
