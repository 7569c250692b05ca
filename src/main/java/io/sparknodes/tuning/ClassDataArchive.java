package io.sparknodes.tuning;

import io.sparknodes.results.AtomicFiles;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A class-data archive (HotSpot's dynamic AppCDS) for the sweep's JVMs: the group JVMs and, on a
 * local master, their executor JVMs. Each of them loads the same few thousand classes of Spark and
 * its dependencies from the same jars; from the archive they are mapped, already parsed and
 * verified, instead of read and verified again. Measured side by side on 2 cores (five pairs, one
 * point, no warm-up): a group JVM's start fell from 4.3 s to 2.7 s, and two executor JVMs' start
 * (local-cluster[2]) from 10.2 s to 6.8 s. It changes when classes are loaded, not the code that
 * runs: the samples are taken after warm-up either way.
 *
 * <p>The sweep's first group JVM writes the archive as it exits ({@code -XX:ArchiveClassesAtExit},
 * into a temporary file that {@link #childExited} renames into place), and later ones map it
 * ({@code -XX:SharedArchiveFile}). It is kept for later sweeps under the temporary directory, named
 * by the Java runtime, the class path's jars (path, size, time) and the JVM options, so that a
 * rebuilt jar or another JVM gets a new one. The JVM itself checks an archive against its class
 * path and runs without it (as before) when they do not match.
 *
 * <p>There is none when a class path entry is a directory that holds files (HotSpot refuses to
 * archive classes from one: {@code scripts/} put the project's classes in a jar for this) or when the
 * JVM options already choose class-data sharing ({@code -Xshare:off}, an archive of the user's).
 */
final class ClassDataArchive {
  private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchive.class);

  /** The archives' folder under the temporary directory. */
  static Path defaultDir() {
    return Path.of(System.getProperty("java.io.tmpdir"), "sparknodes-cds-" + System.getProperty("user.name"));
  }

  /** The archives kept in the folder: the newest, so that rebuilt jars do not fill the disk. */
  static final int KEPT = 3;

  private final Path file;
  private Path pending;

  private ClassDataArchive(Path file) {
    this.file = file;
  }

  /**
   * The archive of JVMs that run {@code java} of {@code javaHome} with {@code jvmOptions} over
   * {@code classPath}, in {@code dir}; empty when they cannot have one (see the class comment).
   */
  static Optional<ClassDataArchive> of(Path dir, String javaHome, String classPath, List<String> jvmOptions) {
    if (jvmOptions.stream().anyMatch(ClassDataArchive::choosesSharing)) {
      return Optional.empty();
    }
    List<String> key = new ArrayList<>();
    key.add(javaHome);
    key.add(System.getProperty("java.vm.version"));
    key.addAll(jvmOptions);
    for (String entry : classPath.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path p = Path.of(entry);
      try {
        if (Files.isDirectory(p)) {
          try (DirectoryStream<Path> files = Files.newDirectoryStream(p)) {
            if (files.iterator().hasNext()) {
              LOG.debug("no class-data archive: class path entry {} is a directory with files", p);
              return Optional.empty();
            }
          }
          key.add(p.toAbsolutePath() + " dir");
        } else if (Files.isRegularFile(p)) {
          key.add(p.toAbsolutePath() + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis());
        } else {
          key.add(p.toAbsolutePath() + " none");
        }
      } catch (IOException e) {
        LOG.debug("no class-data archive: cannot read class path entry {}: {}", p, e.toString());
        return Optional.empty();
      }
    }
    return Optional.of(new ClassDataArchive(dir.resolve(digest(String.join("\n", key)) + ".jsa")));
  }

  /** Whether JVM options (one, or several in a string) already decide class-data sharing: the user's choice then. */
  static boolean choosesSharing(String option) {
    return option.contains("-Xshare") || option.contains("SharedArchiveFile") || option.contains("ArchiveClassesAtExit")
        || option.contains("UseSharedSpaces") || option.contains("DumpLoadedClassList")
        || option.contains("SharedClassListFile");
  }

  private static String digest(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The archive's file. */
  Path file() {
    return file;
  }

  /**
   * The option of the next group JVM: map the archive when it exists; else write it as that JVM
   * exits (one JVM at a time writes it; the others run without).
   */
  Optional<String> groupJvmOption() {
    if (Files.isRegularFile(file)) {
      return Optional.of("-XX:SharedArchiveFile=" + file);
    }
    if (pending != null) {
      return Optional.empty();
    }
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      LOG.debug("no class-data archive: cannot make {}: {}", file.getParent(), e.toString());
      return Optional.empty();
    }
    pending = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    return Optional.of("-XX:ArchiveClassesAtExit=" + pending);
  }

  /** The option of executor JVMs on this machine: map the archive when it exists. */
  Optional<String> executorJvmOption() {
    return Files.isRegularFile(file) ? Optional.of("-XX:SharedArchiveFile=" + file) : Optional.empty();
  }

  /**
   * After a group JVM has exited: the archive it wrote, if it exited cleanly, is renamed into place
   * (atomically, so that a JVM never maps half an archive), and older archives beyond {@link #KEPT}
   * are removed; a JVM that failed or was killed leaves nothing.
   */
  void childExited(boolean cleanExit) {
    Path written = pending;
    pending = null;
    if (written == null) {
      return;
    }
    try {
      if (cleanExit && Files.isRegularFile(written) && Files.size(written) > 0) {
        AtomicFiles.replace(written, file);
        LOG.debug("class-data archive written: {}", file);
        prune(file.getParent(), file);
      }
    } catch (IOException e) {
      LOG.debug("class-data archive {} not kept: {}", written, e.toString());
    } finally {
      try {
        Files.deleteIfExists(written);
      } catch (IOException e) {
        LOG.debug("cannot delete {}: {}", written, e.toString());
      }
    }
  }

  /** Removes the folder's archives but the {@link #KEPT} newest (and {@code keep}). */
  static void prune(Path dir, Path keep) throws IOException {
    List<Path> archives = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jsa")) {
      files.forEach(archives::add);
    }
    archives.sort(Comparator.comparing((Path p) -> {
      try {
        return Files.getLastModifiedTime(p).toMillis();
      } catch (IOException e) {
        return 0L;
      }
    }).reversed());
    for (Path p : archives.subList(Math.min(KEPT, archives.size()), archives.size())) {
      if (!p.equals(keep)) {
        Files.deleteIfExists(p);
      }
    }
  }
}
