package io.sparknodes.pipeline.internal;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.pipeline.Node;
import io.sparknodes.pipeline.Pipeline;
import io.sparknodes.pipeline.Stateful;
import io.sparknodes.pipeline.StatefulResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compiles a {@link Plan}: which nodes the wanted outputs need, in order; where each of their
 * arguments comes from (a per-row value, a constant, a stateful instance); each node's effective
 * config. Everything is validated here, before anything runs.
 */
final class PlanBuilder {
  private static final NodeAccess.Access NODES = NodeAccess.get();

  private PlanBuilder() {}

  /** See {@link Plan#forLists}. */
  static Plan forLists(Pipeline pipeline, Map<String, ?> inputs, List<String> mapOver,
      ExecutionConfig engineDefaults) {
    Objects.requireNonNull(inputs, "inputs");
    List<List<?>> columns = new ArrayList<>();
    int n = mapOver.isEmpty() ? 1 : -1;
    String first = null;
    for (String name : new LinkedHashSet<>(mapOver)) {
      List<?> list = Plan.mappedList(inputs, name);
      if (n >= 0 && list.size() != n) {
        throw new IllegalArgumentException("mapped inputs have unequal lengths: '" + first + "' has " + n
            + " items but '" + name + "' has " + list.size());
      }
      n = list.size();
      first = first == null ? name : first;
      columns.add(list);
    }
    return build(pipeline, inputs, List.copyOf(new LinkedHashSet<>(mapOver)), columns, n, engineDefaults);
  }

  /** See {@link Plan#forRows}. */
  static Plan forRows(Pipeline pipeline, Map<String, ?> constants, List<String> rowInputs,
      ExecutionConfig engineDefaults) {
    for (String name : rowInputs) {
      if (constants.containsKey(name)) {
        throw new IllegalArgumentException("input '" + name + "' is given both as a column and as a constant");
      }
    }
    return build(pipeline, constants, List.copyOf(rowInputs), null, -1, engineDefaults);
  }

  private static Plan build(Pipeline pipeline, Map<String, ?> inputs, List<String> rowInputs,
      List<List<?>> columns, int size, ExecutionConfig engineDefaults) {
    Objects.requireNonNull(engineDefaults, "engineDefaults");
    Set<String> pipelineInputs = pipeline.inputs();
    for (String given : inputs.keySet()) {
      if (!pipelineInputs.contains(given) && !rowInputs.contains(given)) {
        throw new IllegalArgumentException("unknown input '" + given + "'; the pipeline's inputs are " + Plan.sorted(pipelineInputs));
      }
    }
    List<Node> needed = pipeline.nodesFor(pipeline.outputs());
    Map<String, List<String>> consumers = new LinkedHashMap<>();
    Map<String, Stateful.Scope> hints = new LinkedHashMap<>();
    Set<String> produced = new LinkedHashSet<>();
    for (Node node : needed) {
      produced.add(node.output());
    }
    for (Node node : needed) {
      for (String in : node.inputs()) {
        if (!produced.contains(in)) {
          consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(node.name());
        }
      }
      node.statefulHints().forEach((in, scope) -> hints.merge(in, scope,
          (a, b) -> a == Stateful.Scope.SLOT || b == Stateful.Scope.SLOT ? Stateful.Scope.SLOT : a));
    }

    Map<String, Integer> rowSlot = new LinkedHashMap<>();
    for (String r : rowInputs) {
      rowSlot.put(r, rowSlot.size() + 1);
    }
    Map<String, Integer> constSlot = new LinkedHashMap<>();
    List<Object> constants = new ArrayList<>();
    Map<String, Integer> statefulSlot = new LinkedHashMap<>();
    List<String> statefulNames = new ArrayList<>();
    List<Stateful<?>> recipes = new ArrayList<>();
    List<Object> statefulValues = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : consumers.entrySet()) {
      String name = e.getKey();
      if (rowSlot.containsKey(name)) {
        if (hints.containsKey(name)) {
          throw new IllegalArgumentException("input '" + name + "' is mapped over, so it cannot be stateful (node "
              + Plan.quoted(e.getValue()) + " marks it stateful)");
        }
        continue;
      }
      if (!inputs.containsKey(name)) {
        missing.add("'" + name + "' (needed by node " + Plan.quoted(e.getValue()) + ")");
        continue;
      }
      Object value = inputs.get(name);
      Stateful<?> recipe = null;
      Object direct = null;
      if (value instanceof Stateful<?> s) {
        recipe = hints.containsKey(name) ? s.withScope(hints.get(name)) : s;
      } else if (value != null && (hints.containsKey(name) || value.getClass().isAnnotationPresent(StatefulResource.class))) {
        direct = value;
      }
      if (recipe != null || direct != null) {
        statefulSlot.put(name, recipes.size());
        statefulNames.add(name);
        recipes.add(recipe);
        statefulValues.add(direct);
      } else {
        constSlot.put(name, constants.size());
        constants.add(value);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("missing input" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
    }

    int width = 1 + rowInputs.size();
    Map<String, Integer> outSlot = new LinkedHashMap<>();
    List<Plan.Step> steps = new ArrayList<>();
    for (Node node : needed) {
      int k = node.inputs().size();
      int[] sources = new int[k];
      int[] indexes = new int[k];
      for (int i = 0; i < k; i++) {
        String in = node.inputs().get(i);
        if (outSlot.containsKey(in)) {
          sources[i] = Plan.Source.ROW.ordinal();
          indexes[i] = outSlot.get(in);
        } else if (rowSlot.containsKey(in)) {
          sources[i] = Plan.Source.ROW.ordinal();
          indexes[i] = rowSlot.get(in);
        } else if (statefulSlot.containsKey(in)) {
          sources[i] = Plan.Source.STATEFUL.ordinal();
          indexes[i] = statefulSlot.get(in);
        } else {
          sources[i] = Plan.Source.CONSTANT.ordinal();
          indexes[i] = constSlot.get(in);
        }
      }
      outSlot.put(node.output(), width);
      steps.add(new Plan.Step(NODES.bind(node, sources, engineDefaults), node.config().resolve(engineDefaults), sources, indexes, width));
      width++;
    }
    List<String> outputs = pipeline.outputs();
    int[] outputSlots = outputs.stream().mapToInt(outSlot::get).toArray();
    return new Plan(List.copyOf(steps), rowInputs, outputs, outputSlots, constants.toArray(),
        List.copyOf(statefulNames), recipes.toArray(), statefulValues.toArray(),
        width, size, columns);
  }
}
