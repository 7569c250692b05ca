package io.sparknodes.pipeline.internal.cache;

import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Not API: the key of one node call, which says what is computed and never where or how fast:
 * SHA-256 over the cache's salt, the node's name, its code fingerprint (an explicit version or
 * {@link CodeFingerprint}), its inputs' fingerprints in input-name order ({@link Fingerprints}; a
 * stateful input by its recipe), and its output type. Knobs (batch size, concurrency, partitions)
 * are no part of it.
 */
public final class CacheKey {
  private CacheKey() {}

  /**
   * The key, 64 hex digits.
   *
   * @param inputs each input's fingerprint by input name (order does not matter: names are sorted)
   * @param outputType the declared output type's text, or "" for none
   */
  public static String of(String salt, String node, String code, Map<String, String> inputs, String outputType) {
    Fingerprints.Sink s = new Fingerprints.Sink();
    s.text("sparknodes-cache-key/1");
    s.text(Objects.requireNonNull(salt, "salt"));
    s.text(Objects.requireNonNull(node, "node"));
    s.text(Objects.requireNonNull(code, "code"));
    TreeMap<String, String> sorted = new TreeMap<>(inputs);
    s.i32(sorted.size());
    sorted.forEach((name, fp) -> {
      s.text(name);
      s.text(Objects.requireNonNull(fp, name));
    });
    s.text(Objects.requireNonNull(outputType, "outputType"));
    return HexFormat.of().formatHex(s.digest.digest());
  }
}
