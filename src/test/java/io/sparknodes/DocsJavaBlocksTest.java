package io.sparknodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of README.md and docs/*.md, compiled with javax.tools against this test's
 * class path, and the runnable ones run (one dynamic test a block, named by its file and line).
 *
 * <p>The conventions a block follows, so that what the reader sees is what compiles:
 * <ul>
 *   <li>A block that declares a {@code package} or a top-level type ({@code class}, {@code interface},
 *       {@code record}, {@code enum}) is a <b>compilation unit</b>, compiled as written (its file is
 *       {@code package/Name.java}). It runs when it has {@code public static void main(String[])}.
 *   <li>Any other block is a <b>fragment</b>: its leading {@code import} lines are its imports, and the
 *       rest becomes the body of {@code static void block(...) throws Exception} in a class of its own.
 *       A fragment with no import line gets the {@linkplain #DEFAULT_IMPORTS default imports} instead:
 *       {@code java.util.*}, {@code java.nio.file.Path}, Spark SQL's {@code Dataset}, {@code Row} and
 *       {@code SparkSession}, and each of the user-facing packages {@code io.sparknodes.pipeline},
 *       {@code io.sparknodes.config}, {@code io.sparknodes.spark} and {@code io.sparknodes.workloads}
 *       that exists.
 *   <li>A line {@code <!-- java: ... -->} right above the opening fence (an HTML comment: not shown
 *       when the Markdown is rendered) says more about a fragment, as items separated by {@code ;}:
 *       {@code run} runs it; any other item is a declaration of something the text around the block
 *       provides. A declaration with an initializer ({@code List<String> texts = List.of(" a ")}) is
 *       put before the body as a local variable; one without ({@code Pipeline pipeline}) becomes a
 *       parameter of {@code block}, and a fragment with parameters is compiled only. For example
 *       {@code <!-- java: run; List<String> texts = List.of(" A ", " B ") -->}.
 *   <li>Classes the examples take to be the reader's own ({@link #STUBS}, e.g. the dependency
 *       {@code com.acme.dep.Shout}) are stubbed here.
 * </ul>
 * A runnable block runs in this JVM with a class loader over the compiled blocks as the thread's
 * context class loader (Spark's executors in {@code local[N]} load the blocks' lambdas through it).
 */
