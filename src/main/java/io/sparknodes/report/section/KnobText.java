package io.sparknodes.report.section;

import static io.sparknodes.config.Knobs.BATCH_SIZE;
import static io.sparknodes.config.Knobs.MAX_CONCURRENCY;
import static io.sparknodes.config.Knobs.USE_PROCESS;

/** What each knob does and what else to choose it by, in the report's words. */
final class KnobText {
  private KnobText() {}

  /** What to choose a knob by when its values do as well as each other. */
  static String otherReasons(String axis) {
    return switch (axis) {
      case BATCH_SIZE -> "memory (a batch is held in memory at once; smaller batches use less)";
      case MAX_CONCURRENCY -> "the cores you can spare (fewer cores leave room for other work)";
      case USE_PROCESS -> "isolation and memory (separate executor JVMs isolate failures but each holds its own"
          + " stateful instances)";
      default -> "what the setting costs elsewhere";
    };
  }

  /** {@link #otherReasons} in a few words, for the decision tree. */
  static String shortReason(String axis) {
    return switch (axis) {
      case BATCH_SIZE -> "memory";
      case MAX_CONCURRENCY -> "the cores you can spare";
      case USE_PROCESS -> "isolation vs memory";
      default -> "cost elsewhere";
    };
  }

  /** "_What it does:_ ...": the knob's meaning. */
  static String knobMeaning(String axis) {
    return switch (axis) {
      case BATCH_SIZE -> "_What it does:_ the rows handed to one call of a node's function (the partitions, and so the"
          + " tasks, follow the executor slots, not batch_size). Larger batches mean fewer calls and more memory per"
          + " call; `auto` lets each executor choose sizes as the node runs, from a fit of a fixed and a per-row"
          + " cost.";
      case MAX_CONCURRENCY -> "_What it does:_ the executor cores: tasks that run at once. Beyond the cores of the"
          + " machine more concurrency only adds contention; each executor JVM builds its own stateful instances.";
      case USE_PROCESS -> "_What it does:_ `false` runs tasks as threads of one executor JVM (`local[N]`); `true` runs"
          + " N executor JVMs (`local-cluster[N,1,MB]`), which costs JVM start-up and one stateful instance per JVM.";
      default -> "_What it does:_ a Spark setting passed as `--conf " + axis + "=...`.";
    };
  }
}
