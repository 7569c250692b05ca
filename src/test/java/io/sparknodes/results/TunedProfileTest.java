package io.sparknodes.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknodes.config.ProfileFormat;
import io.sparknodes.results.analysis.Analysis;
import io.sparknodes.results.analysis.Recommendation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** profile.json from results: the best point and each use case, as settings and the executor layout they imply. */
class TunedProfileTest {
  private static JsonNode json(Results results, Map<String, ?> fixed) throws Exception {
    return new ObjectMapper().readTree(TunedProfile.toJson(results, fixed).orElseThrow());
  }

  @Test
  void optimal_isTheBestPoint_withItsSettingsAndImpliedLayout() throws Exception {
    Results results = Fixtures.small();
    Trial best = Analysis.of(results).best().orElseThrow().trial();
    JsonNode p = json(results, Map.of());
    assertEquals(ProfileFormat.VERSION, p.get("profileVersion").asInt());
    assertEquals(best.id(), p.at("/optimal/point").asText());
    assertEquals(best.summary().orElseThrow().median(), p.at("/optimal/medianSeconds").asDouble());
    JsonNode settings = p.at("/optimal/settings");
    for (Map.Entry<String, Object> e : best.params().entrySet()) {
      assertEquals(String.valueOf(e.getValue()), settings.get(e.getKey()).asText(), e.getKey());
    }
    int n = (Integer) best.params().get("max_concurrency");
    boolean process = (Boolean) best.params().get("use_process");
    assertEquals(process ? "1" : String.valueOf(n), p.at("/optimal/spark/spark.executor.cores").asText());
    assertEquals(process ? String.valueOf(n) : "1", p.at("/optimal/spark/spark.executor.instances").asText());
    assertFalse(p.toString().contains("spark.master"), "never a master URL");
    assertTrue(p.at("/measuredOn/local").asBoolean());
    assertEquals(2, p.at("/measuredOn/cores").asInt());
  }

  @Test
  void everyUseCase_isWritten_underItsKey() throws Exception {
    Results results = Fixtures.small();
    JsonNode p = json(results, Map.of());
    for (Recommendation r : Analysis.of(results).recommendations()) {
      JsonNode u = p.at("/useCases/" + TunedProfile.key(r.useCase()));
      assertEquals(r.trial().id(), u.get("point").asText(), r.useCase().name());
      assertEquals(r.useCase().title(), u.get("title").asText());
    }
    assertEquals(List.of("general", "memory-constrained", "maximum-throughput", "io-bound"),
        List.of(TunedProfile.key(Recommendation.UseCase.GENERAL), TunedProfile.key(Recommendation.UseCase.MEMORY_CONSTRAINED),
            TunedProfile.key(Recommendation.UseCase.MAXIMUM_THROUGHPUT), TunedProfile.key(Recommendation.UseCase.IO_BOUND)));
  }

  @Test
  void fixedSettings_areUnderThePoints_andOmittedKnobsGetWhatTheSweepRanWith() throws Exception {
    GridInfo grid = Fixtures.grid(Fixtures.axes("batch_size", List.of(128, 512)), 2);
    Results r = Results.start(Fixtures.environment(), grid, Fixtures.T0)
        .withTrial(Fixtures.ok(Fixtures.params("batch_size", 128), 0, 0.5, 0.5))
        .withTrial(Fixtures.ok(Fixtures.params("batch_size", 512), 1, 0.25, 0.25));
    JsonNode s = json(r, Map.of("spark.sql.shuffle.partitions", 4, "batch_size", 64)).at("/optimal/settings");
    assertEquals(512, s.get("batch_size").asInt(), "the axis overrides the fixed value");
    assertEquals("4", s.get("spark.sql.shuffle.partitions").asText());
    assertEquals(2, s.get("max_concurrency").asInt(), "the default: the cores of the machine measured");
    assertFalse(s.get("use_process").asBoolean());
  }

  @Test
  void noPointMeasured_writesNoProfile(@TempDir Path dir) throws Exception {
    GridInfo grid = Fixtures.grid(Fixtures.axes("batch_size", List.of(128)), 2);
    Results r = Results.start(Fixtures.environment(), grid, Fixtures.T0)
        .withTrial(Fixtures.failed(Fixtures.params("batch_size", 128), 0, Status.FAILED, "boom"));
    assertTrue(TunedProfile.write(r, Map.of(), dir).isEmpty());
    assertFalse(Files.exists(dir.resolve(ProfileFormat.FILE_NAME)));
    Path written = TunedProfile.write(Fixtures.small(), Map.of(), dir).orElseThrow();
    assertEquals(dir.resolve("profile.json"), written);
  }
}
