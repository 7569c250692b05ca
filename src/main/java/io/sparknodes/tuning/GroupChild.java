package io.sparknodes.tuning;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparknodes.workloads.Workload;
import io.sparknodes.workloads.Workloads;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The child JVM of one group: runs the named points of a grid in one Spark application and prints
 * one event per line on standard output, behind {@value #MARKER}: a run starting, a point's result.
 * Everything else (Spark's logs) goes to standard error. Started by {@link Sweep} through a main
 * class the caller names (the CLI's, which calls {@link Sweep#runGroupChild}); not for users.
 *
 * <p>Arguments: {@code GRID_FILE POINTS_FILE ITEMS_FILE|- MASTER|-}. The points file is a JSON array
 * of point ids, or an object {@code {"points": [...], "repeats": n, "loops": {"id": n}}} for a later
 * application of the group.
 */
final class GroupChild {
  /** Marks the lines the sweep reads. */
  static final String MARKER = "@@sparknodes ";

  private GroupChild() {}

  /** Runs the group and returns the process's exit code: 0, or 2 for bad arguments. */
  static int run(String[] args, PrintStream out) throws java.io.IOException {
    if (args.length != 4) {
      System.err.println("usage: GRID_FILE POINT_IDS_FILE ITEMS_FILE|- MASTER|-");
      return 2;
    }
    // If the sweep's JVM dies, end this one too (its executors follow when the driver is gone).
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
    ObjectMapper json = new ObjectMapper();
    Grid grid = Grid.read(Path.of(args[0]));
    // The points file: a JSON array of point ids, or {"points": [...], "repeats": n, "loops": {id: n}}
    // for a later application of the group, which reuses the first one's loops.
    com.fasterxml.jackson.databind.JsonNode spec = json.readTree(Path.of(args[1]).toFile());
    com.fasterxml.jackson.databind.JsonNode idNodes = spec.isArray() ? spec : spec.path("points");
    Set<String> ids = new java.util.HashSet<>();
    idNodes.forEach(n -> ids.add(n.asText()));
    int repeats = spec.has("repeats") ? spec.get("repeats").asInt() : grid.repeats();
    Map<String, Integer> loops = new LinkedHashMap<>();
    spec.path("loops").properties().forEach(e -> loops.put(e.getKey(), e.getValue().asInt()));
    Workload workload = Workloads.byName(grid.workload());
    List<?> items = args[2].equals("-") ? workload.items(grid.items())
        : Arrays.asList(json.readValue(Path.of(args[2]).toFile(), String[].class));
    Optional<String> master = args[3].equals("-") ? Optional.empty() : Optional.of(args[3]);
    List<Point> points = new ArrayList<>();
    for (Point p : grid.points()) {
      if (ids.contains(p.id())) {
        points.add(p);
      }
    }
    GroupRunner runner = new GroupRunner(new SparkBackend(master), workload, items, grid.warmup(), repeats,
        grid.seed(), 0, grid.minSampleSeconds()).fixLoops(loops);
    runner.run(points, new GroupRunner.Listener() {
      @Override
      public void runStarting(Point point, String phase, int round) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "run");
        event.put("point", point.id());
        event.put("phase", phase);
        event.put("round", round);
        emit(out, json, event);
      }

      @Override
      public void pointFinished(PointResult result) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "result");
        event.put("result", result);
        emit(out, json, event);
      }
    });
    out.flush();
    return 0;
  }

  private static void emit(PrintStream out, ObjectMapper json, Map<String, Object> event) {
    try {
      String line = json.writeValueAsString(event);
      synchronized (out) {
        out.println(MARKER + line);
        out.flush();
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write event " + event.get("type") + ": " + e.getMessage(), e);
    }
  }
}
