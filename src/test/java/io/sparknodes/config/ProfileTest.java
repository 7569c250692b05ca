package io.sparknodes.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a tuned profile: its configurations, and one clear line for a bad or missing one. */
class ProfileTest {
  private static final String GOOD = """
      {"profileVersion": 1, "grid": "g", "workload": "text-normalize", "items": 100,
       "measuredOn": {"master": "embedded: local[N]", "local": true, "cores": 2},
       "optimal": {"point": "p", "settings": {"use_process": false, "max_concurrency": 2, "batch_size": 512,
                   "spark.sql.shuffle.partitions": 4},
                   "spark": {"spark.executor.cores": "2", "spark.executor.instances": "1", "spark.cores.max": "2"}},
       "useCases": {"memory-constrained": {"settings": {"use_process": true, "max_concurrency": 1, "batch_size": 64},
                    "spark": {"spark.executor.cores": "1", "spark.executor.instances": "1", "spark.cores.max": "1"}}}}""";

  @TempDir
  Path dir;

  private Path write(String json) throws Exception {
    return Files.writeString(dir.resolve("profile.json"), json);
  }

  private IllegalArgumentException bad(String json) throws Exception {
    Path file = write(json);
    return assertThrows(IllegalArgumentException.class, () -> ExecutionConfig.fromProfile(file));
  }

  @Test
  void fromProfile_givesTheOptimalSettings_andEachUseCase() throws Exception {
    Path file = write(GOOD);
    assertEquals(ExecutionConfig.builder().useProcess(false).maxConcurrency(2).batchSize(512)
        .spark("spark.sql.shuffle.partitions", "4").build(), ExecutionConfig.fromProfile(file));
    assertEquals(ExecutionConfig.builder().useProcess(true).maxConcurrency(1).batchSize(64).build(),
        ExecutionConfig.fromProfile(file, "memory-constrained"));
    Profile p = Profile.read(file);
    assertEquals(java.util.List.of("optimal", "memory-constrained"), p.names());
    assertEquals(Map.of("spark.executor.cores", "2", "spark.executor.instances", "1", "spark.cores.max", "2"),
        p.sparkSettings("optimal"));
  }

  @Test
  void aProfileMeasuredOnAnotherCoreCount_warns_onlyThen() throws Exception {
    Profile p = Profile.read(write(GOOD));
    assertEquals(Optional.empty(), p.coreMismatch(2));
    String w = p.coreMismatch(8).orElseThrow();
    assertTrue(w.contains("measured on a machine of 2 cores but this one has 8"), w);
    Profile cluster = Profile.read(write(GOOD.replace("\"local\": true", "\"local\": false")));
    assertEquals(Optional.empty(), cluster.coreMismatch(8), "a cluster's profile is not about this machine");
  }

  @Test
  void missingFile_namesIt() {
    Path file = dir.resolve("nope.json");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExecutionConfig.fromProfile(file));
    assertEquals("profile " + file + " does not exist", e.getMessage());
  }

  @Test
  void badProfiles_nameTheFileAndTheKey() throws Exception {
    assertTrue(bad(GOOD.replace("\"local\": true", "\"local\": \"yes\"")).getMessage()
        .endsWith(": measuredOn.local must be true or false but was \"yes\""));
    Path latin1 = Files.write(dir.resolve("latin1.json"), GOOD.replace("\"g\"", "\"Caf\u00e9\"")
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertEquals("profile " + latin1 + " is not UTF-8 text; save it as UTF-8",
        assertThrows(IllegalArgumentException.class, () -> ExecutionConfig.fromProfile(latin1)).getMessage());
    Path file = dir.resolve("profile.json");
    assertEquals("profile " + file + ": missing key 'optimal'",
        bad(GOOD.replace("\"optimal\"", "\"best\"")).getMessage());
    assertEquals("profile " + file + ": missing key 'optimal.settings'",
        bad(GOOD.replaceFirst("\"settings\"", "\"knobs\"")).getMessage());
    assertEquals("profile " + file + ": optimal.settings: batch_size must be positive but was 0",
        bad(GOOD.replace("\"batch_size\": 512", "\"batch_size\": 0")).getMessage());
    assertEquals("profile " + file + ": missing key 'measuredOn.cores'",
        bad(GOOD.replace("\"cores\": 2", "\"kernels\": 2")).getMessage());
    assertEquals("profile " + file + ": profileVersion 7 is not one this build reads (1)",
        bad(GOOD.replace("\"profileVersion\": 1", "\"profileVersion\": 7")).getMessage());
    assertTrue(bad("{\"profileVersion\": ").getMessage().startsWith("profile " + file + " is not valid JSON at line 1"));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> ExecutionConfig.fromProfile(write(GOOD), "fastest"));
    assertEquals("profile " + file + " has no configuration 'fastest' (it has optimal, memory-constrained)",
        unknown.getMessage());
  }
}
