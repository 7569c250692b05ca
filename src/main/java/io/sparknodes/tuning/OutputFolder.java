package io.sparknodes.tuning;

import io.sparknodes.results.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A sweep's output folder and the files in it: {@code results.json}, {@code grid.json} (the grid,
 * for users and for {@code --resume}), {@code items.json} (the user's items, for the groups' JVMs)
 * and {@code logs/}, which holds each group's log and each application's points file (its {@link
 * ChildInput}: the typed points the group's JVM runs).
 */
final class OutputFolder {
  private final Path dir;

  private OutputFolder(Path dir) {
    this.dir = dir;
  }

  /**
   * The folder {@code dir}, made (with its {@code logs/}) if need be.
   *
   * @throws IllegalArgumentException when it cannot be made or is not writable
   */
  static OutputFolder prepare(Path dir) {
    try {
      Files.createDirectories(dir.resolve("logs"));
    } catch (IOException e) {
      throw new IllegalArgumentException("output folder " + dir + " cannot be created: " + e.getMessage(), e);
    }
    if (!Files.isWritable(dir) || !Files.isWritable(dir.resolve("logs"))) {
      throw new IllegalArgumentException("output folder " + dir + " is not writable");
    }
    return new OutputFolder(dir);
  }

  /** The results file of a sweep in {@code dir}. */
  static Path resultsFile(Path dir) {
    return dir.resolve("results.json");
  }

  Path dir() {
    return dir;
  }

  Path resultsFile() {
    return resultsFile(dir);
  }

  Path gridFile() {
    return dir.resolve("grid.json");
  }

  /** Writes the grid, as grid-file JSON (for users, and for {@code grid --resume}). */
  Path writeGrid(Grid grid) throws IOException {
    AtomicFiles.write(gridFile(), grid.toJson());
    return gridFile();
  }

  /** The user's items an earlier run of this folder's sweep mapped over, if it had any. */
  java.util.Optional<List<String>> readItems() throws IOException {
    Path file = dir.resolve("items.json");
    return java.nio.file.Files.exists(file) ? java.util.Optional.of(ChildProtocol.readItems(file))
        : java.util.Optional.empty();
  }

  /** Writes the user's items the groups' JVMs map over. */
  Path writeItems(List<String> items) throws IOException {
    Path file = dir.resolve("items.json");
    ChildProtocol.writeItems(items, file);
    return file;
  }

  /** The log of a group's JVMs (standard error, appended by each of its applications). */
  Path log(int group) {
    return dir.resolve("logs").resolve("group-" + group + ".log");
  }

  /** The points file of one application of a group. */
  Path pointsFile(int group, int application) {
    return dir.resolve("logs").resolve("group-" + group + "-app-" + application + "-points.json");
  }
}
