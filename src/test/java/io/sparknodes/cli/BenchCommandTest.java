package io.sparknodes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The bench command's usage errors: exit code 2 and a message naming the bad value, before anything runs. */
class BenchCommandTest {
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void unknownBenchmark_isBadUsage() {
    Run r = run("bench", "speed");
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("unknown benchmark 'speed': expected one of [stateful, batch, overhead, scale, partitions, cache] or all"),
        r.err());
  }

  @Test
  void unknownScale_isBadUsage() {
    Run r = run("bench", "overhead", "--scale", "huge");
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("scale must be tiny or full but was 'huge'"), r.err());
  }

  @Test
  void tooFewRepeatsAtFullScale_isBadUsage() {
    Run r = run("bench", "all", "--repeats", "3");
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("repeats must be at least 5 at full scale but was 3"), r.err());
  }

  @Test
  void help_namesTheBenchmarks() {
    Run r = run("bench", "--help");
    assertEquals(Main.OK, r.code());
    assertTrue(r.out().contains("stateful, batch, overhead, scale, partitions or all"), r.out());
  }
}
