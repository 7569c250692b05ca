package io.sparknodes.spark;

import io.sparknodes.pipeline.internal.BatchSizer;
import io.sparknodes.pipeline.internal.BatchSizerSettings;
import io.sparknodes.pipeline.Stateful;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stateful instances of this JVM, keyed by application id and recipe key: the only static
 * mutable state of the project. An executor JVM serves one application; a driver JVM in local mode
 * may host several in turn (tests, notebooks, the sweep), so seeing a new application closes the
 * instances of the previous ones, as does the end of an application ({@link StatefulPlugin}, or a
 * listener for sessions we did not create).
 *
 * <p>A failed build is remembered: later tasks of the application that bring the same {@code
 * Stateful} value get the same error at once instead of building again; another value with the same
 * key (see {@link Stateful#origin}) builds again.
 */
final class ExecutorRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorRegistry.class);
  private static final Map<String, App> APPS = new ConcurrentHashMap<>();
  private static final int MAX_SIZERS = 256;

  private ExecutorRegistry() {}

  /** An instance being built or built (or its failure), and the {@link Stateful#origin} that built it. */
  private record Entry(CompletableFuture<Object> future, String origin) {
    /** Whether {@code recipe} builds again: this entry failed, for another value than it. */
    boolean retriedBy(Stateful<?> recipe) {
      return future.isCompletedExceptionally() && !origin.equals(recipe.origin());
    }
  }

  private static final class App {
    final String id;
    final Map<String, Entry> shared = new ConcurrentHashMap<>();
    final Map<String, ConcurrentLinkedDeque<Object>> idle = new ConcurrentHashMap<>();
    final Map<String, Entry> slotFailures = new ConcurrentHashMap<>();
    final List<Object> built = java.util.Collections.synchronizedList(new ArrayList<>());
    // batch_size=auto: a sizer per map and node, the most recent maps' only (they are small).
    final Map<String, BatchSizer> sizers = java.util.Collections.synchronizedMap(
        new java.util.LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, BatchSizer> eldest) {
            return size() > MAX_SIZERS;
          }
        });

    App(String id) {
      this.id = id;
    }
  }

  private static App app(String appId) {
    App app = APPS.get(appId);
    if (app != null) {
      return app;
    }
    synchronized (APPS) {
      for (String other : List.copyOf(APPS.keySet())) {
        if (!other.equals(appId)) {
          LOG.info("application {} is gone from this JVM: closing its stateful instances", other);
          closeApp(other);
        }
      }
      return APPS.computeIfAbsent(appId, App::new);
    }
  }

  /** The executor-wide instance of {@code recipe}, built on first use by the calling task. */
  static Object shared(String appId, Stateful<?> recipe, Consumer<Object> onBuilt) throws Exception {
    App app = app(appId);
    Entry mine = new Entry(new CompletableFuture<>(), recipe.origin());
    while (true) {
      Entry existing = app.shared.putIfAbsent(recipe.key(), mine);
      if (existing != null && !existing.retriedBy(recipe)) {
        return join(existing.future());
      }
      if (existing == null || app.shared.replace(recipe.key(), existing, mine)) {
        build(app, recipe, mine.future(), onBuilt);
        return join(mine.future());
      }
      // another task replaced that failure first: look again
    }
  }

  /** An instance of {@code recipe} for one task slot: idle or newly built. Give it back with {@link #release}. */
  static Object borrow(String appId, Stateful<?> recipe, Consumer<Object> onBuilt) throws Exception {
    App app = app(appId);
    Entry failed = app.slotFailures.get(recipe.key());
    if (failed != null && !failed.retriedBy(recipe)) {
      return join(failed.future());
    }
    Object idle = app.idle.computeIfAbsent(recipe.key(), k -> new ConcurrentLinkedDeque<>()).pollFirst();
    if (idle != null) {
      return idle;
    }
    CompletableFuture<Object> mine = new CompletableFuture<>();
    build(app, recipe, mine, onBuilt);
    if (mine.isCompletedExceptionally()) {
      app.slotFailures.put(recipe.key(), new Entry(mine, recipe.origin()));
    }
    return join(mine);
  }

  /** The sizer of one map's node on this executor (batch_size auto), created on first use. */
  static BatchSizer sizer(String appId, String key, BatchSizerSettings settings) {
    return app(appId).sizers.computeIfAbsent(key, k -> new BatchSizer(settings));
  }

  /** Returns a borrowed instance to its pool. */
  static void release(String appId, Stateful<?> recipe, Object instance) {
    App app = APPS.get(appId);
    if (app != null) {
      app.idle.computeIfAbsent(recipe.key(), k -> new ConcurrentLinkedDeque<>()).addFirst(instance);
    } else if (instance instanceof AutoCloseable c) {
      close(c);
    }
  }

  private static void build(App app, Stateful<?> recipe, CompletableFuture<Object> into, Consumer<Object> onBuilt) {
    try {
      Object instance = recipe.create();
      if (instance == null) {
        throw new IllegalStateException("the factory returned null");
      }
      app.built.add(instance);
      onBuilt.accept(instance);
      into.complete(instance);
    } catch (Exception | LinkageError e) {
      into.completeExceptionally(e);
    }
  }

  private static Object join(CompletableFuture<Object> f) throws Exception {
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** Closes and forgets the instances of application {@code appId}. */
  static void closeApp(String appId) {
    App app = APPS.remove(appId);
    if (app == null) {
      return;
    }
    synchronized (app.built) {
      for (Object o : app.built) {
        if (o instanceof AutoCloseable c) {
          close(c);
        }
      }
      app.built.clear();
    }
  }

  private static void close(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.warn("closing a stateful instance ({}) failed: {}", c.getClass().getName(), e.toString());
    }
  }

  /** Instances alive in this JVM for {@code appId} (for tests and diagnostics). */
  static int alive(String appId) {
    App app = APPS.get(appId);
    return app == null ? 0 : app.built.size();
  }
}
