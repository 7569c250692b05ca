/**
 * The Spark engine: runs each node of a pipeline as a batch function over each partition (a list
 * map as one job's result function, a {@code Dataset} through {@code mapPartitions}), builds
 * stateful inputs once per executor in a registry keyed by application, and turns the knobs into a
 * cluster layout ({@code local[N]}, {@code local-cluster[N,1,MB]}, or executors on an external
 * master); {@code ListLayout} holds the one rule that cuts a list into partitions. It knows nothing
 * of tuning: it runs, and reports what it did.
 *
 * <p>Its API is {@link io.sparknodes.spark.SparkEngine} and what it returns; the Spark keys it
 * reads and the SPARK_HOME layout of local-cluster workers are in {@code
 * io.sparknodes.spark.internal}, which is not API.
 */
package io.sparknodes.spark;
