package io.sparknodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;
import scala.tools.nsc.interpreter.Results;
import scala.tools.nsc.interpreter.shell.ReplReporterImpl;

/**
 * Runs the Zeppelin note in notebooks/ for real: its {@code %spark} paragraphs, in order, through
 * the Scala compiler's embedded REPL (class-based, as Zeppelin's Spark interpreter runs it) with
 * {@code spark}, {@code sc} and a small {@code z} bound, against the built classes. A paragraph
 * that fails to compile or throws fails the test with its title and the compiler's message.
 * {@code %spark.conf} paragraphs configure Zeppelin's interpreter (the jar comes from the test's
 * class path here): they are checked, not run; {@code %md} paragraphs are text.
 */
class ZeppelinNoteIT {
  private static final Path NOTEBOOKS = Path.of(System.getProperty("sparknodes.projectDir", ".")).resolve("notebooks");

  private static final Path TRANSCRIPT =
      Path.of(System.getProperty("sparknodes.projectDir", ".")).resolve("target/zeppelin-note-output.txt");

  record Paragraph(String title, String interpreter, String body) {}

  static List<Paragraph> paragraphs(Path note) throws Exception {
    JsonNode root = new ObjectMapper().readTree(note.toFile());
    List<Paragraph> out = new ArrayList<>();
    for (JsonNode p : root.path("paragraphs")) {
      String text = p.path("text").asText("");
      String title = p.path("title").asText("(untitled paragraph " + out.size() + ")");
      String trimmed = text.stripLeading();
      String interpreter = trimmed.startsWith("%") ? trimmed.split("\\s", 2)[0] : "%spark";
      String body = trimmed.startsWith("%") ? trimmed.substring(interpreter.length()) : text;
      out.add(new Paragraph(title, interpreter, body));
    }
    return out;
  }

  private static Path theNote() throws Exception {
    try (Stream<Path> files = Files.list(NOTEBOOKS)) {
      List<Path> notes = files.filter(f -> f.toString().endsWith(".zpln")).toList();
      assertEquals(1, notes.size(), "one note in " + NOTEBOOKS + ": " + notes);
      return notes.get(0);
    }
  }

  @Test
  void note_isZeppelin012Json_loadingTheAppJarInASparkConfParagraph() throws Exception {
    Path note = theNote();
    JsonNode root = new ObjectMapper().readTree(note.toFile());
    assertTrue(note.getFileName().toString().matches(".+_[0-9A-Z]{9}\\.zpln"), "Zeppelin names notes NAME_ID.zpln");
    assertEquals(note.getFileName().toString().replaceAll(".*_([0-9A-Z]{9})\\.zpln", "$1"), root.path("id").asText());
    assertEquals("spark", root.path("defaultInterpreterGroup").asText());
    assertTrue(root.path("version").asText().startsWith("0.12"), root.path("version").asText());
    List<Paragraph> ps = paragraphs(note);
    assertEquals("%spark.conf", ps.get(0).interpreter() + "", "the first paragraph configures the interpreter");
    assertTrue(ps.get(0).body().lines().anyMatch(l -> l.matches("spark\\.jars\\s+\\S+/sparknodes-[^/]*-app\\.jar")),
        "the %spark.conf paragraph loads the app jar through spark.jars:\n" + ps.get(0).body());
    for (Paragraph p : ps) {
      assertTrue(List.of("%spark", "%spark.conf", "%md").contains(p.interpreter()), p.title() + ": " + p.interpreter());
    }
    for (JsonNode p : root.path("paragraphs")) {
      assertFalse(p.path("id").asText().isEmpty(), "paragraph ids");
    }
  }

