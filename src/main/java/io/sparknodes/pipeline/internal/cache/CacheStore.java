package io.sparknodes.pipeline.internal.cache;

import io.sparknodes.pipeline.NodeCache;
import io.sparknodes.pipeline.internal.JavaSerial;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not API: the entries of a {@link NodeCache}, one file each under {@code v1/n-<node>/<key[0..2]>/<key>}
 * of a directory (local by default; on any Hadoop file system, HDFS or S3, by URI, so that a
 * cluster's executors share them; see {@link Storage}). An entry is written to a temporary file and renamed into place,
 * so a reader sees a whole entry or none, and two processes writing at once lose nothing (each
 * entry is its own file; two writers of one key write equal computations). Each entry carries a
 * SHA-256 of its content, its node and its key: a damaged or unreadable entry is a miss, is
 * deleted, and is never returned nor fatal. With a size cap, the least recently used entries
 * (by modification time, which a hit refreshes) are pruned once the writes since the last pruning
 * reach a tenth of the cap. Thread-safe.
 */
public final class CacheStore {
  private static final Logger LOG = LoggerFactory.getLogger(CacheStore.class);
  private static final byte[] MAGIC = "SNCACHE1".getBytes(StandardCharsets.US_ASCII);
  private static final long STALE_TMP_MS = 3_600_000L;

  /** What a {@link #put} did. */
  public enum Put { STORED, UNSERIALIZABLE, FAILED }

  /** A value found in the cache (possibly null: a node may return null). */
  public record Hit(Object value) {}

  /** The entries of one node: how many, and their bytes. */
  public record NodeEntries(String node, long entries, long bytes) {}

  private final Storage files;
  private final long maxBytes;
  private final AtomicLong writtenSincePrune = new AtomicLong(Long.MAX_VALUE / 2);
  private final AtomicLong clock = new AtomicLong();
  private final Map<String, Boolean> touched = new ConcurrentHashMap<>();

  private CacheStore(Storage files, long maxBytes) {
    this.files = files;
    this.maxBytes = maxBytes;
  }

  /** The store of {@code cache}, with Hadoop's default configuration. */
  public static CacheStore open(NodeCache cache) throws IOException {
    return open(cache, new Configuration());
  }

  /** The store of {@code cache}; {@code conf} carries the file system's settings (an S3 key, say). */
  public static CacheStore open(NodeCache cache, Configuration conf) throws IOException {
    return open(cache.location(), cache.sizeCap().orElse(0), conf);
  }

  /** The store at {@code uri} (a URI with a scheme), capped at {@code maxBytes} (0 for no cap). */
  public static CacheStore open(String uri, long maxBytes, Configuration conf) throws IOException {
    URI u = URI.create(uri.endsWith("/") ? uri + "v1" : uri + "/v1");
    return new CacheStore(Storage.open(u, conf), maxBytes);
  }

  /** The entry of {@code key} for {@code node}, or empty if there is none or it is damaged. */
  public Optional<Hit> get(String node, String key) {
    String path = entry(node, key);
    byte[] data;
    try {
      data = files.read(path);
    } catch (IOException | RuntimeException e) {
      LOG.warn("node cache: entry {} of node '{}' cannot be read, recomputing it: {}", key, node, e.toString());
      return Optional.empty();
    }
    if (data == null) {
      return Optional.empty();
    }
    byte[] value = payloadValue(data, node, key);
    if (value == null) {
      LOG.warn("node cache: entry {} of node '{}' is damaged; deleting it and recomputing", key, node);
      deleteQuietly(path);
      return Optional.empty();
    }
    Object v;
    try {
      v = JavaSerial.read(value);
    } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
      LOG.warn("node cache: entry {} of node '{}' cannot be deserialized, recomputing it: {}", key, node, e.toString());
      return Optional.empty();
    }
    if (maxBytes > 0 && touched.putIfAbsent(key, Boolean.TRUE) == null) {
      try {
        files.touch(path, tick());
      } catch (IOException | RuntimeException e) {
        // Only the pruning order suffers.
      }
    }
    return Optional.of(new Hit(v));
  }

  /**
   * The entries of {@code keys} for {@code node}, in their order ({@link #get} each): a batch of
   * {@value #PARALLEL_FROM} or more is read by a small pool of threads, since a hit is mostly
   * waiting on the file system.
   */
  public List<Optional<Hit>> getAll(String node, List<String> keys) {
    int n = keys.size();
    @SuppressWarnings("unchecked")
    Optional<Hit>[] out = new Optional[n];
    if (n < PARALLEL_FROM) {
      for (int i = 0; i < n; i++) {
        out[i] = get(node, keys.get(i));
      }
      return Arrays.asList(out);
    }
    int chunks = Math.min(READERS, (n + PARALLEL_FROM / 2 - 1) / (PARALLEL_FROM / 2));
    List<java.util.concurrent.Future<?>> running = new ArrayList<>(chunks);
    for (int c = 1; c < chunks; c++) {
      int from = (int) ((long) n * c / chunks);
      int to = (int) ((long) n * (c + 1) / chunks);
      running.add(POOL.submit(() -> {
        for (int i = from; i < to; i++) {
          out[i] = get(node, keys.get(i));
        }
      }));
    }
    for (int i = 0, to = n / chunks; i < to; i++) {
      out[i] = get(node, keys.get(i));
    }
    for (java.util.concurrent.Future<?> f : running) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading the node cache", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("node cache: reading entries failed: " + e.getCause(), e.getCause());
      }
    }
    return Arrays.asList(out);
  }

  private static final int PARALLEL_FROM = 64;
  private static final int READERS = Math.max(4, Math.min(16, 2 * Runtime.getRuntime().availableProcessors()));
  private static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newFixedThreadPool(
      READERS, r -> {
        Thread t = new Thread(r, "sparknodes-cache-reader");
        t.setDaemon(true);
        return t;
      });

  /** Stores {@code value} (Java-serialized) as the entry of {@code key} for {@code node}. */
  public Put put(String node, String key, Object value) {
    byte[] bytes;
    try {
      if (value != null && !(value instanceof Serializable)) {
        throw new NotSerializableException(value.getClass().getName());
      }
      bytes = JavaSerial.write(value);
    } catch (IOException | RuntimeException e) {
      return Put.UNSERIALIZABLE;
    }
    byte[] data = encode(node, key, bytes);
    String path = entry(node, key);
    try {
      if (!files.write(path, data)) {
        return Put.FAILED;
      }
      touched.remove(key);
      if (maxBytes > 0) {
        files.touch(path, tick());
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("node cache: entry {} of node '{}' cannot be written: {}", key, node, e.toString());
      return Put.FAILED;
    }
    if (maxBytes > 0 && writtenSincePrune.addAndGet(data.length) >= Math.max(1, maxBytes / 10)) {
      writtenSincePrune.set(0);
      prune();
    }
    return Put.STORED;
  }

  /** The entries per node, by node name. */
  public List<NodeEntries> info() throws IOException {
    Map<String, long[]> per = new TreeMap<>();
    for (Storage.Entry f : entries()) {
      long[] c = per.computeIfAbsent(nodeOf(f.path()), k -> new long[2]);
      c[0]++;
      c[1] += f.length();
    }
    List<NodeEntries> out = new ArrayList<>();
    per.forEach((n, c) -> out.add(new NodeEntries(n, c[0], c[1])));
    return out;
  }

  /** Deletes every entry, or those of {@code node}; returns how many. */
  public long clear(Optional<String> node) throws IOException {
    long n = 0;
    for (Storage.Entry f : node.isPresent() ? files.list(dirOf(node.get())) : entries()) {
      files.delete(f.path());
      n++;
    }
    return n;
  }

  /** Deletes the least recently used entries until the entries fit the cap, and stale temporary files. */
  public void prune() {
    try {
      long now = System.currentTimeMillis();
      for (Storage.Entry t : files.list("tmp")) {
        if (now - t.modified() > STALE_TMP_MS) {
          deleteQuietly(t.path());
        }
      }
      if (maxBytes <= 0) {
        return;
      }
      List<Storage.Entry> all = new ArrayList<>(entries());
      long total = all.stream().mapToLong(Storage.Entry::length).sum();
      if (total <= maxBytes) {
        return;
      }
      all.sort(Comparator.comparingLong(Storage.Entry::modified));
      long goal = maxBytes - maxBytes / 10;
      for (Storage.Entry f : all) {
        if (total <= goal) {
          break;
        }
        files.delete(f.path());
        touched.remove(f.path().substring(f.path().lastIndexOf('/') + 1));
        total -= f.length();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("node cache: pruning failed: {}", e.toString());
    }
  }

  private List<Storage.Entry> entries() throws IOException {
    List<Storage.Entry> out = new ArrayList<>();
    for (String dir : files.roots()) {
      if (dir.startsWith("n-")) {
        out.addAll(files.list(dir));
      }
    }
    return out;
  }

  private long tick() {
    long now = System.currentTimeMillis();
    return clock.updateAndGet(last -> Math.max(last + 1, now));
  }

  private void deleteQuietly(String path) {
    try {
      files.delete(path);
    } catch (IOException | RuntimeException e) {
      // Left for the next pruning.
    }
  }

  private static String entry(String node, String key) {
    if (key.length() < 3 || !key.chars().allMatch(Character::isLetterOrDigit)) {
      throw new IllegalArgumentException("not a cache key: " + key);
    }
    return dirOf(node) + "/" + key.substring(0, 2) + "/" + key;
  }

  /** The directory of a node: "n-" and the name's UTF-8 bytes in hex, safe on every file system. */
  static String dirOf(String node) {
    return "n-" + java.util.HexFormat.of().formatHex(node.getBytes(StandardCharsets.UTF_8));
  }

  private static String nodeOf(String entry) {
    String dir = entry.substring(0, entry.indexOf('/'));
    return new String(java.util.HexFormat.of().parseHex(dir.substring(2)), StandardCharsets.UTF_8);
  }

  static byte[] encode(String node, String key, byte[] value) {
    try {
      ByteArrayOutputStream payload = new ByteArrayOutputStream(value.length + 128);
      DataOutputStream d = new DataOutputStream(payload);
      d.writeUTF(node);
      d.writeUTF(key);
      d.write(value);
      d.flush();
      byte[] p = payload.toByteArray();
      ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + 32 + p.length);
      b.put(MAGIC).putInt(p.length).put(Fingerprints.sha256().digest(p)).put(p);
      return b.array();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The value bytes of an entry, or null if it is damaged or not the entry of {@code node} and {@code key}. */
  static byte[] payloadValue(byte[] data, String node, String key) {
    int head = MAGIC.length + 4 + 32;
    if (data.length < head || !Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(data);
    b.position(MAGIC.length);
    int length = b.getInt();
    if (length != data.length - head) {
      return null;
    }
    byte[] sum = Fingerprints.sha256().digest(Arrays.copyOfRange(data, head, data.length));
    if (!MessageDigest.isEqual(sum, Arrays.copyOfRange(data, MAGIC.length + 4, head))) {
      return null;
    }
    try {
      java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(data, head, length));
      if (!in.readUTF().equals(node) || !in.readUTF().equals(key)) {
        return null;
      }
      return in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }
}
