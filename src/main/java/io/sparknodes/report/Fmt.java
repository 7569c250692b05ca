package io.sparknodes.report;

import io.sparknodes.results.Trial;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Number and text formatting for reports, independent of the default locale. */
final class Fmt {
  private final int decimals;

  /** Seconds shown with enough decimals for about four significant digits of {@code smallest}. */
  Fmt(double smallest) {
    int d = 3;
    if (smallest > 0 && smallest < 1) {
      d = Math.min(6, 3 + (int) Math.ceil(-Math.log10(smallest)));
    }
    this.decimals = d;
  }

  /** Decimals shown for seconds. */
  int decimals() {
    return decimals;
  }

  /** Fmt for the seconds of an analysis: enough decimals for its best median. */
  static Fmt of(io.sparknodes.results.analysis.Analysis analysis) {
    return new Fmt(analysis.best().map(b -> b.summary().median()).orElse(1.0));
  }

  String seconds(double s) {
    return fixed(s, decimals);
  }

  String interval(double low, double high) {
    return seconds(low) + " – " + seconds(high);
  }

  static String fixed(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** A fraction as a percentage: one decimal from 1% up (0.047 -> "4.7%"), two below (0.003 -> "0.30%"). */
  static String percent(double fraction) {
    double p = 100 * fraction;
    return String.format(Locale.ROOT, Math.abs(p) >= 1 || p == 0 ? "%.1f%%" : "%.2f%%", p);
  }

  static String speedup(double x) {
    return String.format(Locale.ROOT, "%.2fx", x);
  }

  static String throughput(double itemsPerSecond) {
    return String.format(Locale.ROOT, "%,.0f", itemsPerSecond);
  }

  static String integer(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String bytes(long b) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = b;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  }

  static String value(Object v) {
    return Trial.valueText(v);
  }

  /** Values as a bracketed list: [128, 512]. */
  static String values(List<Object> values) {
    return values.stream().map(Fmt::value).collect(Collectors.joining(", ", "[", "]"));
  }

  /** Text safe inside a Markdown table cell: one line, pipes escaped. */
  static String cell(String text) {
    return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace("|", "\\|");
  }

  /** The first line of a possibly multi-line text. */
  static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return (nl < 0 ? text : text.substring(0, nl)).strip();
  }

  static String code(String text) {
    return "`" + text.replace("`", "'") + "`";
  }
}