class DocsJavaBlocksTest {
  private static final Path PROJECT = Path.of(System.getProperty("sparknodes.projectDir", ".")).toAbsolutePath()
      .normalize();
  private static final Pattern FENCE = Pattern.compile("^(\\s*)```java\\s*$");
  private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*java:(.*)-->\\s*$");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
  private static final Pattern TOP_TYPE = Pattern.compile(
      "(?m)^(?:public\\s+)?(?:(?:final|abstract|sealed)\\s+)*(?:class|interface|record|enum)\\s+(\\w+)");
  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "(?m)^public\\s+(?:(?:final|abstract|sealed)\\s+)*(?:class|interface|record|enum)\\s+(\\w+)");

  /** The imports of a fragment that has none of its own. */
  static final List<String> DEFAULT_IMPORTS = List.of("java.util.*", "java.nio.file.Path",
      "org.apache.spark.sql.Dataset", "org.apache.spark.sql.Row", "org.apache.spark.sql.SparkSession",
      "io.sparknodes.pipeline.*", "io.sparknodes.config.*", "io.sparknodes.spark.*", "io.sparknodes.workloads.*");

  /** The reader's own classes the examples name, as sources: file name to text. */
  static final Map<String, String> STUBS = Map.of("com/acme/dep/Shout.java", """
      package com.acme.dep;

      public final class Shout {
        public static String shout(String s) {
          return s.toUpperCase(java.util.Locale.ROOT) + "!";
        }
      }
      """);

  /** One {@code ```java} block: where it is, what it holds, and how it is compiled. */
  record Block(String file, int line, List<String> code, boolean run, List<String> declarations) {
    String where() {
      return file + ":" + line;
    }

    boolean unit() {
      String text = String.join("\n", code);
      return PACKAGE.matcher(text).find() || TOP_TYPE.matcher(text).find();
    }

    /** The fragment's class name, or the compilation unit's public type's qualified name. */
    String className() {
      String text = String.join("\n", code);
      if (!unit()) {
        return "docblocks." + file.replaceAll("\\.md$", "").replaceAll("[^A-Za-z0-9]", "_") + "_line" + line;
      }
      Matcher pkg = PACKAGE.matcher(text);
      Matcher type = PUBLIC_TYPE.matcher(text);
      if (!type.find()) {
        type = TOP_TYPE.matcher(text);
        type.find();
      }
      return (pkg.find() ? pkg.group(1) + "." : "") + type.group(1);
    }

    /** The Java source, and the source line the block's first line is on. */
    Source source() {
      String name = className();
      if (unit()) {
        return new Source(name, String.join("\n", code) + "\n", 1);
      }
      List<String> imports = new ArrayList<>();
      int first = 0;
      while (first < code.size() && (code.get(first).startsWith("import ") || code.get(first).isBlank())) {
        if (!code.get(first).isBlank()) {
          imports.add(code.get(first));
        }
        first++;
      }
      if (imports.isEmpty()) {
        for (String i : DEFAULT_IMPORTS) {
          if (!i.startsWith("io.sparknodes.") || packageExists(i.substring(0, i.length() - 2))) {
            imports.add("import " + i + ";");
          }
        }
      }
      List<String> params = new ArrayList<>();
      List<String> locals = new ArrayList<>();
      for (String d : declarations) {
        (d.contains("=") ? locals : params).add(d);
      }
      StringBuilder s = new StringBuilder("package docblocks;\n");
      imports.forEach(i -> s.append(i).append('\n'));
      s.append("@SuppressWarnings({\"unused\", \"unchecked\"})\n");
      s.append("public final class ").append(name.substring(name.lastIndexOf('.') + 1)).append(" {\n");
      s.append("  public static void block(").append(String.join(", ", params)).append(") throws Exception {\n");
      locals.forEach(l -> s.append("    ").append(l).append(";\n"));
      int bodyLine = (int) s.chars().filter(c -> c == '\n').count() + 1;
      code.subList(first, code.size()).forEach(l -> s.append(l).append('\n'));
      s.append("  }\n}\n");
      return new Source(name, s.toString(), bodyLine - first);
    }

    boolean runnable() {
      if (unit()) {
        return String.join("\n", code).contains("public static void main(String[]");
      }
      return run;
    }
  }

  record Source(String className, String text, int firstLine) {}

  static boolean packageExists(String pkg) {
    return DocsJavaBlocksTest.class.getClassLoader().getResource(pkg.replace('.', '/')) != null;
  }

  /** The documents: README.md and every docs/*.md. */
  static List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>();
    docs.add(PROJECT.resolve("README.md"));
    try (Stream<Path> s = Files.list(PROJECT.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  /** The {@code ```java} blocks of one Markdown file, with the marker line above each. */
  static List<Block> blocks(Path markdown) throws IOException {
    String file = PROJECT.relativize(markdown).toString().replace(File.separatorChar, '/');
    List<String> lines = Files.readAllLines(markdown);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher fence = FENCE.matcher(lines.get(i));
      if (!fence.matches()) {
        continue;
      }
      String indent = fence.group(1);
      boolean run = false;
      List<String> declarations = new ArrayList<>();
      Matcher marker = i > 0 ? MARKER.matcher(lines.get(i - 1)) : null;
      if (marker != null && marker.matches()) {
        for (String item : marker.group(1).split(";")) {
          String it = item.strip();
          if (it.equals("run")) {
            run = true;
          } else if (!it.isEmpty()) {
            declarations.add(it);
          }
        }
      }
      List<String> code = new ArrayList<>();
      int j = i + 1;
      for (; j < lines.size() && !lines.get(j).strip().equals("```"); j++) {
        String l = lines.get(j);
        code.add(l.startsWith(indent) ? l.substring(indent.length()) : l.stripLeading());
      }
      assertTrue(j < lines.size(), file + ":" + (i + 1) + ": a ```java block that never ends");
      blocks.add(new Block(file, i + 1, code, run, declarations));
      i = j;
    }
    return blocks;
  }

  static final class StringSource extends SimpleJavaFileObject {
    private final String text;

    StringSource(String path, String text) {
      super(URI.create("string:///" + path), Kind.SOURCE);
      this.text = text;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }

  /** Compiles the sources (and the stubs) into {@code out}; the diagnostics of errors, by file name. */
  static Map<String, List<String>> compile(Map<String, Source> sources, Path out) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<JavaFileObject> units = new ArrayList<>();
    STUBS.forEach((path, text) -> units.add(new StringSource(path, text)));
    Map<String, Source> byUri = new LinkedHashMap<>();
    sources.forEach((where, source) -> {
      String path = source.className().replace('.', '/') + ".java";
      units.add(new StringSource(path, source.text()));
      byUri.put("/" + path, source);
    });
    boolean ok = javac.getTask(null, null, diagnostics,
        List.of("-d", out.toString(), "-cp", System.getProperty("java.class.path"), "--release", "17",
            "-proc:none", "-Xlint:none"), null, units).call();
    Map<String, List<String>> errors = new LinkedHashMap<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      String uri = d.getSource() == null ? "?" : d.getSource().toUri().getPath();
      String where = sources.entrySet().stream().filter(e -> byUri.get(uri) == e.getValue()).map(Map.Entry::getKey)
          .findFirst().orElse(uri);
      Source s = byUri.get(uri);
      String at = s == null ? "" : " (line " + (d.getLineNumber() - s.firstLine() + 1) + " of the block)";
      errors.computeIfAbsent(where, k -> new ArrayList<>()).add(d.getMessage(Locale.ROOT) + at);
    }
    assertTrue(ok || !errors.isEmpty(), "javac failed without an error: " + diagnostics.getDiagnostics());
    return errors;
  }

  @TestFactory
  List<DynamicTest> everyJavaBlock_compiles_andTheRunnableOnesRun(@TempDir Path tmp) throws Exception {
    List<Block> blocks = new ArrayList<>();
    for (Path doc : documents()) {
      blocks.addAll(blocks(doc));
    }
    assertTrue(blocks.size() >= 10, "too few ```java blocks found: " + blocks.size());
    Map<String, Source> sources = new LinkedHashMap<>();
    for (Block b : blocks) {
      sources.put(b.where(), b.source());
    }
    Path all = Files.createDirectories(tmp.resolve("all"));
    Map<String, List<String>> errors = compile(sources, all);
    List<DynamicTest> tests = new ArrayList<>();
    for (Block b : blocks) {
      Source source = sources.get(b.where());
      tests.add(DynamicTest.dynamicTest(b.where() + (b.runnable() ? " (runs)" : " (compiles)"), () -> {
        Path classes = all;
        if (!errors.isEmpty()) {
          // Something failed: compile this block alone, so that its own errors (if any) are its own.
          classes = Files.createDirectories(tmp.resolve("alone-" + b.where().replaceAll("[^A-Za-z0-9]", "_")));
          List<String> own = compile(Map.of(b.where(), source), classes).get(b.where());
          if (own != null) {
            fail(b.where() + ": the ```java block does not compile:\n  " + String.join("\n  ", own)
                + "\n--- as compiled ---\n" + source.text());
          }
        }
        if (b.runnable()) {
          run(b, source, classes);
        }
      }));
    }
    return tests;
  }

  private static void run(Block b, Source source, Path classes) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        DocsJavaBlocksTest.class.getClassLoader())) {
      thread.setContextClassLoader(loader);
      Class<?> type = loader.loadClass(source.className());
      Method m = b.unit() ? type.getMethod("main", String[].class) : type.getMethod("block");
      assertTrue(Modifier.isStatic(m.getModifiers()), b.where() + ": not static");
      try {
        m.invoke(null, b.unit() ? new Object[] {new String[0]} : new Object[0]);
      } catch (InvocationTargetException e) {
        throw new AssertionError(b.where() + ": the ```java block failed when run: " + e.getCause(), e.getCause());
      }
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  @Test
  void conventions_fragmentsUnitsAndMarkers(@TempDir Path tmp) throws Exception {
    Path md = Files.writeString(Files.createDirectories(tmp.resolve("docs")).resolve("x.md"), """
        <!-- java: run; List<String> texts = List.of(" a ") -->
        ```java
        int n = texts.size();
        ```

          ```java
          package com.acme;
          public final class Job {
            public static void main(String[] args) {}
          }
          ```
        """);
    List<Block> blocks = blocks(md.toAbsolutePath().normalize());
    assertEquals(2, blocks.size());
    assertTrue(blocks.get(0).runnable() && !blocks.get(0).unit());
    assertEquals(List.of("List<String> texts = List.of(\" a \")"), blocks.get(0).declarations());
    assertTrue(blocks.get(1).unit() && blocks.get(1).runnable());
    assertEquals("com.acme.Job", blocks.get(1).className());
    assertEquals("package com.acme;", blocks.get(1).code().get(0), "the list item's indent is taken off");
  }
}
