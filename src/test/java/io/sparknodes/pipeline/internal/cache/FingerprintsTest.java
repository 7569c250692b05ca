package io.sparknodes.pipeline.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Stateful;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintsTest {
  record Point(int x, String y) {}

  enum Color { RED, GREEN }

  private static String fp(Object v) {
    return Fingerprints.of(v).orElseThrow();
  }

  @Test
  void valuesOfDifferentTypes_differ() {
    assertNotEquals(fp(1), fp("1"));
    assertNotEquals(fp(1), fp(1L));
    assertNotEquals(fp((short) 1), fp((byte) 1));
    assertNotEquals(fp(1.0), fp(1.0f));
    assertNotEquals(fp(null), fp("null"));
    assertNotEquals(fp(Optional.empty()), fp(null));
    assertNotEquals(fp(List.of()), fp(Set.of()));
    assertNotEquals(fp(List.of("ab")), fp(List.of("a", "b")));
    assertNotEquals(fp(new byte[] {1}), fp(new int[] {1}));
  }

  @Test
  void equalValues_fingerprintEqually_whateverTheirCollectionClass() {
    assertEquals(fp(List.of(1, 2)), fp(new ArrayList<>(List.of(1, 2))));
    assertEquals(fp(new byte[] {1, 2}), fp(new byte[] {1, 2}));
    assertEquals(fp(new Point(1, "a")), fp(new Point(1, "a")));
    assertEquals(fp(Color.RED), fp(Color.RED));
    assertNotEquals(fp(Color.RED), fp(Color.GREEN));
    assertNotEquals(fp(new Point(1, "a")), fp(new Point(1, "b")));
    assertEquals(fp(Optional.of(3)), fp(Optional.of(3)));
  }

  @Test
  void listOrderCounts_mapAndSetOrderDoNot() {
    assertNotEquals(fp(List.of(1, 2)), fp(List.of(2, 1)));
    Map<String, Integer> a = new HashMap<>();
    a.put("x", 1);
    a.put("y", 2);
    assertEquals(fp(a), fp(new TreeMap<>(Map.of("y", 2, "x", 1))));
    assertNotEquals(fp(Map.of("x", 1, "y", 2)), fp(Map.of("x", 2, "y", 1)));
    assertEquals(fp(new LinkedHashSet<>(List.of(3, 1, 2))), fp(Set.of(1, 2, 3)));
  }

  @Test
  void identityObjects_neverFingerprint_andTheOffenderIsNamed() {
    Object plain = new Object();
    assertTrue(Fingerprints.of(plain).isEmpty());
    assertTrue(Fingerprints.of(List.of(1, new StringBuilder("x"))).isEmpty());
    assertTrue(Fingerprints.of(Map.of("k", new Object())).isEmpty());
    assertEquals(Optional.of(StringBuilder.class), Fingerprints.offender(List.of(1, new StringBuilder("x"))));
    assertEquals(Optional.empty(), Fingerprints.offender(List.of(1, "x")));
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);
    assertTrue(Fingerprints.of(cycle).isEmpty());
  }

  @Test
  void codeFingerprint_isStable_andFollowsCapturedValues() {
    assertEquals(CodeFingerprint.of(lengthPlus(1)), CodeFingerprint.of(lengthPlus(1)));
    assertTrue(CodeFingerprint.of(lengthPlus(1)).isPresent());
    assertNotEquals(CodeFingerprint.of(lengthPlus(1)), CodeFingerprint.of(lengthPlus(2)));
    Node.Fn1<String, Integer> a = s -> s.length();
    Node.Fn1<String, Integer> b = s -> s.length() * 2;
    assertNotEquals(CodeFingerprint.of(a), CodeFingerprint.of(b));
  }

  @Test
  void codeFingerprint_ofALambdaCapturingAnIdentityObject_isEmpty() {
    Object lock = new Object();
    Node.Fn1<String, Integer> f = s -> s.length() + lock.hashCode();
    assertTrue(CodeFingerprint.of(f).isEmpty());
    Supplier<String> notSerializable = () -> "x";
    assertTrue(CodeFingerprint.of(notSerializable).isEmpty());
  }

  private static Node.Fn1<String, Integer> lengthPlus(int k) {
    return s -> s.length() + k;
  }

  @Test
  void changedLambdaBody_underTheSameClassAndName_givesAnotherFingerprint(@TempDir Path dir) throws Exception {
    Object one = compiledLambda(dir.resolve("one"), "s.length() + 1");
    Object again = compiledLambda(dir.resolve("again"), "s.length() + 1");
    Object two = compiledLambda(dir.resolve("two"), "s.length() + 2");
    Object helper = compiledLambda(dir.resolve("helper"), "helper(s)");
    Object helper2 = compiledLambda(dir.resolve("helper2"), "helper(s)", "s.length() * 3");
    assertEquals(CodeFingerprint.of(one), CodeFingerprint.of(again));
    assertTrue(CodeFingerprint.of(one).isPresent());
    assertNotEquals(CodeFingerprint.of(one), CodeFingerprint.of(two));
    // A helper of the same class is followed: its body counts too.
    assertNotEquals(CodeFingerprint.of(helper), CodeFingerprint.of(helper2));
  }

  /** Compiles gen.Gen, whose get() returns {@code s -> BODY} as an Fn1, in its own class loader. */
  static Object compiledLambda(Path dir, String body) throws Exception {
    return compiledLambda(dir, body, "s.length() * 2");
  }

  static Object compiledLambda(Path dir, String body, String helperBody) throws Exception {
    Path src = dir.resolve("gen/Gen.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, "package gen;\npublic class Gen implements java.util.function.Supplier<Object> {\n"
        + "  static int helper(String s) { return " + helperBody + "; }\n"
        + "  public Object get() { io.sparknodes.pipeline.Node.Fn1<String, Integer> f = s -> " + body + "; return f; }\n}\n");
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", System.getProperty("java.class.path")
        + java.io.File.pathSeparator + Path.of(Node.Fn1.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
        "-d", dir.toString(), src.toString());
    assertEquals(0, rc);
    URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, FingerprintsTest.class.getClassLoader());
    return ((Supplier<?>) loader.loadClass("gen.Gen").getDeclaredConstructor().newInstance()).get();
  }

  @Test
  void statefulRecipes_fingerprintByFactoryOrShippedValue() {
    Stateful<String> a = Stateful.of(() -> "model-a");
    assertTrue(a.fingerprint().isPresent());
    assertEquals(a.fingerprint(), a.perSlot().fingerprint());
    assertNotEquals(a.fingerprint(), Stateful.of(() -> "model-b").fingerprint());
    assertEquals(Stateful.shipped(List.of(1), Stateful.Scope.EXECUTOR).fingerprint(),
        Stateful.shipped(List.of(1), Stateful.Scope.SLOT).fingerprint());
  }

  @Test
  void nodeCodeFingerprint_versionWins_andKeysDependOnEveryPart() {
    Node v1 = Node.named("n").inputs("x").version("1").row((String x) -> x);
    Node v2 = Node.named("n").inputs("x").version("2").row((String x) -> x);
    assertEquals(Optional.of("version:1"), v1.codeFingerprint());
    assertNotEquals(v1.codeFingerprint(), v2.codeFingerprint());
    Node plain = Node.named("n").inputs("x").row((String x) -> x + "!");
    assertTrue(plain.codeFingerprint().isPresent());
    assertFalse(Node.named("n").inputs("x").cache(false).row((String x) -> x).isCached());

    String k = CacheKey.of("", "n", "c", Map.of("x", fp(1), "y", fp(2)), "String");
    assertEquals(k, CacheKey.of("", "n", "c", new TreeMap<>(Map.of("y", fp(2), "x", fp(1))), "String"));
    for (String other : List.of(CacheKey.of("salt", "n", "c", Map.of("x", fp(1), "y", fp(2)), "String"),
        CacheKey.of("", "m", "c", Map.of("x", fp(1), "y", fp(2)), "String"),
        CacheKey.of("", "n", "d", Map.of("x", fp(1), "y", fp(2)), "String"),
        CacheKey.of("", "n", "c", Map.of("x", fp(2), "y", fp(1)), "String"),
        CacheKey.of("", "n", "c", Map.of("x", fp(1), "y", fp(2)), "Integer"))) {
      assertNotEquals(k, other);
    }
    assertEquals(64, k.length());
    assertTrue(Arrays.asList(k.split("")).stream().allMatch(c -> "0123456789abcdef".contains(c)));
  }
}
