package dev.firedrill.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Schedule;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec.Trigger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which finished runs the history limits delete. */
class HistoryLimitsTest {

  private static final Instant T0 = Instant.parse("2026-11-23T01:00:00Z");

  private static RunView run(int minute, Trigger trigger, RunPhase phase, Verdict verdict) {
    return new RunView(
        "r" + minute, trigger, T0.plusSeconds(60L * minute), null, null, phase, verdict, false);
  }

  private static Schedule limits(int successful, int failed) {
    return new Schedule("0 0 2 ? * MON", "UTC", null, null, successful, failed, null);
  }

  @Test
  void theOldestSucceededAndFailedRunsBeyondTheLimitsGoWhateverStartedThem() {
    List<RunView> runs =
        new ArrayList<>(
            List.of(
                run(1, Trigger.SCHEDULE, RunPhase.COMPLETED, Verdict.PASS),
                run(2, Trigger.MANUAL, RunPhase.COMPLETED, Verdict.FAIL),
                run(3, Trigger.CI, RunPhase.COMPLETED, Verdict.PASS),
                run(4, Trigger.SCHEDULE, RunPhase.ERRORED, Verdict.ERROR),
                run(5, Trigger.SCHEDULE, RunPhase.COMPLETED, Verdict.INCONCLUSIVE),
                run(6, Trigger.SCHEDULE, RunPhase.ABORTED, Verdict.ABORTED),
                run(7, Trigger.SCHEDULE, RunPhase.COMPLETED, null), // a dry run: succeeded
                run(8, Trigger.SCHEDULE, RunPhase.RUNNING, null))); // going: never deleted
    Collections.shuffle(runs, new java.util.Random(7));

    assertThat(HistoryLimits.toDelete(limits(2, 2), runs)).containsExactly("r1", "r2", "r4");
  }

  @Test
  void limitsOfZeroDeleteEveryFinishedRunButNeverOneBeingDeletedOrGoing() {
    RunView deleting =
        new RunView(
            "gone", Trigger.SCHEDULE, T0, null, null, RunPhase.COMPLETED, Verdict.PASS, true);
    List<RunView> runs =
        List.of(
            run(1, Trigger.SCHEDULE, RunPhase.COMPLETED, Verdict.PASS),
            run(2, Trigger.SCHEDULE, RunPhase.ERRORED, null),
            run(3, Trigger.SCHEDULE, RunPhase.PENDING, null),
            deleting);

    assertThat(HistoryLimits.toDelete(limits(0, 0), runs)).containsExactly("r1", "r2");
  }

  @Test
  void withinTheLimitsNothingIsDeleted() {
    assertThat(
            HistoryLimits.toDelete(
                limits(3, 5),
                List.of(
                    run(1, Trigger.SCHEDULE, RunPhase.COMPLETED, Verdict.PASS),
                    run(2, Trigger.SCHEDULE, RunPhase.COMPLETED, Verdict.FAIL))))
        .isEmpty();
  }
}
