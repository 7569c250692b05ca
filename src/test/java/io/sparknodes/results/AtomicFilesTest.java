package io.sparknodes.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void write_replacesTheTargetAndLeavesOnlyIt() throws IOException {
    Path file = dir.resolve("a").resolve("report.md");
    AtomicFiles.write(file, "one");
    AtomicFiles.write(file, "two");
    assertEquals("two", Files.readString(file));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void write_givesOthersReadAccessLikeAnOrdinaryFile() throws IOException {
    Path file = dir.resolve("report.md");
    AtomicFiles.write(file, "x");
    Path plain = Files.writeString(dir.resolve("plain.md"), "x");
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
      assertTrue(Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_READ));
    }
  }
}
