package dev.firedrill.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.ConcurrencyPolicy;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Schedule;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec.Trigger;
import dev.firedrill.operator.schedule.ScheduleDecision.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedule decision as a pure function of the schedule, the last fire time, now and runs. */
class ScheduleDeciderTest {

  /** Monday 2026-11-23, 01:00 UTC = 02:00 in Berlin (winter time, UTC+1). */
  private static final Instant MONDAY_2_BERLIN = Instant.parse("2026-11-23T01:00:00Z");

  private static final Instant SINCE = Instant.parse("2026-11-20T12:00:00Z");

  private static Schedule weekly(ConcurrencyPolicy policy, String deadline) {
    return new Schedule("0 0 2 ? * MON", "Europe/Berlin", policy, null, null, null, deadline);
  }

  private static RunView active(String name) {
    return new RunView(name, Trigger.MANUAL, SINCE, null, null, RunPhase.RUNNING, null, false);
  }

  private static RunView finished(String name) {
    return new RunView(
        name, Trigger.SCHEDULE, SINCE, null, null, RunPhase.COMPLETED, Verdict.PASS, false);
  }

  @Test
  void nothingIsDueBeforeTheFireTimeInTheScheduleTimeZoneAndNextRunTimeSaysWhen() {
    ScheduleDecision d =
        ScheduleDecider.decide(
            weekly(null, null), SINCE, MONDAY_2_BERLIN.minusSeconds(1), List.of());

    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.nextRunTime()).isEqualTo(MONDAY_2_BERLIN);
    assertThat(d.settlesFireTime()).isFalse();
  }

  @Test
  void theFireTimeStartsARunAndTheNextOneIsAWeekLaterFollowingSummerTime() {
    ScheduleDecision d =
        ScheduleDecider.decide(
            weekly(null, null), SINCE, MONDAY_2_BERLIN.plusSeconds(2), List.of(finished("old")));

    assertThat(d.action()).isEqualTo(Action.CREATE);
    assertThat(d.fireTime()).isEqualTo(MONDAY_2_BERLIN);
    assertThat(d.missed()).isZero();
    assertThat(d.nextRunTime()).isEqualTo(Instant.parse("2026-11-30T01:00:00Z"));
    // On 2027-03-29 Berlin is on summer time (UTC+2): 02:00 is 00:00 UTC.
    assertThat(ScheduleDecider.next(weekly(null, null), Instant.parse("2027-03-23T00:00:00Z")))
        .isEqualTo(Instant.parse("2027-03-29T00:00:00Z"));
  }

  @Test
  void forbidSkipsTheFireTimeWhileARunOfAnyTriggerIsGoing() {
    ScheduleDecision d =
        ScheduleDecider.decide(
            weekly(ConcurrencyPolicy.FORBID, null),
            SINCE,
            MONDAY_2_BERLIN.plusSeconds(2),
            List.of(active("manual-1"), finished("done")));

    assertThat(d.action()).isEqualTo(Action.SKIP_FORBIDDEN);
    assertThat(d.settlesFireTime()).isTrue();
    assertThat(d.message())
        .isEqualTo(
            "fire time 2026-11-23T01:00:00Z skipped: manual-1 still running (concurrencyPolicy"
                + " Forbid)");
  }

  @Test
  void allowStartsAlongsideARunThatIsGoing() {
    ScheduleDecision d =
        ScheduleDecider.decide(
            weekly(ConcurrencyPolicy.ALLOW, null),
            SINCE,
            MONDAY_2_BERLIN.plusSeconds(2),
            List.of(active("manual-1")));

    assertThat(d.action()).isEqualTo(Action.CREATE);
  }

  @Test
  void replaceDeletesTheActiveRunsThenWaitsForThemThenStarts() {
    Schedule replace = weekly(ConcurrencyPolicy.REPLACE, null);
    Instant now = MONDAY_2_BERLIN.plusSeconds(2);

    ScheduleDecision first =
        ScheduleDecider.decide(replace, SINCE, now, List.of(active("a"), finished("b")));
    assertThat(first.action()).isEqualTo(Action.REPLACE);
    assertThat(first.delete()).containsExactly("a");
    assertThat(first.settlesFireTime()).isFalse();
    assertThat(first.waiting()).isTrue();

    RunView healing =
        new RunView("a", Trigger.MANUAL, SINCE, null, null, RunPhase.HEALING, null, true);
    ScheduleDecision second = ScheduleDecider.decide(replace, SINCE, now, List.of(healing));
    assertThat(second.action()).isEqualTo(Action.WAIT_FOR_REPLACED);
    assertThat(second.delete()).isEmpty();

    ScheduleDecision third = ScheduleDecider.decide(replace, SINCE, now, List.of(finished("b")));
    assertThat(third.action()).isEqualTo(Action.CREATE);
    assertThat(third.fireTime()).isEqualTo(MONDAY_2_BERLIN);
  }

  @Test
  void replacedRunsThatOutliveTheDeadlineMakeTheFireTimeMissed() {
    RunView healing =
        new RunView("a", Trigger.MANUAL, SINCE, null, null, RunPhase.HEALING, null, true);

    ScheduleDecision d =
        ScheduleDecider.decide(
            weekly(ConcurrencyPolicy.REPLACE, "1m"),
            SINCE,
            MONDAY_2_BERLIN.plusSeconds(61),
            List.of(healing));

    assertThat(d.action()).isEqualTo(Action.MISSED);
    assertThat(d.missed()).isEqualTo(1);
  }

  @Test
  void suspendedSchedulesDecideNothingAndHaveNoNextRun() {
    Schedule suspended =
        new Schedule("0 0 2 ? * MON", "Europe/Berlin", null, true, null, null, null);

    ScheduleDecision d =
        ScheduleDecider.decide(suspended, SINCE, MONDAY_2_BERLIN.plusSeconds(2), List.of());

    assertThat(d.action()).isEqualTo(Action.SUSPENDED);
    assertThat(d.nextRunTime()).isNull();
  }

  @Test
  void afterAnOutageTheLatestFireTimeWithinTheDeadlineRunsOnceAndOlderOnesAreCounted() {
    // Three Mondays passed while the operator was down; it is back 4 minutes after the third.
    Instant third = MONDAY_2_BERLIN.plus(Duration.ofDays(14));
    ScheduleDecision d =
        ScheduleDecider.decide(
            weekly(null, "5m"), SINCE, third.plus(Duration.ofMinutes(4)), List.of());

    assertThat(d.action()).isEqualTo(Action.CREATE);
    assertThat(d.fireTime()).isEqualTo(third);
    assertThat(d.missed()).isEqualTo(2);
  }

  @Test
  void afterAnOutageLongerThanTheDeadlineEveryFireTimeIsMissedAndNoneRuns() {
    Instant third = MONDAY_2_BERLIN.plus(Duration.ofDays(14));
    ScheduleDecision d =
        ScheduleDecider.decide(
            weekly(null, "5m"), SINCE, third.plus(Duration.ofMinutes(6)), List.of());

    assertThat(d.action()).isEqualTo(Action.MISSED);
    assertThat(d.fireTime()).isEqualTo(third);
    assertThat(d.missed()).isEqualTo(3);
    assertThat(d.settlesFireTime()).isTrue();
    assertThat(d.nextRunTime()).isEqualTo(third.plus(Duration.ofDays(7)));
  }

  @Test
  void aFireTimeAlreadyStartedIsNotStartedAgain() {
    RunView started =
        new RunView(
            "d-1", Trigger.SCHEDULE, SINCE, null, MONDAY_2_BERLIN, RunPhase.PENDING, null, false);

    ScheduleDecision d =
        ScheduleDecider.decide(
            weekly(ConcurrencyPolicy.ALLOW, null),
            SINCE,
            MONDAY_2_BERLIN.plusSeconds(2),
            List.of(started));

    assertThat(d.action()).isEqualTo(Action.ALREADY_STARTED);
    assertThat(d.settlesFireTime()).isTrue();
  }

  @Test
  void aFireTimeAlreadyDealtWithIsNotDueAgain() {
    ScheduleDecision d =
        ScheduleDecider.decide(
            weekly(null, null), MONDAY_2_BERLIN, MONDAY_2_BERLIN.plusSeconds(30), List.of());

    assertThat(d.action()).isEqualTo(Action.NONE);
  }

  @Test
  void aCronEverySecondAfterAWeekDownCountsWithoutScanningForever() {
    Schedule everySecond = new Schedule("* * * ? * *", "UTC", null, null, null, null, "10s");
    Instant now = SINCE.plus(Duration.ofDays(7));

    ScheduleDecision d = ScheduleDecider.decide(everySecond, SINCE, now, List.of());

    assertThat(d.action()).isEqualTo(Action.CREATE);
    assertThat(d.fireTime()).isEqualTo(now);
    // The first MAX_SCAN fire times are counted, then the scan jumps to the deadline window.
    assertThat(d.missed()).isBetween((long) ScheduleDecider.MAX_SCAN, 7L * 24 * 3600);
  }

  @Test
  void aCronWhoseLastYearHasPassedHasNoNextRun() {
    Schedule past = Schedule.of("0 0 2 ? * MON 2020", "UTC");

    ScheduleDecision d = ScheduleDecider.decide(past, SINCE, MONDAY_2_BERLIN, List.of());

    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.nextRunTime()).isNull();
  }
}
