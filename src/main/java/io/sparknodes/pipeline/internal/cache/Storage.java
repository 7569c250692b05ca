package io.sparknodes.pipeline.internal.cache;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The files of a cache directory, by paths relative to it ("n-…/ab/key"): java.nio for a local
 * directory (Hadoop's local file system forks a chmod per file it creates where its native library
 * is missing, which costs a cache hit-or-store its speed), a Hadoop {@link FileSystem} for any
 * other scheme. Writes go to a temporary file under {@code tmp/} and are renamed into place.
 */
abstract class Storage {
  /** One file: its relative path, length and modification time. */
  record Entry(String path, long length, long modified) {}

  /** The storage of the directory at {@code uri}. */
  static Storage open(URI uri, Configuration conf) throws IOException {
    if ("file".equals(uri.getScheme())) {
      return new Local(java.nio.file.Path.of(uri));
    }
    return new Hadoop(FileSystem.get(uri, conf), new Path(uri));
  }

  /** The file's bytes, or null if there is none. */
  abstract byte[] read(String path) throws IOException;

  /** Writes the file atomically (a reader sees the old file, or the new one whole); false if it could not. */
  abstract boolean write(String path, byte[] data) throws IOException;

  abstract void delete(String path) throws IOException;

  abstract void touch(String path, long millis) throws IOException;

  /** The files under {@code dir} (relative), recursively; none if it does not exist. */
  abstract List<Entry> list(String dir) throws IOException;

  /** The directories right under the root. */
  abstract List<String> roots() throws IOException;

  static String tmpName() {
    return "tmp/" + UUID.randomUUID();
  }

  private static final class Local extends Storage {
    private final java.nio.file.Path root;

    Local(java.nio.file.Path root) throws IOException {
      this.root = root;
      Files.createDirectories(root.resolve("tmp"));
    }

    @Override
    byte[] read(String path) throws IOException {
      try {
        return Files.readAllBytes(root.resolve(path));
      } catch (NoSuchFileException e) {
        return null;
      }
    }

    @Override
    boolean write(String path, byte[] data) throws IOException {
      java.nio.file.Path tmp = root.resolve(tmpName());
      java.nio.file.Path target = root.resolve(path);
      try {
        Files.write(tmp, data);
        Files.createDirectories(target.getParent());
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return true;
      } finally {
        Files.deleteIfExists(tmp);
      }
    }

    @Override
    void delete(String path) throws IOException {
      Files.deleteIfExists(root.resolve(path));
    }

    @Override
    void touch(String path, long millis) throws IOException {
      Files.setLastModifiedTime(root.resolve(path), FileTime.fromMillis(millis));
    }

    @Override
    List<Entry> list(String dir) throws IOException {
      java.nio.file.Path d = root.resolve(dir);
      if (!Files.isDirectory(d)) {
        return List.of();
      }
      List<Entry> out = new ArrayList<>();
      try (Stream<java.nio.file.Path> files = Files.walk(d)) {
        for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) files::iterator) {
          try {
            if (Files.isRegularFile(p)) {
              out.add(new Entry(root.relativize(p).toString().replace('\\', '/'), Files.size(p),
                  Files.getLastModifiedTime(p).toMillis()));
            }
          } catch (NoSuchFileException e) {
            // Deleted meanwhile by another process.
          }
        }
      } catch (java.io.UncheckedIOException e) {
        throw e.getCause();
      }
      return out;
    }

    @Override
    List<String> roots() throws IOException {
      try (Stream<java.nio.file.Path> dirs = Files.list(root)) {
        return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
      }
    }
  }

  private static final class Hadoop extends Storage {
    private final FileSystem fs;
    private final Path root;

    Hadoop(FileSystem fs, Path root) throws IOException {
      this.fs = fs;
      this.root = fs.makeQualified(root);
      fs.mkdirs(new Path(this.root, "tmp"));
    }

    @Override
    byte[] read(String path) throws IOException {
      try (InputStream in = fs.open(new Path(root, path))) {
        return in.readAllBytes();
      } catch (FileNotFoundException e) {
        return null;
      }
    }

    @Override
    boolean write(String path, byte[] data) throws IOException {
      Path tmp = new Path(root, tmpName());
      Path target = new Path(root, path);
      try {
        try (FSDataOutputStream out = fs.create(tmp, true)) {
          out.write(data);
        }
        fs.mkdirs(target.getParent());
        // A rename that does not replace (HDFS) fails on an existing entry: that one goes first.
        return fs.rename(tmp, target) || (fs.delete(target, false) | true) && fs.rename(tmp, target);
      } finally {
        fs.delete(tmp, false);
      }
    }

    @Override
    void delete(String path) throws IOException {
      fs.delete(new Path(root, path), false);
    }

    @Override
    void touch(String path, long millis) throws IOException {
      fs.setTimes(new Path(root, path), millis, -1);
    }

    @Override
    List<Entry> list(String dir) throws IOException {
      Path d = new Path(root, dir);
      if (!fs.exists(d)) {
        return List.of();
      }
      List<Entry> out = new ArrayList<>();
      String prefix = root.toUri().getPath();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(d, true);
      while (it.hasNext()) {
        LocatedFileStatus f = it.next();
        if (f.isFile()) {
          String p = f.getPath().toUri().getPath();
          out.add(new Entry(p.substring(prefix.length() + (prefix.endsWith("/") ? 0 : 1)), f.getLen(),
              f.getModificationTime()));
        }
      }
      return out;
    }

    @Override
    List<String> roots() throws IOException {
      List<String> out = new ArrayList<>();
      for (FileStatus s : fs.listStatus(root)) {
        if (s.isDirectory()) {
          out.add(s.getPath().getName());
        }
      }
      return out;
    }
  }
}
