/**
 * Not API: the node cache's machinery: typed, JVM-independent fingerprints of values and of node
 * functions, the cache key of one node call, and the store of entries on a Hadoop FileSystem
 * directory (local by default, HDFS or S3 by URI) that {@link io.sparknodes.pipeline.NodeCache}
 * names. A value or function that cannot be fingerprinted is never cached: a wrong hit is the one
 * outcome this package must not allow.
 */
package io.sparknodes.pipeline.internal.cache;
