package io.sparknodes.workloads;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.SparkSession;

/** A user's data for a workload's mapped input: one column of a CSV (with header), JSON lines or Parquet file. */
public final class InputData {
  private InputData() {}

  /** The format of {@code file}, by its extension. */
  public static String format(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return "csv";
    }
    if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return "json";
    }
    if (name.endsWith(".parquet") || Files.isDirectory(file)) {
      return "parquet";
    }
    throw new IllegalArgumentException("input file " + file + ": unknown format (expected .csv, .json/.jsonl or .parquet)");
  }

  /** Checks, without reading it, that {@code file} exists and has a known format. */
  public static void checkFile(Path file) {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("input file " + file + " does not exist");
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("input file " + file + " is not readable");
    }
    format(file);
  }

  /**
   * The values of {@code column} in {@code file}, in file order, as strings.
   *
   * @throws IllegalArgumentException naming the file and the column if it is missing
   */
  public static List<String> read(SparkSession session, Path file, String column) {
    checkFile(file);
    Dataset<Row> data = switch (format(file)) {
      case "csv" -> session.read().option("header", "true").csv(file.toString());
      case "json" -> session.read().json(file.toString());
      default -> session.read().parquet(file.toString());
    };
    if (!List.of(data.columns()).contains(column)) {
      throw new IllegalArgumentException("input file " + file + " has no column '" + column + "'; its columns are "
          + List.of(data.columns()));
    }
    List<Row> rows = data.select(functions.col("`" + column.replace("`", "``") + "`").cast("string")).collectAsList();
    List<String> values = new java.util.ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      String v = rows.get(i).getString(0);
      if (v == null) {
        throw new IllegalArgumentException("input file " + file + " has no value in column '" + column + "' at row "
            + (i + 1) + " (of its data rows): every item must have one");
      }
      values.add(v);
    }
    return values;
  }
}
