package io.sparknodes.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknodes.results.Environment;
import io.sparknodes.results.Summary;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code bench.json}: a run of benchmarks with every raw sample beside its summary, written and
 * read through Jackson's data binding of the records below, which are the file's schema in its
 * order (format {@value #FORMAT}).
 */
final class BenchJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** The version of this format. */
  static final int FORMAT = 1;

  private BenchJson() {}

  /** The JSON text of {@code report}, pretty-printed. */
  static String write(BenchReport report) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Doc.of(report)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the benchmarks as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * The run that {@link #write} wrote as {@code json}.
   *
   * @throws IllegalArgumentException if it is not bench.json of format {@value #FORMAT}
   */
  static BenchReport read(String json) {
    Doc doc;
    try {
      doc = MAPPER.readValue(json, Doc.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a bench.json file: " + e.getOriginalMessage(), e);
    }
    if (doc.format() != FORMAT) {
      throw new IllegalArgumentException("bench.json format must be " + FORMAT + " but was " + doc.format());
    }
    return doc.toReport();
  }

  record Doc(int format, String started, double wallSeconds, Environment environment, Options options,
      List<Bench> benchmarks) {
    static Doc of(BenchReport r) {
      BenchOptions o = r.options();
      return new Doc(FORMAT, r.started().toString(), r.wallSeconds(), r.environment(),
          new Options(o.warmup(), o.repeats(), o.scale().label(), o.seed()), r.benchmarks().stream().map(Bench::of).toList());
    }

    BenchReport toReport() {
      return new BenchReport(environment, new BenchOptions(options.warmup(), options.repeats(), Scale.parse(options.scale()),
          options.seed()), Instant.parse(started), benchmarks.stream().map(Bench::toResult).toList(), wallSeconds);
    }
  }

  record Options(int warmup, int repeats, String scale, long seed) {}

  record Bench(String name, String title, String question, double wallSeconds, Map<String, Object> params,
      List<Variant> variants, List<RatioJson> ratios, List<String> notes) {
    static Bench of(BenchResult b) {
      return new Bench(b.name(), b.title(), b.question(), b.wallSeconds(), b.params(),
          b.variants().stream().map(Variant::of).toList(), b.ratios().stream().map(RatioJson::of).toList(), b.notes());
    }

    BenchResult toResult() {
      return new BenchResult(name, title, question, params, variants.stream().map(Variant::toResult).toList(),
          ratios.stream().map(RatioJson::toRatio).toList(), notes, wallSeconds);
    }
  }

  record Variant(String name, String description, long items, int runsPerSample, int checked, SummaryJson summary,
      List<Double> samples, SummaryJson cpuSummary, List<Double> cpuSamples, Map<String, Long> counts,
      Map<String, Long> warmupCounts) {
    static Variant of(VariantResult v) {
      return new Variant(v.name(), v.description(), v.items(), v.runsPerSample(), v.checked(), SummaryJson.of(v.summary()),
          v.samples(), SummaryJson.of(v.cpuSummary()), v.cpuSamples(), v.counts(), v.warmupCounts());
    }

    VariantResult toResult() {
      return new VariantResult(name, description, items, runsPerSample, samples, summary.toSummary(), cpuSamples,
          cpuSummary.toSummary(), counts, warmupCounts, checked);
    }
  }

  /** A {@link Summary} as results.json also writes it: {@code hasSpread} after {@code n}. */
  record SummaryJson(int n, boolean hasSpread, double mean, double median, double std, double cv, double ciLow,
      double ciHigh, double min, double max, double throughput) {
    static SummaryJson of(Summary s) {
      return new SummaryJson(s.n(), s.hasSpread(), s.mean(), s.median(), s.std(), s.cv(), s.ciLow(), s.ciHigh(), s.min(),
          s.max(), s.throughput());
    }

    Summary toSummary() {
      return new Summary(n, mean, median, std, cv, ciLow, ciHigh, min, max, throughput);
    }
  }

  /** A {@link Ratio}; {@code cpu} is left out when there is none ({@link Ratio.Spread#NONE}). */
  record RatioJson(String label, String numerator, String denominator, SpreadJson wall,
      @JsonInclude(JsonInclude.Include.NON_NULL) SpreadJson cpu) {
    static RatioJson of(Ratio r) {
      return new RatioJson(r.label(), r.numerator(), r.denominator(), SpreadJson.of(r.wall()),
          r.cpu().isPresent() ? SpreadJson.of(r.cpu()) : null);
    }

    Ratio toRatio() {
      return new Ratio(label, numerator, denominator, wall.toSpread(), cpu == null ? Ratio.Spread.NONE : cpu.toSpread());
    }
  }

  record SpreadJson(double ratio, double geoMean, double ciLow, double ciHigh, double min, double max, int pairs) {
    static SpreadJson of(Ratio.Spread s) {
      return new SpreadJson(s.ratio(), s.geoMean(), s.ciLow(), s.ciHigh(), s.min(), s.max(), s.pairs());
    }

    Ratio.Spread toSpread() {
      return new Ratio.Spread(ratio, geoMean, ciLow, ciHigh, min, max, pairs);
    }
  }
}
