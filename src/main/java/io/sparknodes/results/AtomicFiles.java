package io.sparknodes.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Writes a file so that readers see either the old content or the new, never half of it: the bytes
 * go to a temporary file in the same directory, which then replaces the target in one move.
 */
public final class AtomicFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  private AtomicFiles() {}

  /** Writes {@code text} as UTF-8 to {@code target}, atomically; creates missing parent directories. */
  public static void write(Path target, String text) throws IOException {
    Objects.requireNonNull(text, "text");
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code bytes} to {@code target}, atomically; creates missing parent directories. */
  public static void write(Path target, byte[] bytes) throws IOException {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(bytes, "bytes");
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    // CREATE_NEW rather than createTempFile, so that the file gets the umask's permissions, not 0600
    Path tmp = dir.resolve("." + absolute.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
    try {
      Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      replace(tmp, absolute);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Moves the finished file {@code written} over {@code target} in one move where the file system
   * can (a plain replacing move where it cannot); both in the same directory.
   */
  public static void replace(Path written, Path target) throws IOException {
    try {
      Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(written, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
