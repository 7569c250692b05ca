package io.sparknodes.tuning;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;

/**
 * What a group's JVM tells the sweep, one event per line of its standard output (see {@link
 * ChildProtocol}): a run starting (which restarts the run's time limit), a point's result.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ChildEvent.RunStarting.class, name = "run"),
    @JsonSubTypes.Type(value = ChildEvent.PointFinished.class, name = "result"),
    @JsonSubTypes.Type(value = ChildEvent.GroupStarting.class, name = "group")})
sealed interface ChildEvent permits ChildEvent.RunStarting, ChildEvent.PointFinished, ChildEvent.GroupStarting {

  /**
   * A group's application is about to start in a JVM that runs several groups one after another
   * (the shared design): the time until its first run is its start.
   *
   * @param group the group's id ({@code Trial.idOf} of its application key)
   */
  record GroupStarting(String group) implements ChildEvent {
    public GroupStarting {
      Objects.requireNonNull(group, "group");
    }
  }

  /**
   * A run of a point starts.
   *
   * @param point the point's id
   * @param phase cold, warm-up, measure or the memory probe
   * @param round the round of that phase, from 1
   */
  record RunStarting(String point, String phase, int round) implements ChildEvent {
    public RunStarting {
      Objects.requireNonNull(point, "point");
      Objects.requireNonNull(phase, "phase");
    }
  }

  /** A point is finished (measured or failed): its result. */
  record PointFinished(PointResult result) implements ChildEvent {
    public PointFinished {
      Objects.requireNonNull(result, "result");
    }
  }
}
