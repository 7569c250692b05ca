package io.sparknodes.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.LocalEngine;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.spark.SparkEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's data for the built-in workloads: a column of CSV, JSON lines or Parquet; and the workloads' checks. */
class InputDataTest {
  private static SparkEngine spark;
  private static final List<String> TEXTS = List.of("  Hello ", "WORLD", " a, b ");

  @BeforeAll
  static void start() {
    spark = SparkEngine.start(ExecutionConfig.builder().maxConcurrency(1).build());
  }

  @AfterAll
  static void stop() {
    spark.close();
  }

  @Test
  void readsAColumnOfCsvJsonLinesAndParquet_inFileOrder(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("in.csv");
    Files.writeString(csv, "id,text\n1,\"  Hello \"\n2,WORLD\n3,\" a, b \"\n");
    Path jsonl = dir.resolve("in.jsonl");
    Files.writeString(jsonl, "{\"id\":1,\"text\":\"  Hello \"}\n{\"id\":2,\"text\":\"WORLD\"}\n{\"id\":3,\"text\":\" a, b \"}\n");
    Path parquet = dir.resolve("in.parquet");
    spark.session().createDataset(TEXTS, Encoders.STRING()).toDF("text").coalesce(1).write().parquet(parquet.toString());
    for (Path file : List.of(csv, jsonl, parquet)) {
      assertEquals(TEXTS, InputData.read(spark.session(), file, "text"), file.toString());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InputData.read(spark.session(), jsonl, "body"));
    assertEquals("input file " + jsonl + " has no column 'body'; its columns are [id, text]", e.getMessage());
    IllegalArgumentException format = assertThrows(IllegalArgumentException.class,
        () -> InputData.checkFile(Files.writeString(dir.resolve("x.xlsx"), "")));
    assertEquals("input file " + dir.resolve("x.xlsx") + ": unknown format (expected .csv, .json/.jsonl or .parquet)",
        format.getMessage());
  }

  @Test
  void everyBuiltInWorkload_passesItsOwnCheck_andByNameFindsIt() {
    for (String name : Workloads.builtIn()) {
      Workload w = Workloads.byName(name);
      List<?> items = w.items(300);
      MapResult r = w.pipeline().withEngine(new LocalEngine(ExecutionConfig.builder().batchSize(64).build()))
          .map(w.inputs(items, w.constants()), w.mappedInput());
      assertEquals(java.util.Optional.empty(), w.check(items, r), name);
    }
  }

  @Test
  void aCheckCatchesAWrongOutput() {
    Workload w = new TextNormalize();
    List<?> items = w.items(5);
    MapResult wrong = io.sparknodes.pipeline.Pipeline.of(io.sparknodes.pipeline.Node.named("normalized")
        .inputs("text").row((String t) -> t)).map(java.util.Map.of("text", items), "text");
    assertEquals(java.util.Optional.of("item 0: expected text 0 but got   TEXT 0  "), w.check(items, wrong));
  }
}
