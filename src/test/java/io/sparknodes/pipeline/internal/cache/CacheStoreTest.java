package io.sparknodes.pipeline.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.cli.Main;
import io.sparknodes.pipeline.NodeCache;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheStoreTest {
  @TempDir Path dir;

  private static String key(int i) {
    return Fingerprints.of(i).orElseThrow();
  }

  private CacheStore store() throws Exception {
    return CacheStore.open(NodeCache.directory(dir));
  }

  @Test
  void storedValues_comeBack_nullIncluded() throws Exception {
    CacheStore s = store();
    assertEquals(Optional.empty(), s.get("n", key(1)));
    assertEquals(CacheStore.Put.STORED, s.put("n", key(1), List.of("a", 1)));
    assertEquals(CacheStore.Put.STORED, s.put("n", key(2), null));
    assertEquals(List.of("a", 1), s.get("n", key(1)).orElseThrow().value());
    assertTrue(s.get("n", key(2)).isPresent());
    assertEquals(null, s.get("n", key(2)).orElseThrow().value());
    assertEquals(Optional.empty(), s.get("other", key(1)));
    // Another store on the same directory (another process) sees them.
    assertEquals(List.of("a", 1), CacheStore.open(NodeCache.at(dir.toString())).get("n", key(1)).orElseThrow().value());
  }

  @Test
  void unserializableValue_isNotStored() throws Exception {
    assertEquals(CacheStore.Put.UNSERIALIZABLE, store().put("n", key(1), new Object()));
    assertTrue(store().get("n", key(1)).isEmpty());
  }

  @Test
  void damagedEntries_areMisses_andAreDeleted() throws Exception {
    CacheStore s = store();
    for (int i = 0; i < 3; i++) {
      s.put("n", key(i), "value " + i);
    }
    List<Path> files = entryFiles();
    assertEquals(3, files.size());
    byte[] flipped = Files.readAllBytes(files.get(0));
    flipped[flipped.length - 1] ^= 1;
    Files.write(files.get(0), flipped);
    byte[] whole = Files.readAllBytes(files.get(1));
    Files.write(files.get(1), java.util.Arrays.copyOf(whole, whole.length / 2));
    Files.write(files.get(2), new byte[0]);
    for (int i = 0; i < 3; i++) {
      assertTrue(s.get("n", key(i)).isEmpty(), "entry " + i);
    }
    assertEquals(0, entryFiles().size());
    s.put("n", key(0), "again");
    assertEquals("again", s.get("n", key(0)).orElseThrow().value());
  }

  @Test
  void anEntryMovedUnderAnotherKey_isNotReturned() throws Exception {
    CacheStore s = store();
    s.put("n", key(1), "one");
    Path f = entryFiles().get(0);
    Path other = f.getParent().getParent().resolve(key(2).substring(0, 2)).resolve(key(2));
    Files.createDirectories(other.getParent());
    Files.copy(f, other);
    assertTrue(s.get("n", key(2)).isEmpty());
  }

  @Test
  void twoThreadsWriting_loseNothing() throws Exception {
    CacheStore a = store();
    CacheStore b = store();
    Thread t1 = new Thread(() -> write(a, 0, 300));
    Thread t2 = new Thread(() -> write(b, 150, 450));
    t1.start();
    t2.start();
    t1.join();
    t2.join();
    for (int i = 0; i < 450; i++) {
      assertEquals("v" + i, a.get("n", key(i)).orElseThrow().value());
    }
  }

  @Test
  void anotherJvmWritingAtTheSameTime_losesNothing() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Writer.class.getName(),
        dir.toString(), "0", "400").redirectErrorStream(true).start();
    write(store(), 200, 600);
    String output = new String(child.getInputStream().readAllBytes());
    assertEquals(0, child.waitFor(), output);
    CacheStore s = store();
    for (int i = 0; i < 600; i++) {
      assertEquals("v" + i, s.get("n", key(i)).orElseThrow().value(), "item " + i);
    }
    assertEquals(600, s.info().get(0).entries());
  }

  /** The other JVM: writes entries [from, to) of node "n". */
  public static final class Writer {
    public static void main(String[] args) throws Exception {
      write(CacheStore.open(NodeCache.directory(Path.of(args[0]))), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    }
  }

  static void write(CacheStore s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.put("n", key(i), "v" + i) != CacheStore.Put.STORED) {
        throw new AssertionError("not stored: " + i);
      }
    }
  }

  @Test
  void sizeCap_prunesTheLeastRecentlyUsed() throws Exception {
    CacheStore s = CacheStore.open(NodeCache.directory(dir).maxBytes(20_000));
    byte[] kb = new byte[1000];
    for (int i = 0; i < 10; i++) {
      s.put("n", key(i), kb);
    }
    assertTrue(s.get("n", key(0)).isPresent());
    for (int i = 10; i < 20; i++) {
      s.put("n", key(i), kb);
    }
    long bytes = s.info().stream().mapToLong(CacheStore.NodeEntries::bytes).sum();
    assertTrue(bytes <= 20_000, "bytes " + bytes);
    assertTrue(s.get("n", key(0)).isPresent(), "the entry used last is kept");
    assertTrue(s.get("n", key(1)).isEmpty(), "the least recently used entry is pruned");
    assertTrue(s.get("n", key(19)).isPresent());
  }

  @Test
  void cli_infoAndClearByNode() throws Exception {
    CacheStore s = store();
    s.put("clean", key(1), "a");
    s.put("clean", key(2), "b");
    s.put("stats/length", key(1), 3);
    StringWriter out = new StringWriter();
    assertEquals(0, Main.execute(new String[] {"cache", "info", dir.toString()}, new PrintWriter(out), new PrintWriter(new StringWriter())));
    assertTrue(out.toString().matches("(?s)clean\\s+2 entries.*stats/length\\s+1 entries.*total\\s+3 entries.*"), out.toString());
    out = new StringWriter();
    assertEquals(0, Main.execute(new String[] {"cache", "clear", dir.toString(), "--node", "clean"}, new PrintWriter(out),
        new PrintWriter(new StringWriter())));
    assertEquals("deleted 2 entries of node 'clean'", out.toString().strip());
    assertTrue(s.get("clean", key(1)).isEmpty());
    assertEquals(3, s.get("stats/length", key(1)).orElseThrow().value());
    assertEquals(1, s.clear(Optional.empty()));
    assertFalse(s.get("stats/length", key(1)).isPresent());
  }

  private List<Path> entryFiles() throws Exception {
    try (Stream<Path> files = Files.walk(dir.resolve("v1"))) {
      return new ArrayList<>(files.filter(Files::isRegularFile).filter(p -> !p.getParent().getFileName().toString().equals("tmp")).sorted().toList());
    }
  }
}
