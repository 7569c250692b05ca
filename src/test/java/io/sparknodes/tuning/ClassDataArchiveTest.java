package io.sparknodes.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the sweep's JVMs get a class-data archive, and that a JVM really writes and maps one. */
class ClassDataArchiveTest {
  @TempDir
  Path dir;

  private static final String JAVA_HOME = System.getProperty("java.home");

  /** A class for the JVMs of {@link #aJvm_writesTheArchiveAtExit_andTheNextMapsIt}. */
  public static final class Hello {
    public static void main(String[] args) {
      System.out.println("hello");
    }
  }

  private Path jar(String name) throws IOException {
    Path jar = dir.resolve(name);
    String entry = Hello.class.getName().replace('.', '/') + ".class";
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
         InputStream in = Hello.class.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
    return jar;
  }

  @Test
  void aFolderOfClassesOnTheClassPath_getsNoArchive_butAnEmptyOrMissingOneDoes() throws IOException {
    Path jar = jar("a.jar");
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path archives = dir.resolve("archives");
    assertTrue(ClassDataArchive.of(archives, JAVA_HOME, jar + File.pathSeparator + classes, List.of()).isPresent(),
        "an empty folder holds no class to archive");
    assertTrue(ClassDataArchive.of(archives, JAVA_HOME, jar + File.pathSeparator + dir.resolve("gone"), List.of())
        .isPresent());
    Files.writeString(classes.resolve("A.class"), "x");
    assertFalse(ClassDataArchive.of(archives, JAVA_HOME, jar + File.pathSeparator + classes, List.of()).isPresent(),
        "HotSpot archives no class from a folder");
  }

  @Test
  void jvmOptionsThatChooseSharing_areTheUsersChoice() throws IOException {
    String cp = jar("a.jar").toString();
    for (String option : List.of("-Xshare:off", "-XX:SharedArchiveFile=/x.jsa", "-XX:ArchiveClassesAtExit=/y.jsa",
        "-XX:-UseSharedSpaces")) {
      assertFalse(ClassDataArchive.of(dir, JAVA_HOME, cp, List.of("-Xmx1g", option)).isPresent(), option);
    }
    assertTrue(ClassDataArchive.choosesSharing("-Xmx1g -Xshare:off"), "several options in one string");
    assertFalse(ClassDataArchive.choosesSharing("-Xmx1g -XX:+UseG1GC"));
  }

  @Test
  void theArchivesName_changesWithAJarsTime_theJvmOrItsOptions() throws IOException {
    Path jar = jar("a.jar");
    Path a = ClassDataArchive.of(dir, JAVA_HOME, jar.toString(), List.of("-Xmx1g")).orElseThrow().file();
    assertEquals(a, ClassDataArchive.of(dir, JAVA_HOME, jar.toString(), List.of("-Xmx1g")).orElseThrow().file());
    assertNotEquals(a, ClassDataArchive.of(dir, JAVA_HOME, jar.toString(), List.of("-Xmx2g")).orElseThrow().file());
    assertNotEquals(a, ClassDataArchive.of(dir, "/other/jdk", jar.toString(), List.of("-Xmx1g")).orElseThrow().file());
    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
    assertNotEquals(a, ClassDataArchive.of(dir, JAVA_HOME, jar.toString(), List.of("-Xmx1g")).orElseThrow().file(),
        "a rebuilt jar gets a new archive");
  }

  @Test
  void oneJvmWritesTheArchive_whichIsKeptOnlyAfterACleanExit_thenAllMapIt() throws IOException {
    ClassDataArchive archive = ClassDataArchive.of(dir, JAVA_HOME, jar("a.jar").toString(), List.of()).orElseThrow();
    String write = archive.groupJvmOption().orElseThrow();
    assertTrue(write.startsWith("-XX:ArchiveClassesAtExit="), write);
    assertEquals(Optional.empty(), archive.groupJvmOption(), "one JVM at a time writes it");
    assertEquals(Optional.empty(), archive.executorJvmOption(), "nothing to map yet");
    Path pending = Path.of(write.substring(write.indexOf('=') + 1));
    Files.writeString(pending, "half an archive");
    archive.childExited(false);
    assertFalse(Files.exists(pending), "a failed or killed JVM's file is removed");
    assertFalse(Files.exists(archive.file()));

    write = archive.groupJvmOption().orElseThrow();
    Files.writeString(Path.of(write.substring(write.indexOf('=') + 1)), "an archive");
    archive.childExited(true);
    assertTrue(Files.isRegularFile(archive.file()));
    assertEquals(Optional.of("-XX:SharedArchiveFile=" + archive.file()), archive.groupJvmOption());
    assertEquals(Optional.of("-XX:SharedArchiveFile=" + archive.file()), archive.executorJvmOption());
  }

  @Test
  void pruning_keepsTheNewestArchives() throws IOException {
    List<Path> all = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Path p = Files.writeString(dir.resolve(i + ".jsa"), "x");
      Files.setLastModifiedTime(p, FileTime.fromMillis(1_000_000L * (i + 1)));
      all.add(p);
    }
    Files.writeString(dir.resolve("other.txt"), "kept");
    ClassDataArchive.prune(dir, all.get(0));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of("0.jsa", "2.jsa", "3.jsa", "4.jsa", "other.txt"),
          left.map(p -> p.getFileName().toString()).sorted().toList(), "the 3 newest and the one in use");
    }
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void aJvm_writesTheArchiveAtExit_andTheNextMapsIt() throws Exception {
    String java = Path.of(JAVA_HOME, "bin", "java").toString();
    Process base = new ProcessBuilder(java, "-Xshare:on", "-version").redirectErrorStream(true).start();
    base.getInputStream().readAllBytes();
    Assumptions.assumeTrue(base.waitFor() == 0, "this JDK has no base class-data archive to build on");
    String cp = jar("a.jar").toString();
    ClassDataArchive archive = ClassDataArchive.of(dir.resolve("archives"), JAVA_HOME, cp, List.of()).orElseThrow();
    run(List.of(java, archive.groupJvmOption().orElseThrow(), "-cp", cp, Hello.class.getName()));
    archive.childExited(true);
    assertTrue(Files.size(archive.file()) > 0, "the JVM wrote the archive as it exited");
    String out = run(List.of(java, archive.groupJvmOption().orElseThrow(), "-Xlog:class+load=info", "-cp", cp,
        Hello.class.getName()));
    String loaded = out.lines().filter(l -> l.contains(Hello.class.getName() + " source:")).findFirst().orElseThrow();
    assertTrue(loaded.contains("shared objects file (top)"), "mapped from the dynamic archive: " + loaded);
    assertTrue(out.contains("hello"), out);
  }
}
