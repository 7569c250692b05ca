package io.sparknodes.pipeline;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Where node results are kept across runs, so that re-running a pipeline recomputes only what
 * changed. A node call is looked up by what it computes: the node's name, its code (an explicit
 * {@link Node.Builder#version}, else a fingerprint of its function and captured values), the
 * fingerprints of its input values and its output type; never by where or how fast it ran. A value
 * that cannot be fingerprinted, or an output that cannot be serialized, leaves that node uncached
 * with a warning: a wrong hit is never given.
 *
 * <pre>{@code
 * NodeCache cache = NodeCache.directory(Path.of("cache"));
 * MapResult r = pipeline.withEngine(new LocalEngine().withCache(cache)).map(inputs, "text");
 * }</pre>
 *
 * <p>The entries live in a directory: a local one ({@link #directory}), or one a cluster shares on
 * any Hadoop file system ({@link #at}, e.g. {@code hdfs://nn/cache} or {@code s3a://bucket/cache}).
 * Entries are written atomically and checksummed (a damaged one is recomputed), several processes
 * may write one cache at once, and {@link #maxBytes} caps its size, pruning the least recently used
 * entries. Immutable and serializable.
 */
public final class NodeCache implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String location;
  private final long maxBytes;
  private final String salt;

  private NodeCache(String location, long maxBytes, String salt) {
    this.location = location;
    this.maxBytes = maxBytes;
    this.salt = salt;
  }

  /** A cache in a local directory (created when first written). */
  public static NodeCache directory(Path dir) {
    Objects.requireNonNull(dir, "dir");
    return new NodeCache(dir.toAbsolutePath().normalize().toUri().toString(), 0, "");
  }

  /**
   * A cache in the directory named by {@code uri} on a Hadoop file system ({@code hdfs://},
   * {@code s3a://}, {@code file:/}); a URI without a scheme is a local path.
   *
   * @throws IllegalArgumentException if {@code uri} is blank or not a URI
   */
  public static NodeCache at(String uri) {
    Objects.requireNonNull(uri, "uri");
    if (uri.isBlank()) {
      throw new IllegalArgumentException("the cache's location must not be blank");
    }
    URI u;
    try {
      u = new URI(uri);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("the cache's location is not a URI: " + uri, e);
    }
    return u.getScheme() == null ? directory(Path.of(uri)) : new NodeCache(u.toString(), 0, "");
  }

  /**
   * This cache capped at {@code maxBytes} of entries: beyond it, the least recently used entries
   * are deleted.
   *
   * @throws IllegalArgumentException if {@code maxBytes} is not positive
   */
  public NodeCache maxBytes(long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive but was " + maxBytes);
    }
    return new NodeCache(location, maxBytes, salt);
  }

  /** This cache with a salt that is part of every key: another salt never sees these entries. */
  public NodeCache salt(String salt) {
    return new NodeCache(location, maxBytes, Objects.requireNonNull(salt, "salt"));
  }

  /** The directory's URI. */
  public String location() {
    return location;
  }

  /** The size cap in bytes, if any. */
  public OptionalLong sizeCap() {
    return maxBytes > 0 ? OptionalLong.of(maxBytes) : OptionalLong.empty();
  }

  /** The salt of every key ("" for none). */
  public String salt() {
    return salt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeCache c && c.location.equals(location) && c.maxBytes == maxBytes && c.salt.equals(salt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(location, maxBytes, salt);
  }

  @Override
  public String toString() {
    return "NodeCache(" + location + (maxBytes > 0 ? ", max " + maxBytes + " bytes" : "")
        + (salt.isEmpty() ? "" : ", salted") + ")";
  }
}
