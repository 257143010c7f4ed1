package dev.firedrill.operator.drill;

import dev.firedrill.engine.validate.Problem;
import dev.firedrill.operator.api.v1alpha1.Drill;
import dev.firedrill.operator.api.v1alpha1.DrillStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one writer of {@link DrillStatus}: derives the {@code Valid} condition from the problems
 * found, keeps the last transition time while the condition's status does not change, and keeps
 * what other phases recorded (last run, verdict, next run).
 */
public final class DrillStatuses {

  /** Condition type saying whether the drill can run. */
  public static final String VALID = "Valid";

  /** Reasons of the Valid condition. */
  public static final String REASON_VALID = "Valid";

  public static final String REASON_INVALID_SPEC = "InvalidSpec";
  public static final String REASON_TARGET_NOT_ALLOWED = "TargetNotAllowed";

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
    String status = REASON_VALID.equals(reason) ? "True" : "False";
    Condition previous =
        old == null
            ? null
            : old.conditions().stream()
                .filter(c -> VALID.equals(c.getType()))
                .findFirst()
                .orElse(null);
    String since =
        previous != null && status.equals(previous.getStatus())
            ? previous.getLastTransitionTime()
            : now.toString();
    Condition valid =
        new ConditionBuilder()
            .withType(VALID)
            .withStatus(status)
            .withReason(reason)
            .withMessage(
                message.length() > MAX_MESSAGE
                    ? message.substring(0, MAX_MESSAGE - 3) + "..."
                    : message)
            .withObservedGeneration(drill.getMetadata().getGeneration())
            .withLastTransitionTime(since)
            .build();
    List<Condition> others =
        old == null
            ? List.of()
            : old.conditions().stream().filter(c -> !VALID.equals(c.getType())).toList();
    List<Condition> conditions =
        new ArrayList<>(Stream.concat(Stream.of(valid), others.stream()).toList());
    return new DrillStatus(
        drill.getMetadata().getGeneration(),
        old == null ? null : old.lastRun(),
        old == null ? null : old.lastVerdict(),
        old == null ? null : old.lastRunTime(),
        old == null ? null : old.nextRunTime(),
        conditions);
  }
}
