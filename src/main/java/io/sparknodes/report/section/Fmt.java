package io.sparknodes.report.section;

import io.sparknodes.results.Trial;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Number and text formatting for reports and their charts, independent of the default locale; the
 * format-specific escaping (code spans, table cells) is the {@link DocumentWriter}'s.
 */
public final class Fmt {
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
  public int decimals() {
    return decimals;
  }

  /** Fmt for the seconds of an analysis: enough decimals for its best median. */
  public static Fmt of(io.sparknodes.results.analysis.Analysis analysis) {
    return new Fmt(analysis.best().map(b -> b.summary().median()).orElse(1.0));
  }

  public String seconds(double s) {
    return fixed(s, decimals);
  }

  public String interval(double low, double high) {
    return seconds(low) + " – " + seconds(high);
  }

  public static String fixed(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** A fraction as a percentage: one decimal from 1% up (0.047 -> "4.7%"), two below (0.003 -> "0.30%"). */
  public static String percent(double fraction) {
    double p = 100 * fraction;
    return String.format(Locale.ROOT, Math.abs(p) >= 1 || p == 0 ? "%.1f%%" : "%.2f%%", p);
  }

  public static String speedup(double x) {
    return String.format(Locale.ROOT, "%.2fx", x);
  }

  public static String throughput(double itemsPerSecond) {
    return String.format(Locale.ROOT, "%,.0f", itemsPerSecond);
  }

  public static String integer(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  public static String bytes(long b) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = b;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  }

  public static String value(Object v) {
    return Trial.valueText(v);
  }

  /** Values as a bracketed list: [128, 512]. */
  public static String values(List<Object> values) {
    return values.stream().map(Fmt::value).collect(Collectors.joining(", ", "[", "]"));
  }

  /** The first line of a possibly multi-line text. */
  public static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return (nl < 0 ? text : text.substring(0, nl)).strip();
  }
}
