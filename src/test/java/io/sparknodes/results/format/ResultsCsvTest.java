package io.sparknodes.results.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparknodes.results.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsCsvTest {
  @TempDir Path dir;

  @Test
  void rows_haveOneColumnPerAxisAndTheStatistics() {
    String[] lines = ResultsCsv.toCsv(Fixtures.small()).split("\r\n");
    assertEquals("id,use_process,max_concurrency,batch_size,status,n,median,mean,std,cv,ci_low,ci_high,throughput,"
        + "cold_seconds,loops,applications,racing_samples,stop_reason,allocated_bytes_per_item,retained_heap_bytes,flags,error", lines[0]);
  }

  @Test
  void cells_areQuotedPerRfc4180AndAbsentValuesAreEmpty() {
    String csv = ResultsCsv.toCsv(Fixtures.small());
    assertEquals(String.join("\r\n",
        "id,use_process,max_concurrency,batch_size,status,n,median,mean,std,cv,ci_low,ci_high,throughput,cold_seconds,"
            + "loops,applications,racing_samples,stop_reason,allocated_bytes_per_item,retained_heap_bytes,flags,error",
        "\"use_process=false,max_concurrency=1,batch_size=128\",false,1,128,OK,3,0.25,0.2916666666666667,"
            + "0.19094065395649332,0.6546536707079771,0.0,0.765989545860623,4000.0,0.75,4,2,0,,4200.5,100663296,,",
        "\"use_process=false,max_concurrency=1,batch_size=512\",false,1,512,OK,3,0.25,0.25,0.04999999999999999,0.19999999999999996,"
            + "0.12579311441396007,0.37420688558603993,4000.0,,1,1,0,,4100.0,,\"batch_size had no effect: asked 512, batches seen up to 128, \"\"odd\"\"\",",
        "\"use_process=false,max_concurrency=2,batch_size=128\",false,2,128,FAILED,0,,,,,,,,,1,1,0,,,,,"
            + "\"java.lang.IllegalStateException: boom\n\tat Example.run(Example.java:1)\"",
        "\"use_process=false,max_concurrency=2,batch_size=512\",false,2,512,TIMEOUT,0,,,,,,,,,1,1,0,,,,,"
            + "exceeded the time limit of 60.0 s",
        "\"use_process=true,max_concurrency=1,batch_size=128\",true,1,128,OK,1,1.5,1.5,0.0,0.0,1.5,1.5,"
            + "666.6666666666666,,1,1,0,,,,,",
        "\"use_process=true,max_concurrency=1,batch_size=512\",true,1,512,OK,3,0.5,0.5,0.0,0.0,0.5,0.5,2000.0,,1,1,0,,,,,",
        "\"use_process=true,max_concurrency=2,batch_size=128\",true,2,128,OK,3,0.4,0.4083333333333333,"
            + "0.03818813079129867,0.09352195295828247,0.31346875749454206,0.5031979091721246,2500.0,,1,1,0,,,,,") + "\r\n",
        csv);
  }

  @Test
  void racedPoints_sayHowManySamplesRacingAddedAndWhyTheyStopped() {
    String[] lines = ResultsCsv.toCsv(Fixtures.raced()).split("\r\n");
    List<String> header = List.of(lines[0].split(","));
    int racing = header.indexOf("racing_samples");
    int stop = header.indexOf("stop_reason");
    // Each row: the quoted id holds 1 comma (two axes), so split the rest after it.
    List<String> counts = new java.util.ArrayList<>();
    List<String> reasons = new java.util.ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String rest = lines[i].substring(lines[i].indexOf("\",") + 2);
      String[] cells = ("id," + rest).split(",", -1);
      counts.add(cells[racing]);
      reasons.add(cells[stop]);
    }
    assertEquals(List.of("2", "2", "0", "0", "0", "0"), counts);
    assertEquals(List.of("max_repeats", "settled", "not_contender", "not_contender", "not_contender", "not_contender"),
        reasons);
  }

  @Test
  void write_isIndependentOfTheDefaultLocale() throws IOException {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      ResultsCsv.write(Fixtures.small(), dir.resolve("de.csv"));
      Locale.setDefault(Locale.ROOT);
      ResultsCsv.write(Fixtures.small(), dir.resolve("root.csv"));
    } finally {
      Locale.setDefault(saved);
    }
    assertEquals(Files.readString(dir.resolve("root.csv")), Files.readString(dir.resolve("de.csv")));
  }
}
