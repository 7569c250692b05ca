package io.sparknodes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: one line naming the file, key or value, exit 2, no stack trace, nothing already written harmed. */
class BadInputTest {
  @TempDir
  Path dir;

  private static final String GOOD = """
      {"workload": "text-normalize", "items": 20, "warmup": 0, "repeats": 1, "budget_seconds": 0,
       "axes": {"use_process": [false], "max_concurrency": [1], "batch_size": [10]}}""";

  private GridCommandTest.Run grid(String gridJson, String... extra) throws Exception {
    Path file = dir.resolve("grid.json");
    Files.writeString(file, gridJson);
    List<String> args = new ArrayList<>(List.of("grid", file.toString(), "--out", dir.resolve("out").toString()));
    args.addAll(List.of(extra));
    return GridCommandTest.cli(args.toArray(String[]::new));
  }

  private static void assertUsageError(GridCommandTest.Run run, String expected) {
    assertEquals(2, run.code(), run.err());
    List<String> lines = run.err().lines().toList();
    assertEquals(1, lines.size(), "one line, no stack trace: " + run.err());
    assertTrue(lines.get(0).startsWith("sparknodes: "), lines.get(0));
    assertTrue(lines.get(0).contains(expected), "expected «" + expected + "» in: " + lines.get(0));
  }

  @Test
  void malformedJson() throws Exception {
    assertUsageError(grid("{\"workload\": "), "grid.json: not valid JSON");
  }

  @Test
  void malformedJson_givesLineAndColumn_withoutJacksonsInternals() throws Exception {
    GridCommandTest.Run run = grid("{\n  \"workload\": \"text-normalize\",\n  \"items\": 20,,\n}");
    // Jackson 2.17 points at the second comma (column 15); 2.15 (the spark-3.5 profile) one past it.
    assertUsageError(run, "grid.json: not valid JSON at line 3, column 1");
    assertTrue(run.err().matches("(?s).*line 3, column 1[56]: Unexpected character \\(',' \\(code 44\\)\\).*"), run.err());
    assertFalse(run.err().contains("Source:"), run.err());
    assertFalse(run.err().contains("StreamReadFeature"), run.err());
    GridCommandTest.Run unclosed = grid("{\"workload\": \"text-normalize\",\n \"axes\": {\"batch_size\": [1]");
    assertUsageError(unclosed, "(opened at line 2, column 10)");
    assertFalse(unclosed.err().contains("Source:"), unclosed.err());
  }