  @Test
  void sparkParagraphs_runInOrder_inTheScalaRepl(@TempDir Path tmp) throws Exception {
    List<Paragraph> paragraphs = paragraphs(theNote());
    Path classes = Files.createDirectories(tmp.resolve("repl-classes"));
    StringWriter compilerOutput = new StringWriter();
    IMain repl = repl(classes, compilerOutput);
    ClassLoader saved = Thread.currentThread().getContextClassLoader();
    SparkSession spark = null;
    try {
      assertTrue(repl.initializeCompiler(), "the Scala compiler did not start:\n" + compilerOutput);
      // As Zeppelin does: the session's executors load the REPL's classes through the interpreter's loader.
      Thread.currentThread().setContextClassLoader(repl.classLoader());
      spark = SparkSession.builder().master("local[2]").appName("zeppelin-note-test")
          .config("spark.repl.class.outputDir", classes.toString())
          .config("spark.ui.enabled", "false")
          .getOrCreate();
      ZeppelinContextStub z = new ZeppelinContextStub();
      bind(repl, "spark", "org.apache.spark.sql.SparkSession", spark, compilerOutput);
      bind(repl, "sc", "org.apache.spark.SparkContext", spark.sparkContext(), compilerOutput);
      bind(repl, "z", ZeppelinContextStub.class.getName(), z, compilerOutput);
      run(repl, "Zeppelin's imports", "import spark.implicits._\nimport spark.sql\nimport org.apache.spark.sql.functions._",
          compilerOutput);
      StringBuilder shown = new StringBuilder();
      int ran = 0;
      for (Paragraph p : paragraphs) {
        if (!p.interpreter().equals("%spark")) {
          continue;
        }
        shown.append("## ").append(p.title()).append('\n').append(run(repl, p.title(), p.body(), compilerOutput));
        ran++;
      }
      // What the note printed, for a person to read (target/zeppelin-note-output.txt).
      Files.writeString(TRANSCRIPT, shown, StandardCharsets.UTF_8);
      assertTrue(ran >= 4, "the note has " + ran + " %spark paragraphs");
      String output = shown.toString();
      assertEquals(1, z.tables().size(), "the ranking shown with z.show:\n" + output);
      String ranking = z.tables().get(0);
      assertTrue(ranking.startsWith("%table rank\t"), ranking);
      assertTrue(ranking.lines().count() >= 5, "a ranking of the grid's points:\n" + ranking);
      assertTrue(output.contains("%html <img src=\"data:image/png;base64,"), "the heat map as an %html image:\n" + output);
    } finally {
      if (spark != null) {
        spark.stop();
      }
      Thread.currentThread().setContextClassLoader(saved);
      repl.close();
    }
  }

  @Test
  void failingParagraph_failsWithItsTitleAndTheCompilersMessage(@TempDir Path tmp) throws Exception {
    StringWriter compilerOutput = new StringWriter();
    IMain repl = repl(Files.createDirectories(tmp.resolve("repl-classes")), compilerOutput);
    try {
      assertTrue(repl.initializeCompiler(), "the Scala compiler did not start:\n" + compilerOutput);
      AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
          () -> run(repl, "A broken paragraph", "val n: Int = \"not a number\"", compilerOutput));
      assertTrue(e.getMessage().startsWith("paragraph 'A broken paragraph' failed"), e.getMessage());
      assertTrue(e.getMessage().contains("type mismatch"), e.getMessage());
    } finally {
      repl.close();
    }
  }

  /** An embedded REPL as Zeppelin's Spark interpreter makes one: class-based, its classes written to {@code classes}. */
  private static IMain repl(Path classes, StringWriter compilerOutput) {
    Settings settings = new Settings();
    settings.processArgumentString("-usejavacp -Yrepl-class-based -Yrepl-outdir " + classes);
    return new IMain(settings, new ReplReporterImpl(settings, new PrintWriter(compilerOutput, true)));
  }

  private static void bind(IMain repl, String name, String type, Object value, StringWriter compilerOutput) {
    Results.Result r = repl.bind(name, type, value,
        scala.jdk.javaapi.CollectionConverters.asScala(List.of("@transient")).toList());
    if (r != Results.Success$.MODULE$) {
      fail("binding " + name + " failed:\n" + compilerOutput);
    }
  }

  /** Runs one paragraph and returns what it printed; fails with the paragraph's title and the compiler's output. */
  private static String run(IMain repl, String title, String code, StringWriter compilerOutput) {
    compilerOutput.getBuffer().setLength(0);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Results.Result[] result = new Results.Result[1];
    try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      scala.Console.withOut(out, () -> {
        result[0] = repl.interpret(code);
        return null;
      });
    }
    String text = printed.toString(StandardCharsets.UTF_8);
    if (result[0] != Results.Success$.MODULE$) {
      fail("paragraph '" + title + "' failed (" + result[0] + "):\n" + compilerOutput + "\nprinted:\n" + text);
    }
    return text;
  }
}
