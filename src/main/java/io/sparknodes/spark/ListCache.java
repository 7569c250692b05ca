package io.sparknodes.spark;

import io.sparknodes.pipeline.ExecutionReport;
import io.sparknodes.pipeline.MapListener;
import io.sparknodes.pipeline.MapResult;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.internal.Plan;
import io.sparknodes.pipeline.internal.PlanCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A list map with a node cache ({@link SparkEngine#withCache}): the driver looks every item up
 * first, step by step; the items the cache holds whole never leave it, and only the others are
 * shipped, as a list map of their own ({@link ListMap}) whose tasks look each step up again and
 * compute only what misses. The results are merged back in input order; the report counts the
 * driver's hits with the tasks'.
 */
final class ListCache {
  private ListCache() {}

  static MapResult map(EngineSession on, Pipeline pipeline, Map<String, ?> inputs, List<String> mapOver) {
    Plan plan = Plan.forLists(pipeline, inputs, mapOver, on.defaults());
    on.useCache(plan);
    PlanCache cache = plan.cache().orElseThrow();
    int n = plan.size();
    int k = plan.outputs().size();
    int steps = plan.steps().size();
    MapListener listener = on.listener();
    listener.onMapStart(n);
    List<Object[]> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(plan.newRow(i));
    }
    long[] hits = new long[steps];
    boolean[] whole = cache.lookUp(plan, rows, hits);
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!whole[i]) {
        missing.add(i);
      }
    }
    Object[] out = new Object[Math.multiplyExact(n, k)];
    for (int i = 0; i < n; i++) {
      if (whole[i]) {
        for (int j = 0; j < k; j++) {
          out[i * k + j] = plan.output(rows.get(i), j);
        }
      }
    }
    ExecutionReport report;
    List<MapResult.Failure> failures = new ArrayList<>();
    if (missing.isEmpty()) {
      ReportAccumulator acc = new ReportAccumulator(steps);
      long[] stageRows = new long[steps];
      report = acc.toReport(plan, on.session().sparkContext().master(), 0,
          ReportAccumulator.plannedLayout(plan, 0, 0, stageRows, "every item from the node cache: no job"));
    } else {
      Map<String, Object> some = new LinkedHashMap<>(inputs);
      for (String name : mapOver) {
        List<?> all = (List<?>) inputs.get(name);
        some.put(name, missing.stream().map(all::get).toList());
      }
      EngineSession quiet = new EngineSession(on.session(), on.defaults(), on.layout(), batchesOnly(listener), on.cache());
      MapResult computed = ListMap.run(quiet, pipeline, some, mapOver);
      for (int m = 0; m < missing.size(); m++) {
        for (int j = 0; j < k; j++) {
          out[missing.get(m) * k + j] = computed.row(m).get(plan.outputs().get(j));
        }
      }
      for (MapResult.Failure f : computed.failures()) {
        failures.add(new MapResult.Failure(missing.get((int) f.index()), f.node(), f.exception(), f.message()));
      }
      report = computed.report();
    }
    Map<String, Long> allHits = new LinkedHashMap<>(cache.byNode(plan, hits));
    report.cacheHits().forEach((node, h) -> allHits.merge(node, h, Long::sum));
    Map<String, Long> misses = new LinkedHashMap<>(cache.byNode(plan, new long[steps]));
    misses.putAll(report.cacheMisses());
    report = report.withCache(allHits, misses);
    allHits.forEach((node, h) -> {
      if (h > 0) {
        listener.onCached(node, h);
      }
    });
    listener.onMapEnd(report);
    return MapResult.flat(plan.outputs(), out, report).withFailures(failures);
  }

  /** {@code listener}'s batch events alone: the map's start and end are this class's to tell. */
  private static MapListener batchesOnly(MapListener listener) {
    return listener == MapListener.NONE ? listener : new MapListener() {
      @Override
      public void onBatchDone(String node, long rows) {
        listener.onBatchDone(node, rows);
      }
    };
  }
}
