package io.sparknodes.bench;

/**
 * The files a run of benchmarks is written as, each behind one {@link BenchWriter} (as JMH's
 * {@code ResultFormatType} picks a {@code ResultFormat}).
 *
 * <pre>{@code
 * for (BenchFormat f : BenchFormat.values()) {
 *   Files.writeString(dir.resolve(f.fileName()), f.writer().render(report));
 * }
 * }</pre>
 */
public enum BenchFormat {
  /** {@code bench.json}: every raw sample beside its summary, for tools. */
  JSON("bench.json"),
  /** {@code bench.md}: a section and a ratio table per benchmark, for people. */
  MARKDOWN("bench.md");

  private final String fileName;

  BenchFormat(String fileName) {
    this.fileName = fileName;
  }

  /** The file's name in a benchmark run's folder. */
  public String fileName() {
    return fileName;
  }

  /** The writer of this format. */
  public BenchWriter writer() {
    return switch (this) {
      case JSON -> BenchJson::write;
      case MARKDOWN -> BenchMarkdown::render;
    };
  }
}
