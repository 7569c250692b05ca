package io.sparknodes.spark;

import io.sparknodes.pipeline.internal.Plan;
import io.sparknodes.pipeline.Stateful;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * The stateful instances of one task, fetched lazily from the {@link ExecutorRegistry}: the
 * executor's shared instance, or a per-slot instance borrowed for the task and given back when it
 * completes. Every function of a task sees the same instances.
 */
final class TaskStates implements Plan.StatefulSource {
  private static final Map<Long, TaskStates> BY_ATTEMPT = new ConcurrentHashMap<>();

  private final Plan plan;
  private final ReportAccumulator acc;
  private final String appId;
  private final String executorId;
  private final Object[] instances;

  private TaskStates(Plan plan, ReportAccumulator acc, String appId, String executorId) {
    this.plan = plan;
    this.acc = acc;
    this.appId = appId;
    this.executorId = executorId;
    this.instances = new Object[plan.statefulNames().size()];
  }

  /** The states of the running task (one per task attempt), created by its first function. */
  static TaskStates forTask(Plan plan, ReportAccumulator acc) {
    TaskContext tc = TaskContext.get();
    SparkEnv env = SparkEnv.get();
    String appId = env.conf().getAppId();
    String executorId = env.executorId();
    if (tc == null) {
      return new TaskStates(plan, acc, appId, executorId);
    }
    long attempt = tc.taskAttemptId();
    TaskStates existing = BY_ATTEMPT.get(attempt);
    if (existing != null) {
      return existing;
    }
    TaskStates states = new TaskStates(plan, acc, appId, executorId);
    BY_ATTEMPT.put(attempt, states);
    tc.addTaskCompletionListener(ctx -> {
      BY_ATTEMPT.remove(attempt);
      states.releaseAll();
    });
    return states;
  }

  @Override
  public Object get(int i) throws Exception {
    Object instance = instances[i];
    if (instance == null) {
      Stateful<?> recipe = plan.recipe(i);
      String input = plan.statefulNames().get(i);
      instance = recipe.scope() == Stateful.Scope.SLOT
          ? ExecutorRegistry.borrow(appId, recipe, built -> acc.onBuilt(input, executorId))
          : ExecutorRegistry.shared(appId, recipe, built -> acc.onBuilt(input, executorId));
      instances[i] = instance;
    }
    return instance;
  }

  @Override
  public io.sparknodes.pipeline.internal.BatchSizer batchSizer(int step, io.sparknodes.pipeline.internal.BatchSizerSettings settings) {
    // One sizer per node and executor for the whole map: the map is the accumulator's id.
    return ExecutorRegistry.sizer(appId, acc.id() + "/" + step, settings);
  }

  private void releaseAll() {
    for (int i = 0; i < instances.length; i++) {
      if (instances[i] != null && plan.recipe(i).scope() == Stateful.Scope.SLOT) {
        ExecutorRegistry.release(appId, plan.recipe(i), instances[i]);
      }
      instances[i] = null;
    }
  }
}
