package dev.firedrill.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.ConcurrencyPolicy;
import dev.firedrill.engine.model.Schedule;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The schedule's fields: defaults, and the starting deadline's rules, on a drill of pods (the
 * operator keeps schedules; a drill of local processes refuses one, see DrillLoaderTest).
 */
class ScheduleRulesTest {

  private static LoadResult withSchedule(String schedule) {
    return new DrillLoader()
        .load("drill.yaml", TimelineRulesTest.CLUSTER + "schedule:\n" + schedule);
  }

  @Test
  void defaultsAreForbidUtcAndAFiveMinuteDeadline() {
    Schedule s = Schedule.of("0 0 2 ? * MON", null);

    assertThat(s.timeZone()).isEqualTo("UTC");
    assertThat(s.concurrencyPolicy()).isEqualTo(ConcurrencyPolicy.FORBID);
    assertThat(s.suspend()).isFalse();
    assertThat(s.successfulRunsHistoryLimit()).isEqualTo(3);
    assertThat(s.failedRunsHistoryLimit()).isEqualTo(5);
    assertThat(s.startingDeadlineDuration()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aStartingDeadlineIsReadAsADuration() {
    LoadResult result = withSchedule("  cron: \"0 0 2 ? * MON\"\n  startingDeadline: 1h30m\n");

    assertThat(result.problems()).isEmpty();
    assertThat(result.drills().getFirst().spec().schedule().startingDeadlineDuration())
        .isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void aDeadlineThatIsNotADurationOrShorterThanASecondIsNamedWithItsFix() {
    assertThat(withSchedule("  cron: \"0 0 2 ? * MON\"\n  startingDeadline: soon\n").problems())
        .extracting(Problem::path)
        .containsExactly("schedule.startingDeadline");
    assertThat(withSchedule("  cron: \"0 0 2 ? * MON\"\n  startingDeadline: 500ms\n").problems())
        .extracting(Problem::format)
        .containsExactly(
            "drill.yaml:24:21: schedule.startingDeadline: '500ms' is shorter than 1s: no run could"
                + " start in time (fix: give at least 1s, e.g. 5m (the default))");
  }
}