  @Test
  void gridFileThatIsNotUtf8_saysSo_withTheFileAndWhere() throws Exception {
    Path file = dir.resolve("latin1.json");
    // "Café" in ISO-8859-1: 0xE9 followed by a quote is not UTF-8.
    Files.write(file, GOOD.replace("\"workload\"", "\"name\": \"Caf\u00e9\", \"workload\"")
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    GridCommandTest.Run run = GridCommandTest.cli("grid", file.toString(), "--out", dir.resolve("out").toString());
    assertUsageError(run, "grid file " + file + " is not UTF-8 text: byte 0xE9 at offset 13 (line 1)");
    assertFalse(run.err().contains("Input length"), run.err());
  }

  @Test
  void gridFileWithAByteOrderMark_isRead() throws Exception {
    Path file = dir.resolve("bom.json");
    Files.writeString(file, "\uFEFF" + GOOD.replace("[10]", "[0]"));
    GridCommandTest.Run run = GridCommandTest.cli("grid", file.toString(), "--out", dir.resolve("out").toString());
    // Parsed past the mark: the error is the grid's own.
    assertUsageError(run, "batch_size must be positive but was 0");
  }

  @Test
  void unknownKeyAndUnknownAxis() throws Exception {
    assertUsageError(grid(GOOD.replace("\"items\"", "\"colour\": 1, \"items\"")), "unknown key 'colour'");
    assertUsageError(grid(GOOD.replace("\"batch_size\"", "\"batch\"")), "axes.batch[0]: unknown key 'batch'");
  }

  @Test
  void emptyAxisAndWrongType() throws Exception {
    assertUsageError(grid(GOOD.replace("[10]", "[]")), "axis 'batch_size' is empty");
    assertUsageError(grid(GOOD.replace("[10]", "[\"ten\"]")), "batch_size must be an integer or \"auto\" but was \"ten\"");
  }

  @Test
  void outOfRangeKnobs() throws Exception {
    assertUsageError(grid(GOOD.replace("[10]", "[0]")), "batch_size must be positive but was 0");
    assertUsageError(grid(GOOD.replace("[10]", "[-1]")), "batch_size must be positive but was -1");
    assertUsageError(grid(GOOD.replace("[10]", "[1000000000]")), "batch_size must be at most 16777216 but was 1000000000");
    assertUsageError(grid(GOOD.replace("\"max_concurrency\": [1]", "\"max_concurrency\": [0]")),
        "max_concurrency must be positive but was 0");
    assertUsageError(grid(GOOD.replace("\"max_concurrency\": [1]", "\"max_concurrency\": [100000]")),
        "max_concurrency must be at most 1024 but was 100000");
  }

  @Test
  void unknownWorkloadClass() throws Exception {
    assertUsageError(grid(GOOD.replace("text-normalize", "com.example.NoSuchWorkload")),
        "unknown workload class 'com.example.NoSuchWorkload': not on the class path");
  }

  @Test
  void workloadClassThatFailsToInitialize() throws Exception {
    assertUsageError(grid(GOOD.replace("text-normalize", TestWorkloads.FailsToInitialize.class.getName())),
        "workload class '" + TestWorkloads.FailsToInitialize.class.getName() + "' failed to initialize:"
            + " java.lang.NumberFormatException");
  }

  @Test
  void inputWithAnEmptyValue_namesTheFileColumnAndRow() throws Exception {
    Path csv = dir.resolve("gaps.csv");
    Files.writeString(csv, "id,text\n1,hello\n2,\n3,world\n");
    assertUsageError(grid(GOOD, "--input", csv.toString(), "--column", "text"),
        "input file " + csv + " has no value in column 'text' at row 2");
    // a column whose name holds a dot is that column, not a field of a struct
    Path dotted = dir.resolve("dotted.csv");
    Files.writeString(dotted, "id,a.b\n1,\n");
    assertUsageError(grid(GOOD, "--input", dotted.toString(), "--column", "a.b"),
        "input file " + dotted + " has no value in column 'a.b' at row 1");
  }

  @Test
  void masterThatIsNotAnExternalOne_isAUsageError_beforeAnythingIsWritten() throws Exception {
    assertUsageError(grid(GOOD, "--master", "foo://bar"), "--master: 'foo://bar' is not an external master");
    assertUsageError(grid(GOOD, "--master", "local[2]"), "--master: 'local[2]' is not an external master");
    assertFalse(Files.exists(dir.resolve("out")), "nothing written");
  }

  @Test
  void resumeOfAFolderWithoutResults_leavesNothingBehind() throws Exception {
    Path missing = dir.resolve("never-ran");
    Path file = dir.resolve("grid.json");
    Files.writeString(file, GOOD);
    GridCommandTest.Run run = GridCommandTest.cli("grid", file.toString(), "--resume", missing.toString());
    assertUsageError(run, "nothing to resume: " + missing.resolve("results.json") + " does not exist");
    assertFalse(Files.exists(missing), "the folder was not made");
  }

  @Test
  void missingInputFileOrColumn() throws Exception {
    assertUsageError(grid(GOOD, "--input", dir.resolve("nope.csv").toString(), "--column", "text"),
        "input file " + dir.resolve("nope.csv") + " does not exist");
    Path csv = dir.resolve("data.csv");
    Files.writeString(csv, "id,body\n1,Hello\n");
    assertUsageError(grid(GOOD, "--input", csv.toString(), "--column", "text"),
        "input file " + csv + " has no column 'text'; its columns are [id, body]");
  }

  @Test
  void unwritableOutputFolder() throws Exception {
    Path blocker = dir.resolve("file");
    Files.writeString(blocker, "not a folder");
    Path file = dir.resolve("grid.json");
    Files.writeString(file, GOOD);
    GridCommandTest.Run run = GridCommandTest.cli("grid", file.toString(), "--out", blocker.resolve("sub").toString());
    assertUsageError(run, "output folder " + blocker.resolve("sub") + " cannot be created");
  }

  @Test
  void pipelineErrorsOfAUsersWorkload() throws Exception {
    assertUsageError(grid(GOOD.replace("text-normalize", TestWorkloads.Cyclic.class.getName())), "cycle: b -> a -> b");
    assertUsageError(grid(GOOD.replace("text-normalize", TestWorkloads.MissingInput.class.getName())),
        "missing input 'dictionary' (needed by node 'a')");
    assertUsageError(grid(GOOD.replace("text-normalize", TestWorkloads.Unequal.class.getName())),
        "mapped inputs have unequal lengths: 'text' has 2 items but 'weight' has 1");
  }

  @Test
  void badChildJvmOption_isOneUsageError_beforeTheSweepStarts() throws Exception {
    GridCommandTest.Run run = grid(GOOD, "--child-jvm-option=-Xmx1x");
    assertUsageError(run, "--child-jvm-option: java does not start with [-Xmx1x]: Invalid maximum heap size: -Xmx1x");
    assertFalse(Files.exists(dir.resolve("out").resolve("results.json")), "nothing ran");
  }

  @Test
  void usageErrors() {
    GridCommandTest.Run run = GridCommandTest.cli("grid", "--no-such-option");
    assertEquals(2, run.code());
    assertTrue(run.err().startsWith("sparknodes: Unknown option: '--no-such-option'"), run.err());
    assertEquals(2, GridCommandTest.cli().code());
    GridCommandTest.Run help = GridCommandTest.cli("grid", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("--resume"), help.out());
  }

  @Test
  void verbosePrintsTheStackTrace() throws Exception {
    GridCommandTest.Run run = grid(GOOD.replace("[10]", "[0]"), "--verbose");
    assertEquals(2, run.code());
    assertTrue(run.err().contains("\tat io.sparknodes."), run.err());
  }

  @Test
  void existingResultsAreNeverOverwritten_andBadInputLeavesThemIntact() throws Exception {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Path results = out.resolve("results.json");
    Files.writeString(results, "{\"precious\": true}");
    GridCommandTest.Run again = grid(GOOD);
    assertUsageError(again, "results.json already exists: resume it with --resume, or choose another --out");
    GridCommandTest.Run bad = GridCommandTest.cli("grid", "--resume", out.toString(), "--items", "0");
    assertEquals(2, bad.code(), bad.err());
    assertEquals("{\"precious\": true}", Files.readString(results));
    assertFalse(Files.exists(out.resolve("report.md")));
  }
}
