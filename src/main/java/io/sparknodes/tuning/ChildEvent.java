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
    @JsonSubTypes.Type(value = ChildEvent.PointFinished.class, name = "result")})
sealed interface ChildEvent permits ChildEvent.RunStarting, ChildEvent.PointFinished {

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
