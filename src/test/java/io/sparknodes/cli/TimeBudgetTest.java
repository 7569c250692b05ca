package io.sparknodes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code --time-budget}'s durations. */
class TimeBudgetTest {
  @Test
  void durations_inSecondsMinutesHoursAndTheirSums() {
    assertEquals(Duration.ofSeconds(90), GridCommand.duration("--time-budget", "90s"));
    assertEquals(Duration.ofMinutes(4), GridCommand.duration("--time-budget", "4m"));
    assertEquals(Duration.ofMinutes(90), GridCommand.duration("--time-budget", "1h30m"));
    assertEquals(Duration.ofSeconds(90), GridCommand.duration("--time-budget", "1.5m"));
    assertEquals(Duration.ofMillis(500), GridCommand.duration("--time-budget", "500ms"));
  }

  @Test
  void aBadDuration_isOneLineNamingTheOptionAndTheValue() {
    for (String bad : new String[] {"", "90", "4 minutes", "0s", "m4", "4m x"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> GridCommand.duration("--time-budget", bad));
      assertEquals("--time-budget: '" + bad + "' is not a duration such as 90s, 4m or 1h30m", e.getMessage());
    }
  }
}
