package io.sparknodes.results;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The user's data a sweep ran over, in place of its workload's own items: where it came from and a
 * digest of the values read, so that a resumed sweep checks it goes on over the same data and the
 * report can say how to run it again.
 *
 * @param file the file the CLI read ({@code --input}), or empty when the items were given through
 *     the API ({@code SweepOptions.Builder.items})
 * @param column the column read ({@code --column}), or empty with {@code file}
 * @param sha256 the SHA-256 of the values in order, each as its UTF-8 bytes after its length
 */
public record InputInfo(String file, String column, String sha256) {
  public InputInfo {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(sha256, "sha256");
    if (file.isBlank() != column.isBlank()) {
      throw new IllegalArgumentException("an input's file and column go together but were '" + file + "' and '"
          + column + "'");
    }
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("an input's sha256 must be 64 lower-case hex digits but was '" + sha256 + "'");
    }
  }

  /** The input of {@code items}, read from {@code column} of {@code file} (both empty: given through the API). */
  public static InputInfo of(String file, String column, List<String> items) {
    return new InputInfo(file, column, digest(items));
  }

  /** The SHA-256 of {@code items} in order, each as its UTF-8 bytes after its length (null as -1). */
  public static String digest(List<String> items) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
    byte[] length = new byte[4];
    for (String item : items) {
      byte[] bytes = item == null ? null : item.getBytes(StandardCharsets.UTF_8);
      int n = bytes == null ? -1 : bytes.length;
      length[0] = (byte) (n >>> 24);
      length[1] = (byte) (n >>> 16);
      length[2] = (byte) (n >>> 8);
      length[3] = (byte) n;
      md.update(length);
      if (bytes != null) {
        md.update(bytes);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Whether the items were read from a file by the CLI. */
  public boolean fromFile() {
    return !file.isBlank();
  }

  /** In words: "column 'text' of data.csv (SHA-256 0123456789ab...)". */
  public String describe() {
    String digest = "SHA-256 " + sha256.substring(0, 12) + "...";
    return fromFile() ? "column '" + column + "' of " + file + " (" + digest + ")" : "items given through the API (" + digest
        + ")";
  }
}
