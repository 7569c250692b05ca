package io.sparknodes.results.format;

import io.sparknodes.results.AtomicFiles;
import io.sparknodes.results.Results;
import io.sparknodes.results.StopReason;
import io.sparknodes.results.Summary;
import io.sparknodes.results.Trial;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link Results} as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a
 * comma, quote or line break): one row per trial in completion order with columns {@code id}, one
 * per axis, {@code status, n, median, mean, std, cv, ci_low, ci_high, throughput, cold_seconds,
 * loops, applications, racing_samples, stop_reason, allocated_bytes_per_item, retained_heap_bytes,
 * flags, error}. Numbers are plain decimals independent of the default locale; absent values are
 * empty cells; flags are joined with {@code "; "}. The statistics ({@code n} to {@code throughput})
 * are over the balanced samples; {@code racing_samples} counts the samples racing added, and {@code
 * stop_reason} says why the point's sampling stopped (results.json's names, e.g. {@code
 * not_contender}), empty when racing never decided.
 */
public final class ResultsCsv {
  private static final List<String> STATS = List.of(
      "status", "n", "median", "mean", "std", "cv", "ci_low", "ci_high", "throughput", "cold_seconds", "loops",
      "applications", "racing_samples", "stop_reason", "allocated_bytes_per_item", "retained_heap_bytes", "flags", "error");

  private ResultsCsv() {}

  /** Writes the CSV of results to {@code file} atomically. */
  public static void write(Results results, Path file) throws IOException {
    AtomicFiles.write(file, toCsv(results));
  }

  /** The CSV text of results. */
  public static String toCsv(Results results) {
    Objects.requireNonNull(results, "results");
    StringBuilder out = new StringBuilder();
    List<String> header = new ArrayList<>();
    header.add("id");
    header.addAll(results.grid().axisNames());
    header.addAll(STATS);
    row(out, header);
    for (Trial t : results.trials()) {
      List<String> cells = new ArrayList<>();
      cells.add(t.id());
      for (String axis : results.grid().axisNames()) {
        cells.add(t.param(axis).map(Trial::valueText).orElse(""));
      }
      cells.add(t.status().name());
      if (t.summary().isPresent()) {
        Summary s = t.summary().get();
        cells.add(Integer.toString(s.n()));
        for (double v : new double[] {s.median(), s.mean(), s.std(), s.cv(), s.ciLow(), s.ciHigh(), s.throughput()}) {
          cells.add(number(v));
        }
      } else {
        cells.add("0");
        for (int i = 0; i < 7; i++) {
          cells.add("");
        }
      }
      cells.add(t.coldSeconds().isPresent() ? number(t.coldSeconds().getAsDouble()) : "");
      cells.add(Integer.toString(t.loops()));
      cells.add(Integer.toString(t.applicationCount()));
      cells.add(Integer.toString(t.racingSeconds().size()));
      cells.add(t.stopReason().map(StopReason::key).orElse(""));
      cells.add(t.allocatedBytesPerItem().isPresent() ? number(t.allocatedBytesPerItem().getAsDouble()) : "");
      cells.add(t.retainedHeapBytes().isPresent() ? Long.toString(t.retainedHeapBytes().getAsLong()) : "");
      cells.add(String.join("; ", t.flags()));
      cells.add(t.error().orElse(""));
      row(out, cells);
    }
    return out.toString();
  }

  private static void row(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(field(cells.get(i)));
    }
    out.append("\r\n");
  }

  /** A number in plain decimal notation, as an axis value's text shows it; independent of the default locale. */
  private static String number(double d) {
    return Trial.valueText(d);
  }

  /** One field, quoted (with quotes doubled) when it holds a comma, quote, CR or LF. */
  static String field(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }
}
