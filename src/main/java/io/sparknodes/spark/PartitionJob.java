package io.sparknodes.spark;

import java.util.Iterator;
import org.apache.spark.TaskContext;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A partition's work as the job's own result function: {@code SparkContext.runJob} runs it on each
 * partition and returns its one result per partition. Run directly rather than through {@code
 * mapPartitions} and {@code collect}: those hand Spark's closure cleaner Scala lambdas, which it
 * inspects by reading and parsing the class files of {@code JavaRDDLike}, {@code RDD} and {@code
 * SparkContext} with ASM on every job; this function is a plain class, which the cleaner only
 * checks for serializability. Measured on the seed workload (10,000 texts a map, 2 cores): JFR put
 * 32% of the JVM's CPU samples in that parsing under {@code local[1]}, twice the nodes' own work;
 * side by side in one JVM (30 pairs of 16-map blocks, alternating ABBA), the old path took 1.94x
 * the time of this one under {@code local[1]} (95% CI 1.75-2.16) and 1.54x under {@code local[8]}
 * (1.41-1.68).
 */
abstract class PartitionJob<T> extends scala.runtime.AbstractFunction2<TaskContext, scala.collection.Iterator<T>, Object>
    implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  @Override
  public final Object apply(TaskContext context, scala.collection.Iterator<T> partition) {
    return run(CollectionConverters.asJava(partition));
  }

  /** The partition's one result. */
  abstract Object run(Iterator<T> partition);
}
