package dev.firedrill.operator.run;

import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * What a phase handler decided, for the reconciler to carry out in this order: delete the runner
 * Job (when asked), heal the ledger, tear down the interception, deploy the run's Toxiproxy or
 * intercept its Services, create the runner Job, change the status, record an Event, look again
 * after {@code requeue}. Healing comes before the tear-down: the Services are restored while their
 * Toxiproxy still forwards, and only then does it go.
 *
 * @param heal heal every ledger entry still in effect (and restore intercepted Services)
 * @param job what to do with the runner Job
 * @param proxy what to do with the run's Toxiproxy and the Services it intercepts
 * @param status the status change (a {@code DrillRunStatuses} function); identity for none
 * @param reason an Event reason (CamelCase), or null for no Event
 * @param message the Event's message
 * @param requeue when to reconcile again, or null to wait for an event
 */
record Step(
    boolean heal,
    JobAction job,
    ProxyAction proxy,
    UnaryOperator<DrillRunStatus> status,
    String reason,
    String message,
    Duration requeue) {

  /** A step that leaves the run's Toxiproxy alone. */
  Step(
      boolean heal,
      JobAction job,
      UnaryOperator<DrillRunStatus> status,
      String reason,
      String message,
      Duration requeue) {
    this(heal, job, ProxyAction.NONE, status, reason, message, requeue);
  }

  /** What to do with the runner Job. */
  enum JobAction {
    NONE,
    CREATE,
    DELETE
  }

  /** What to do with the run's Toxiproxy (Deployment + Service) and its intercepted Services. */
  enum ProxyAction {
    NONE,
    /** Create the run's Toxiproxy Service and Deployment (those missing). */
    DEPLOY,
    /**
     * Restore Services left by runs that are gone, intercept the drill's Services (ledger first)
     * with their proxies on the run's Toxiproxy; a failure ends the run Errored, healed.
     */
    INTERCEPT,
    /** After the heal: delete the run's Toxiproxy, unless a Service still routes through it. */
    TEAR_DOWN
  }

  static Step waitFor(Duration requeue) {
    return new Step(false, JobAction.NONE, s -> s, null, null, requeue);
  }
}
