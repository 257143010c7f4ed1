package dev.firedrill.operator.drill;

import dev.firedrill.engine.model.Schedule;
import dev.firedrill.engine.validate.Problem;
import dev.firedrill.operator.api.v1alpha1.Drill;
import dev.firedrill.operator.api.v1alpha1.DrillStatus;
import dev.firedrill.operator.schedule.RunView;
import dev.firedrill.operator.schedule.ScheduleDecision;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one writer of {@link DrillStatus}, in three steps that each keep what the others recorded:
 * {@link #validated} (the {@code Valid} condition), {@link #scheduled} / {@link #unscheduled} /
 * {@link #notScheduled} (the schedule's times and the {@code Scheduled} condition), and {@link
 * #withRuns} (last run, its time and the last verdict, from the drill's DrillRuns). A condition
 * keeps its last transition time while its status does not change.
 */
public final class DrillStatuses {

  /** Condition type saying whether the drill can run. */
  public static final String VALID = "Valid";

  /** Condition type saying whether the schedule fires. */
  public static final String SCHEDULED = "Scheduled";

  /** Reasons of the Valid condition. */
  public static final String REASON_VALID = "Valid";

  public static final String REASON_INVALID_SPEC = "InvalidSpec";
  public static final String REASON_TARGET_NOT_ALLOWED = "TargetNotAllowed";

  /** Reasons of the Scheduled condition. */
  public static final String REASON_SCHEDULED = "Scheduled";

  public static final String REASON_SUSPENDED = "Suspended";
  public static final String REASON_DRILL_NOT_VALID = "DrillNotValid";

  private static final int MAX_MESSAGE = 4000;

  private DrillStatuses() {}

  /** The status after validation at {@code now}. */
  public static DrillStatus validated(
      Drill drill, List<Problem> specProblems, List<String> namespaceProblems, Instant now) {
    DrillStatus old = drill.getStatus();
    String reason;
    String message;
    if (!specProblems.isEmpty()) {
      reason = REASON_INVALID_SPEC;
      message =
          specProblems.size()
              + " problem(s): "
              + specProblems.stream()
                  .map(p ->
                      p.path()
                          + ": "
                          + p.message()
                          + (p.fix() == null ? "" : " (fix: " + p.fix() + ")"))
                  .collect(Collectors.joining("; "));
    } else if (!namespaceProblems.isEmpty()) {
      reason = REASON_TARGET_NOT_ALLOWED;
      message = String.join("; ", namespaceProblems);
    } else {
      reason = REASON_VALID;
      message = "the drill is valid";
    }
    Condition valid =
        condition(drill, old, VALID, REASON_VALID.equals(reason), reason, message, now);
    return new DrillStatus(
        drill.getMetadata().getGeneration(),
        old == null ? null : old.lastRun(),
        old == null ? null : old.lastVerdict(),
        old == null ? null : old.lastRunTime(),
        old == null ? null : old.lastScheduleTime(),
        old == null ? null : old.nextRunTime(),
        old == null ? null : old.missedRuns(),
        replace(old, valid));
  }

  /**
   * The status after a schedule decision: the fire time it settled becomes {@code
   * lastScheduleTime}, the fire times it missed are added to {@code missedRuns}, and {@code
   * Scheduled} says when the next run is due.
   */
  public static DrillStatus scheduled(
      Drill drill, DrillStatus status, Schedule schedule, ScheduleDecision decision, Instant now) {
    boolean settled = decision.settlesFireTime();
    long missed =
        Optional.ofNullable(status.missedRuns()).orElse(0L) + (settled ? decision.missed() : 0);
    Condition scheduled =
        schedule.suspend()
            ? condition(
                drill,
                status,
                SCHEDULED,
                false,
                REASON_SUSPENDED,
                "spec.schedule.suspend is true",
                now)
            : condition(
                drill,
                status,
                SCHEDULED,
                true,
                REASON_SCHEDULED,
                (decision.nextRunTime() == null
                        ? "no fire time is left"
                        : "next run at " + decision.nextRunTime())
                    + " (cron '"
                    + schedule.cron()
                    + "' in "
                    + schedule.timeZone()
                    + ")",
                now);
    return new DrillStatus(
        status.observedGeneration(),
        status.lastRun(),
        status.lastVerdict(),
        status.lastRunTime(),
        settled ? decision.fireTime().toString() : status.lastScheduleTime(),
        decision.nextRunTime() == null ? null : decision.nextRunTime().toString(),
        missed == 0 ? null : missed,
        replace(status, scheduled));
  }

  /** The status of a drill with no schedule: no next run, no Scheduled condition. */
  public static DrillStatus unscheduled(DrillStatus status) {
    return new DrillStatus(
        status.observedGeneration(),
        status.lastRun(),
        status.lastVerdict(),
        status.lastRunTime(),
        status.lastScheduleTime(),
        null,
        status.missedRuns(),
        status.conditions().stream().filter(c -> !SCHEDULED.equals(c.getType())).toList());
  }

  /** The status of a scheduled drill that is not valid: nothing fires until it is. */
  public static DrillStatus notScheduled(Drill drill, DrillStatus status, Instant now) {
    Condition scheduled =
        condition(
            drill,
            status,
            SCHEDULED,
            false,
            REASON_DRILL_NOT_VALID,
            "not scheduled while the drill is not valid (see the Valid condition)",
            now);
    return new DrillStatus(
        status.observedGeneration(),
        status.lastRun(),
        status.lastVerdict(),
        status.lastRunTime(),
        status.lastScheduleTime(),
        null,
        status.missedRuns(),
        replace(status, scheduled));
  }

  /**
   * The status with the drill's runs summed up: the newest run (by creation, then name) and when it
   * started, and the verdict of the newest finished run that has one.
   */
  public static DrillStatus withRuns(DrillStatus status, List<RunView> runs) {
    Comparator<RunView> newestFirst =
        Comparator.comparing(RunView::created, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(RunView::name, Comparator.reverseOrder());
    List<RunView> sorted = runs.stream().sorted(newestFirst).toList();
    if (sorted.isEmpty()) {
      return status;
    }
    RunView last = sorted.getFirst();
    RunView lastFinished =
        sorted.stream().filter(r -> r.terminal() && r.verdict() != null).findFirst().orElse(null);
    Instant lastTime = last.startedOrCreated();
    return new DrillStatus(
        status.observedGeneration(),
        last.name(),
        lastFinished == null ? status.lastVerdict() : lastFinished.verdict(),
        lastTime == null ? status.lastRunTime() : lastTime.toString(),
        status.lastScheduleTime(),
        status.nextRunTime(),
        status.missedRuns(),
        status.conditions());
  }

  private static Condition condition(
      Drill drill,
      DrillStatus old,
      String type,
      boolean ok,
      String reason,
      String message,
      Instant now) {
    String status = ok ? "True" : "False";
    Condition previous =
        old == null
            ? null
            : old.conditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElse(null);
    String since =
        previous != null && Objects.equals(status, previous.getStatus())
            ? previous.getLastTransitionTime()
            : now.toString();
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(
            message.length() > MAX_MESSAGE
                ? message.substring(0, MAX_MESSAGE - 3) + "..."
                : message)
        .withObservedGeneration(drill.getMetadata().getGeneration())
        .withLastTransitionTime(since)
        .build();
  }

  /** The conditions of {@code old} with {@code condition} in place of its type, Valid first. */
  private static List<Condition> replace(DrillStatus old, Condition condition) {
    List<Condition> conditions = new ArrayList<>();
    if (old != null) {
      old.conditions().stream()
          .filter(c -> !condition.getType().equals(c.getType()))
          .forEach(conditions::add);
    }
    int at = VALID.equals(condition.getType()) ? 0 : conditions.size();
    conditions.add(at, condition);
    return conditions;
  }
}
