package io.sparknodes.pipeline.internal;

import io.sparknodes.pipeline.internal.cache.CacheStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node cache at one step's batch boundary ({@link PlanRunner}): before a batch's rows go to the
 * node's function, each row's key is looked up; a hit fills the row's output slot, and only the
 * misses go through the step's usual path, after which each of their results is stored (never a
 * row whose failure was recorded). Downstream steps key by the values in the row, hits or not, so
 * an upstream change that gives equal values still hits downstream. Without a cache no instance
 * exists and the runner is unchanged.
 */
final class CachedStep {
  private static final Logger LOG = LoggerFactory.getLogger(CachedStep.class);

  private final PlanCache cache;
  private final int stepIndex;
  private final Plan.Step step;
  private final Plan.Observer observer;
  // Items whose failure this step recorded while computing the current misses.
  private final Set<Long> failed = new HashSet<>();

  private CachedStep(PlanCache cache, int stepIndex, Plan.Step step, Plan.Observer observer) {
    this.cache = cache;
    this.stepIndex = stepIndex;
    this.step = step;
    this.observer = observer;
  }

  /** The cache of step {@code stepIndex} of {@code plan}, or null when the plan has no cache or the step is not cached. */
  static CachedStep of(Plan plan, int stepIndex, Plan.Observer observer) {
    PlanCache c = plan.cache;
    return c == null || !c.caches(stepIndex) ? null
        : new CachedStep(c, stepIndex, plan.steps.get(stepIndex), observer);
  }

  /** Item {@code item} failed in this step and was recorded: its result is not stored. */
  void failed(long item) {
    failed.add(item);
  }

  /** Fills the hits of {@code batch} and runs its misses through {@code compute}, storing their results. */
  void process(List<Object[]> batch, Consumer<List<Object[]>> compute) {
    PlanCache.StepKey k = cache.key(stepIndex);
    CacheStore store = k == null ? null : store();
    if (store == null) {
      compute.accept(batch);
      return;
    }
    int n = batch.size();
    List<String> keys = new ArrayList<>(n);
    for (Object[] row : batch) {
      String key = keyOf(k, row);
      if (key == null) {
        compute.accept(batch);
        return;
      }
      keys.add(key);
    }
    List<Optional<CacheStore.Hit>> hits = store.getAll(k.node, keys);
    List<Object[]> misses = new ArrayList<>();
    List<String> missKeys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Optional<CacheStore.Hit> hit = hits.get(i);
      if (hit.isPresent()) {
        batch.get(i)[step.out] = hit.get().value();
      } else {
        misses.add(batch.get(i));
        missKeys.add(keys.get(i));
      }
    }
    if (misses.size() < n) {
      observer.onCacheHits(stepIndex, n - misses.size());
    }
    if (misses.isEmpty()) {
      return;
    }
    failed.clear();
    compute.accept(misses);
    int stored = 0;
    for (int i = 0; i < misses.size(); i++) {
      Object[] row = misses.get(i);
      if (failed.contains((Long) row[0])) {
        continue;
      }
      Object value = row[step.out];
      if (cache.key(stepIndex) != null) {
        CacheStore.Put put = store.put(k.node, missKeys.get(i), value);
        if (put == CacheStore.Put.UNSERIALIZABLE && cache.switchOff(stepIndex)) {
          LOG.warn("node cache: node '{}' is not cached in this map: its output (a {}) cannot be serialized",
              k.node, value.getClass().getName());
        }
      }
      stored++;
    }
    observer.onCacheMisses(stepIndex, stored);
  }

  /**
   * Looks {@code rows} up step by step, filling the slots of the hits, and says which rows the
   * cache holds whole (every step a hit): the driver of a list map ships only the others. Adds the
   * hits of the whole rows to {@code hits}, by step; a step that is not cached makes every row miss.
   */
  static boolean[] lookUp(Plan plan, List<Object[]> rows, long[] hits) {
    boolean[] whole = new boolean[rows.size()];
    java.util.Arrays.fill(whole, true);
    List<Integer> open = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      open.add(i);
    }
    for (int s = 0; s < plan.steps.size() && !open.isEmpty(); s++) {
      CachedStep c = of(plan, s, new Plan.Observer() {
        @Override
        public void onBatch(int step, int size) {}
      });
      PlanCache.StepKey k = c == null ? null : c.cache.key(s);
      CacheStore store = k == null ? null : c.store();
      List<String> keys = new ArrayList<>(open.size());
      for (int i : open) {
        String key = store == null ? null : c.keyOf(k, rows.get(i));
        if (key == null) {
          open.forEach(o -> whole[o] = false);
          return whole;
        }
        keys.add(key);
      }
      List<Optional<CacheStore.Hit>> got = store.getAll(k.node, keys);
      List<Integer> still = new ArrayList<>();
      for (int j = 0; j < got.size(); j++) {
        int i = open.get(j);
        if (got.get(j).isPresent()) {
          rows.get(i)[c.step.out] = got.get(j).get().value();
          still.add(i);
        } else {
          whole[i] = false;
        }
      }
      open = still;
    }
    for (int s = 0; s < plan.steps.size(); s++) {
      hits[s] += open.size();
    }
    return whole;
  }

  private String keyOf(PlanCache.StepKey k, Object[] row) {
    Object[] args = new Object[k.rowArgs.length];
    for (int r = 0; r < args.length; r++) {
      args[r] = row[step.indexes[k.rowArgs[r]]];
    }
    return cache.keyOf(stepIndex, k, args);
  }

  private CacheStore store() {
    try {
      return cache.store();
    } catch (RuntimeException e) {
      if (cache.switchOff(stepIndex)) {
        LOG.warn("node cache: node '{}' is not cached in this map: {}", step.node.name(), e.getMessage());
      }
      return null;
    }
  }
}
