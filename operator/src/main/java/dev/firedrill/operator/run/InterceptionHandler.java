package dev.firedrill.operator.run;

import dev.firedrill.cluster.fault.InterceptionRules;
import dev.firedrill.cluster.status.DrillRunStatuses;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Pending, for a drill whose proxies name Services, between the snapshot and the runner. In order:
 * Services that cannot be intercepted (absent, without a selector, held by another run under way,
 * without the named ports) refuse the run, Errored with every reason in one line, nothing changed;
 * the run's Toxiproxy is deployed; the run waits until it is Ready (a requeue, never a sleep; the
 * informer of Toxiproxy Deployments wakes it sooner) and is refused after {@link
 * RunToxiproxy#READY_WITHIN}; then the Services are intercepted and the Toxiproxy's URL recorded
 * ({@code status.toxiproxyUrl}), after which {@link PendingHandler} starts the runner. Every ending
 * from here heals and tears the interception down.
 */
final class InterceptionHandler {

  private static final Duration LOOK_AGAIN = Duration.ofSeconds(5);

  /** The refusal of Services that cannot be intercepted, or null when they all can (or none). */
  Step refusal(Observed o) {
    InterceptionView v = o.interception();
    if (v == null) {
      return null;
    }
    List<String> problems =
        InterceptionRules.problems(
            v.namespace(), v.proxies(), v.services(), runName(o), v.liveRuns()::contains);
    if (problems.isEmpty()) {
      return null;
    }
    return failed(o, "cannot intercept: " + String.join("; ", problems));
  }

  /** The next step towards intercepted Services, or null when they are (the runner may start). */
  Step handle(Observed o) {
    InterceptionView v = o.interception();
    if (v == null || o.status().toxiproxyUrl() != null) {
      return null;
    }
    String name = v.namespace() + "/" + RunToxiproxy.name(o.run(), v.namespace());
    return switch (v.state()) {
      case ABSENT ->
          new Step(
              false,
              Step.JobAction.NONE,
              Step.ProxyAction.DEPLOY,
              s -> s,
              v.deployment() == null && v.toxiproxy() == null ? "DeployingToxiproxy" : null,
              "deploying the run's Toxiproxy " + name + " to intercept " + services(v),
              LOOK_AGAIN);
      case STARTING -> starting(o, v, name);
      case READY -> {
        String url = RunToxiproxy.url(v.toxiproxy());
        yield new Step(
            false,
            Step.JobAction.NONE,
            Step.ProxyAction.INTERCEPT,
            s -> DrillRunStatuses.intercepted(s, url),
            "Intercepted",
            "Services " + services(v) + " routed through the run's Toxiproxy at " + url,
            Duration.ZERO);
      }
    };
  }

  private static Step starting(Observed o, InterceptionView v, String name) {
    Instant created = RunToxiproxy.created(v.deployment());
    Instant deadline = created == null ? null : created.plus(RunToxiproxy.READY_WITHIN);
    if (deadline != null && !o.now().isBefore(deadline)) {
      Integer ready =
          v.deployment().getStatus() == null ? null : v.deployment().getStatus().getReadyReplicas();
      return failed(
          o,
          "the run's Toxiproxy "
              + name
              + " was not Ready within "
              + RunToxiproxy.READY_WITHIN.toMinutes()
              + "m (ready pods: "
              + (ready == null ? 0 : ready)
              + "; fix: kubectl -n "
              + v.namespace()
              + " describe deployment "
              + RunToxiproxy.name(o.run(), v.namespace())
              + " — the image, pull secrets, quota)");
    }
    Duration left = deadline == null ? LOOK_AGAIN : Duration.between(o.now(), deadline);
    return Step.waitFor(left.compareTo(LOOK_AGAIN) < 0 ? left : LOOK_AGAIN);
  }

  /** The end of a run whose interception cannot happen or failed: Errored, healed, torn down. */
  static Step failed(Observed o, String why) {
    return new Step(
        true,
        Step.JobAction.NONE,
        Step.ProxyAction.TEAR_DOWN,
        s -> DrillRunStatuses.finished(s, RunPhase.ERRORED, Verdict.ERROR, why, true, o.now()),
        "Refused",
        why,
        null);
  }

  private static String runName(Observed o) {
    return o.run().getMetadata().getNamespace() + "/" + o.run().getMetadata().getName();
  }

  private static List<String> services(InterceptionView v) {
    return InterceptionRules.services(v.proxies());
  }
}
