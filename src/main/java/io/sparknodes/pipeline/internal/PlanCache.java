package io.sparknodes.pipeline.internal;

import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.NodeCache;
import io.sparknodes.pipeline.internal.cache.CacheKey;
import io.sparknodes.pipeline.internal.cache.CacheStore;
import io.sparknodes.pipeline.internal.cache.Fingerprints;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node cache of one plan ({@link Plan#useCache}): what each step's key is made of, fixed for
 * the map and computed once on the driver (the cache's salt, the node's name, its code fingerprint,
 * the fingerprints of its constants and stateful recipes, its output type), and the store, opened
 * once per JVM wherever the plan runs. A step whose node is not cached ({@code cache(false)}, no
 * code fingerprint, an unfingerprintable constant or recipe) has no key; a step whose per-row value
 * or output turns out unfingerprintable or unserializable is switched off for the rest of the map
 * (of the task, on Spark), with one warning naming the node, the input and the value's class.
 */
public final class PlanCache implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PlanCache.class);
  private static final Map<String, CacheStore> STORES = new ConcurrentHashMap<>();

  /** What a step's key is made of, except its per-row values. */
  static final class StepKey implements Serializable {
    private static final long serialVersionUID = 1L;
    final String node;
    final String code;
    final TreeMap<String, String> fixed;
    // The arguments read from the row: their input names and argument positions.
    final String[] rowNames;
    final int[] rowArgs;
    final String outputType;

    StepKey(String node, String code, TreeMap<String, String> fixed, String[] rowNames, int[] rowArgs,
        String outputType) {
      this.node = node;
      this.code = code;
      this.fixed = fixed;
      this.rowNames = rowNames;
      this.rowArgs = rowArgs;
      this.outputType = outputType;
    }
  }

  private final NodeCache cache;
  // The Hadoop settings (Writable form) for a store that is not a local directory; else null.
  private final byte[] conf;
  private final StepKey[] keys;
  private transient AtomicBoolean[] off;

  private PlanCache(NodeCache cache, byte[] conf, StepKey[] keys) {
    this.cache = cache;
    this.conf = conf;
    this.keys = keys;
  }

  /** The cache of {@code plan} in {@code cache}; {@code conf} carries a cluster file system's settings (may be null). */
  static PlanCache of(Plan plan, NodeCache cache, Configuration conf) {
    StepKey[] keys = new StepKey[plan.steps.size()];
    for (int s = 0; s < keys.length; s++) {
      keys[s] = keyOf(plan, plan.steps.get(s));
    }
    boolean local = cache.location().startsWith("file:");
    return new PlanCache(cache, local || conf == null ? null : write(conf), keys);
  }

  private static StepKey keyOf(Plan plan, Plan.Step step) {
    Node node = step.node;
    if (!node.isCached()) {
      LOG.debug("node cache: node '{}' is not cached (cache(false))", node.name());
      return null;
    }
    Optional<String> code = node.codeFingerprint();
    if (code.isEmpty()) {
      LOG.warn("node cache: node '{}' is not cached: its function cannot be fingerprinted (it is not a serializable"
          + " lambda, or it captures an object known only by its identity); give it a version(...)", node.name());
      return null;
    }
    TreeMap<String, String> fixed = new TreeMap<>();
    int rows = 0;
    for (int a = 0; a < step.sources.length; a++) {
      rows += step.sources[a] == Plan.Source.ROW.ordinal() ? 1 : 0;
    }
    String[] rowNames = new String[rows];
    int[] rowArgs = new int[rows];
    int r = 0;
    for (int a = 0; a < step.sources.length; a++) {
      String input = node.inputs().get(a);
      if (step.sources[a] == Plan.Source.ROW.ordinal()) {
        rowNames[r] = input;
        rowArgs[r++] = a;
      } else if (step.sources[a] == Plan.Source.CONSTANT.ordinal()) {
        Object value = plan.constants[step.indexes[a]];
        Optional<String> fp = Fingerprints.of(value);
        if (fp.isEmpty()) {
          warnUncached(node.name(), input, value);
          return null;
        }
        fixed.put(input, "c:" + fp.get());
      } else {
        Optional<String> fp;
        try {
          fp = plan.recipe(step.indexes[a]).fingerprint();
        } catch (RuntimeException e) {
          fp = Optional.empty();
        }
        if (fp.isEmpty()) {
          LOG.warn("node cache: node '{}' is not cached in this map: its stateful input '{}' has no recipe the cache"
              + " can fingerprint (a prebuilt instance, or a value that cannot be serialized)", node.name(), input);
          return null;
        }
        fixed.put(input, "s:" + fp.get());
      }
    }
    return new StepKey(node.name(), code.get(), fixed, rowNames, rowArgs,
        node.outputType().map(Object::toString).orElse(""));
  }

  static void warnUncached(String node, String input, Object value) {
    String type = Fingerprints.offender(value).map(Class::getName)
        .orElse(value == null ? "null" : value.getClass().getName());
    LOG.warn("node cache: node '{}' is not cached in this map: input '{}' holds a value the cache cannot fingerprint"
        + " (a {}); its items are computed", node, input, type);
  }

  /** The parts of step {@code step}'s key, or null when it is not cached (now). */
  StepKey key(int step) {
    StepKey k = keys[step];
    return k == null || off()[step].get() ? null : k;
  }

  /** Switches step {@code step} off for the rest of this map; true the first time (to warn once). */
  boolean switchOff(int step) {
    return off()[step].compareAndSet(false, true);
  }

  /** Whether step {@code step} is cached at all in this map. */
  public boolean caches(int step) {
    return keys[step] != null;
  }

  /**
   * Looks {@code rows} (of {@code plan}, which uses this cache) up step by step, filling the slots
   * of the hits; true for each row the cache holds whole. Adds the whole rows' hits to {@code hits}.
   */
  public boolean[] lookUp(Plan plan, List<Object[]> rows, long[] hits) {
    return CachedStep.lookUp(plan, rows, hits);
  }

  /** {@code counts} (by step) by node name, for the steps this cache covers: a report's hits or misses. */
  public Map<String, Long> byNode(Plan plan, long[] counts) {
    Map<String, Long> m = new java.util.LinkedHashMap<>();
    for (int s = 0; s < counts.length; s++) {
      if (keys[s] != null) {
        m.merge(plan.steps.get(s).node.name(), counts[s], Long::sum);
      }
    }
    return m;
  }

  private AtomicBoolean[] off() {
    AtomicBoolean[] o = off;
    if (o == null) {
      synchronized (this) {
        if (off == null) {
          AtomicBoolean[] made = new AtomicBoolean[keys.length];
          for (int i = 0; i < made.length; i++) {
            made[i] = new AtomicBoolean();
          }
          off = made;
        }
        o = off;
      }
    }
    return o;
  }

  /**
   * The key of {@code row} at step {@code step} (whose key parts are {@code k}), or null when an
   * argument cannot be fingerprinted: then {@code step} is switched off, with one warning.
   */
  String keyOf(int step, StepKey k, Object[] args) {
    TreeMap<String, String> inputs = new TreeMap<>(k.fixed);
    for (int r = 0; r < k.rowArgs.length; r++) {
      Object value = args[r];
      Optional<String> fp = Fingerprints.of(value);
      if (fp.isEmpty()) {
        if (switchOff(step)) {
          warnUncached(k.node, k.rowNames[r], value);
        }
        return null;
      }
      inputs.put(k.rowNames[r], "v:" + fp.get());
    }
    return CacheKey.of(cache.salt(), k.node, k.code, inputs, k.outputType);
  }

  /** The store, opened once per JVM and location. */
  CacheStore store() {
    String id = cache.location() + "|" + cache.sizeCap().orElse(0);
    CacheStore s = STORES.get(id);
    if (s != null) {
      return s;
    }
    return STORES.computeIfAbsent(id, k -> {
      try {
        return CacheStore.open(cache, conf == null ? new Configuration() : read(conf));
      } catch (IOException e) {
        throw new UncheckedIOException("node cache: cannot open " + cache.location() + ": " + e.getMessage(), e);
      }
    });
  }

  private static byte[] write(Configuration conf) {
    try {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(b)) {
        conf.write(out);
      }
      return b.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Configuration read(byte[] bytes) throws IOException {
    Configuration c = new Configuration(false);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      c.readFields(in);
    }
    return c;
  }
}
