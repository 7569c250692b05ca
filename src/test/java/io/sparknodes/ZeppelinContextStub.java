package io.sparknodes;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The part of Zeppelin's {@code z} that the note uses: {@code z.show(df)} prints a {@code %table}
 * (tab-separated, header first), which Zeppelin renders as a table. Tables shown are kept for the test.
 */
public final class ZeppelinContextStub {
  private final List<String> tables = new ArrayList<>();

  /** Shows up to 1000 rows of {@code df} as a {@code %table}. */
  public void show(Dataset<?> df) {
    show(df, 1000);
  }

  /** Shows up to {@code maxResult} rows of {@code df} as a {@code %table}. */
  public void show(Dataset<?> df, int maxResult) {
    StringBuilder table = new StringBuilder("%table ");
    table.append(String.join("\t", df.columns())).append('\n');
    for (Row row : df.toDF().takeAsList(maxResult)) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        cells.add(String.valueOf(row.get(i)).replace('\t', ' ').replace('\n', ' '));
      }
      table.append(cells.stream().collect(Collectors.joining("\t"))).append('\n');
    }
    tables.add(table.toString());
    scala.Console.out().print(table);
    scala.Console.out().println();
  }

  /** The tables shown so far. */
  public List<String> tables() {
    return List.copyOf(tables);
  }
}
