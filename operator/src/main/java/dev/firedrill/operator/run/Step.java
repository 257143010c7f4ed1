package dev.firedrill.operator.run;

import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * What a phase handler decided, for the reconciler to carry out in this order: heal the ledger, act
 * on the runner Job, change the status, record an Event, look again after {@code requeue}.
 *
 * @param heal heal every ledger entry still in effect (and restore intercepted Services)
 * @param job what to do with the runner Job
 * @param status the status change (a {@code DrillRunStatuses} function); identity for none
 * @param reason an Event reason (CamelCase), or null for no Event
 * @param message the Event's message
 * @param requeue when to reconcile again, or null to wait for an event
 */
record Step(
    boolean heal,
    JobAction job,
    UnaryOperator<DrillRunStatus> status,
    String reason,
    String message,
    Duration requeue) {

  /** What to do with the runner Job. */
  enum JobAction {
    NONE,
    CREATE,
    DELETE
  }

  static Step waitFor(Duration requeue) {
    return new Step(false, JobAction.NONE, s -> s, null, null, requeue);
  }
}
