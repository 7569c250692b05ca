package io.sparknodes.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A point's result crosses from the child JVM to the sweep as JSON; the record is package-private. */
class PointResultJsonTest {
  @Test
  void pointResult_roundTripsThroughTheChildProtocolsJson() throws Exception {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("use_process", false);
    params.put("max_concurrency", 2);
    params.put("batch_size", 512);
    PointResult r = new PointResult("p3", 3, params, "OK", "", 1.25, List.of(0.5, 0.25), 4, 2.0,
        new PointResult.Observation(8, 16, 24, 5, 10, 25, 8, 2, 1, true, 1, 4200.5, 96L << 20, 1), List.of("flag"), "local[2]", "4.0.1",
        "2025-01-02T03:04:05Z", "2025-01-02T03:04:09Z");
    ObjectMapper json = new ObjectMapper();
    String line = json.writeValueAsString(Map.of("type", "result", "result", r));
    assertEquals(r, json.treeToValue(json.readTree(line).get("result"), PointResult.class));
  }
}
