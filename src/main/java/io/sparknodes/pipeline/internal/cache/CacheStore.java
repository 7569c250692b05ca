package io.sparknodes.pipeline.internal.cache;

import io.sparknodes.pipeline.NodeCache;
import io.sparknodes.pipeline.internal.JavaSerial;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not API: the entries of a {@link NodeCache}, one file each under {@code v1/<node>/<key[0..2]>/<key>}
 * of a directory on a Hadoop {@link FileSystem} (local by default; HDFS or S3 by URI, so that a
 * cluster's executors share them). An entry is written to a temporary file and renamed into place,
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

  private final FileSystem fs;
  private final Path root;
  private final long maxBytes;
  private final AtomicLong writtenSincePrune = new AtomicLong(Long.MAX_VALUE / 2);
  private final AtomicLong clock = new AtomicLong();
  private final Map<String, Boolean> touched = new ConcurrentHashMap<>();

  private CacheStore(FileSystem fs, Path root, long maxBytes) {
    this.fs = fs;
    this.root = root;
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

  /** The store at {@code uri} (a local path, or a URI with a scheme), capped at {@code maxBytes} (0 for no cap). */
  public static CacheStore open(String uri, long maxBytes, Configuration conf) throws IOException {
    URI u = URI.create(uri);
    FileSystem fs = FileSystem.get(u, conf);
    if (fs instanceof LocalFileSystem local) {
      // The raw file system: no .crc side files (entries carry their own checksum), and rename replaces.
      fs = local.getRaw();
    }
    Path root = new Path(new Path(u), "v1");
    fs.mkdirs(root);
    return new CacheStore(fs, fs.makeQualified(root), maxBytes);
  }

  /** The entry of {@code key} for {@code node}, or empty if there is none or it is damaged. */
  public Optional<Hit> get(String node, String key) {
    Path path = entry(node, key);
    byte[] data;
    try (InputStream in = fs.open(path)) {
      data = in.readAllBytes();
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      LOG.warn("node cache: entry {} of node '{}' cannot be read, recomputing it: {}", key, node, e.toString());
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
        fs.setTimes(path, tick(), -1);
      } catch (IOException | RuntimeException e) {
        // Only the pruning order suffers.
      }
    }
    return Optional.of(new Hit(v));
  }

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
    Path target = entry(node, key);
    Path tmp = new Path(new Path(root, "tmp"), key + "-" + UUID.randomUUID());
    try {
      try (FSDataOutputStream out = fs.create(tmp, true)) {
        out.write(data);
      }
      fs.mkdirs(target.getParent());
      if (!fs.rename(tmp, target)) {
        // A file system whose rename does not replace (HDFS): the old entry goes first.
        fs.delete(target, false);
        if (!fs.rename(tmp, target)) {
          deleteQuietly(tmp);
          return Put.FAILED;
        }
      }
      if (maxBytes > 0) {
        fs.setTimes(target, tick(), -1);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("node cache: entry {} of node '{}' cannot be written: {}", key, node, e.toString());
      deleteQuietly(tmp);
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
    for (FileStatus f : entries()) {
      long[] c = per.computeIfAbsent(nodeOf(f.getPath()), k -> new long[2]);
      c[0]++;
      c[1] += f.getLen();
    }
    List<NodeEntries> out = new ArrayList<>();
    per.forEach((n, c) -> out.add(new NodeEntries(n, c[0], c[1])));
    return out;
  }

  /** Deletes every entry, or those of {@code node}; returns how many. */
  public long clear(Optional<String> node) throws IOException {
    long n = 0;
    for (FileStatus f : entries()) {
      if (node.isEmpty() || node.get().equals(nodeOf(f.getPath()))) {
        n += fs.delete(f.getPath(), false) ? 1 : 0;
      }
    }
    return n;
  }

  /** Deletes the least recently used entries until the entries fit the cap, and stale temporary files. */
  public void prune() {
    try {
      long now = System.currentTimeMillis();
      Path tmpDir = new Path(root, "tmp");
      if (fs.exists(tmpDir)) {
        for (FileStatus t : fs.listStatus(tmpDir)) {
          if (now - t.getModificationTime() > STALE_TMP_MS) {
            deleteQuietly(t.getPath());
          }
        }
      }
      if (maxBytes <= 0) {
        return;
      }
      List<FileStatus> all = entries();
      long total = all.stream().mapToLong(FileStatus::getLen).sum();
      if (total <= maxBytes) {
        return;
      }
      all.sort(Comparator.comparingLong(FileStatus::getModificationTime));
      long goal = maxBytes - maxBytes / 10;
      for (FileStatus f : all) {
        if (total <= goal) {
          break;
        }
        if (fs.delete(f.getPath(), false)) {
          total -= f.getLen();
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("node cache: pruning {} failed: {}", root, e.toString());
    }
  }

  private List<FileStatus> entries() throws IOException {
    List<FileStatus> out = new ArrayList<>();
    for (FileStatus nodeDir : fs.listStatus(root)) {
      if (!nodeDir.isDirectory() || !nodeDir.getPath().getName().startsWith("n-")) {
        continue;
      }
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(nodeDir.getPath(), true);
      while (it.hasNext()) {
        LocatedFileStatus f = it.next();
        if (f.isFile()) {
          out.add(f);
        }
      }
    }
    return out;
  }

  private long tick() {
    long now = System.currentTimeMillis();
    return clock.updateAndGet(last -> Math.max(last + 1, now));
  }

  private void deleteQuietly(Path p) {
    try {
      fs.delete(p, false);
    } catch (IOException | RuntimeException e) {
      // Left for the next pruning.
    }
  }

  private Path entry(String node, String key) {
    if (key.length() < 3 || !key.chars().allMatch(c -> Character.isLetterOrDigit(c))) {
      throw new IllegalArgumentException("not a cache key: " + key);
    }
    return new Path(new Path(new Path(root, dirOf(node)), key.substring(0, 2)), key);
  }

  /** The directory of a node: "n-" and the name's UTF-8 bytes in hex, safe on every file system. */
  static String dirOf(String node) {
    return "n-" + java.util.HexFormat.of().formatHex(node.getBytes(StandardCharsets.UTF_8));
  }

  private String nodeOf(Path entry) {
    String dir = entry.getParent().getParent().getName();
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
