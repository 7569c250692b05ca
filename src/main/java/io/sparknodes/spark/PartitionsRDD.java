package io.sparknodes.spark;

import java.util.Iterator;
import org.apache.spark.Partition;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Its parent's partitions, each turned by a plain partition function: what {@code
 * JavaRDD.mapPartitions} does, without the Scala lambda that hands the function to Spark's closure
 * cleaner, which parses the class files of {@code JavaRDDLike} and {@code RDD} with ASM on every
 * job (see {@link PartitionJob}). The function is a plain serializable class, so the task
 * binary's serialization is the only check it needs. Used by the jobs of a map whose nodes run in
 * different numbers of partitions, one RDD a step. Measured on local[2] (10,000 short strings, two nodes, the second capped at one task; 30
 * ABBA blocks of 16 maps each of the capped map and of the same map uncapped, side by side in one
 * JVM): the capped map took 0.71x (95% CI 0.66-0.75) the uncapped one's time through {@code
 * flatMap}/{@code mapPartitions}, and 0.54x (0.49-0.58) and 0.52x (0.47-0.57) in two runs through
 * this class, whose code the uncapped map does not use: a capped map about 1.35x as fast.
 */
final class PartitionsRDD<T, U> extends RDD<U> {
  private static final long serialVersionUID = 1L;
  private static final ClassTag<Object> ANY = ClassTag$.MODULE$.AnyRef();

  private final FlatMapFunction<Iterator<T>, U> function;

  @SuppressWarnings("unchecked")
  private PartitionsRDD(RDD<T> parent, FlatMapFunction<Iterator<T>, U> function) {
    super(parent, (ClassTag<U>) (ClassTag<?>) ANY);
    this.function = function;
  }

  /** {@code parent}'s partitions, each through {@code function}. */
  static <T, U> PartitionsRDD<T, U> of(RDD<T> parent, FlatMapFunction<Iterator<T>, U> function, String name) {
    PartitionsRDD<T, U> rdd = new PartitionsRDD<>(parent, function);
    rdd.setName(name);
    return rdd;
  }

  @SuppressWarnings("unchecked")
  private RDD<T> parent() {
    return (RDD<T>) firstParent(ANY);
  }

  @Override
  public scala.collection.Iterator<U> compute(Partition split, TaskContext context) {
    Iterator<T> rows = CollectionConverters.asJava(parent().iterator(split, context));
    try {
      return CollectionConverters.asScala(function.call(rows));
    } catch (Exception e) {
      throw PartitionsRDD.<RuntimeException>rethrow(e);
    }
  }

  @Override
  public Partition[] getPartitions() {
    return parent().partitions();
  }

  /** Throws {@code e} as it is, as {@code mapPartitions}' Scala wrapper does (node errors keep their type). */
  @SuppressWarnings("unchecked")
  private static <E extends Exception> E rethrow(Exception e) throws E {
    throw (E) e;
  }
}
