/**
 * Not API: the Spark keys and defaults the engine reads or sets ({@link
 * io.sparknodes.spark.internal.SparkSettings}) and the SPARK_HOME layout that local-cluster workers
 * run from Maven jars need ({@link io.sparknodes.spark.internal.SparkHome}). Public only because the
 * sweep, the benchmarks and the tests start Spark JVMs too; it may change in any release.
 */
package io.sparknodes.spark.internal;
