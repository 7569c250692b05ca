package io.sparknodes.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparknodes.results.ResultsJson;
import java.util.Map;

/** {@code bench.json}: a run of benchmarks with every raw sample beside its summary. */
public final class BenchJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** The version of this format. */
  public static final int FORMAT = 1;

  private BenchJson() {}

  /** The JSON text of {@code report}, pretty-printed. */
  public static String write(BenchReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("started", report.started().toString());
    root.put("wallSeconds", report.wallSeconds());
    root.set("environment", ResultsJson.environment(report.environment()));
    ObjectNode options = root.putObject("options");
    options.put("warmup", report.options().warmup());
    options.put("repeats", report.options().repeats());
    options.put("scale", report.options().scale().label());
    options.put("seed", report.options().seed());
    ArrayNode benchmarks = root.putArray("benchmarks");
    for (BenchResult b : report.benchmarks()) {
      ObjectNode n = benchmarks.addObject();
      n.put("name", b.name());
      n.put("title", b.title());
      n.put("question", b.question());
      n.put("wallSeconds", b.wallSeconds());
      n.set("params", MAPPER.valueToTree(b.params()));
      ArrayNode variants = n.putArray("variants");
      for (VariantResult v : b.variants()) {
        ObjectNode vn = variants.addObject();
        vn.put("name", v.name());
        vn.put("description", v.description());
        vn.put("items", v.items());
        vn.put("runsPerSample", v.runsPerSample());
        vn.put("checked", v.checked());
        vn.set("summary", ResultsJson.summary(v.summary()));
        ArrayNode samples = vn.putArray("samples");
        v.samples().forEach(samples::add);
        vn.set("cpuSummary", ResultsJson.summary(v.cpuSummary()));
        ArrayNode cpuSamples = vn.putArray("cpuSamples");
        v.cpuSamples().forEach(cpuSamples::add);
        vn.set("counts", counts(v.counts()));
        vn.set("warmupCounts", counts(v.warmupCounts()));
      }
      ArrayNode ratios = n.putArray("ratios");
      for (Ratio r : b.ratios()) {
        ObjectNode rn = ratios.addObject();
        rn.put("label", r.label());
        rn.put("numerator", r.numerator());
        rn.put("denominator", r.denominator());
        rn.set("wall", spread(r.wall()));
        if (r.cpu().isPresent()) {
          rn.set("cpu", spread(r.cpu()));
        }
      }
      ArrayNode notes = n.putArray("notes");
      b.notes().forEach(notes::add);
    }
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the benchmarks as JSON: " + e.getMessage(), e);
    }
  }

  private static ObjectNode spread(Ratio.Spread s) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("ratio", s.ratio());
    n.put("geoMean", s.geoMean());
    n.put("ciLow", s.ciLow());
    n.put("ciHigh", s.ciHigh());
    n.put("min", s.min());
    n.put("max", s.max());
    n.put("pairs", s.pairs());
    return n;
  }

  private static ObjectNode counts(Map<String, Long> counts) {
    ObjectNode n = MAPPER.createObjectNode();
    counts.forEach(n::put);
    return n;
  }
}
