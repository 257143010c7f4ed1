package dev.firedrill.operator.run;

import dev.firedrill.cluster.status.DrillRunStatuses;
import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Verdict;
import java.time.Duration;
import java.time.Instant;

/**
 * Running, Healing, Recovering, Checking: the runner Job does the work and writes these phases; the
 * operator watches the Job and ends the run. In order: the kill switch aborts; a run this operator
 * process did not start (it restarted mid-run) is healed and aborted; a finished Job ends the run
 * with the runner's verdict, or Errored when the runner died before giving one; a run past its
 * timeout is stopped. Every ending heals first, then tears down the run's Toxiproxy.
 */
final class RunnerWatch {

  private static final Duration LOOK_AGAIN = Duration.ofSeconds(30);

  Step handle(Observed o) {
    if (o.killSwitch()) {
      return stop(o, RunPhase.ABORTED, Verdict.ABORTED, "the kill switch is engaged", true);
    }
    if (!o.startedHere()) {
      return stop(
          o,
          RunPhase.ABORTED,
          Verdict.ABORTED,
          "the operator restarted mid-run; the run was healed from its ledger",
          true);
    }
    switch (o.jobState()) {
      case SUCCEEDED, FAILED -> {
        if (o.status().verdict() != null) {
          return new Step(
              true,
              Step.JobAction.NONE,
              Step.ProxyAction.TEAR_DOWN,
              s -> DrillRunStatuses.finished(s, RunPhase.COMPLETED, null, null, false, o.now()),
              "Finished",
              "verdict " + o.status().verdict(),
              null);
        }
        return stop(
            o,
            RunPhase.ERRORED,
            Verdict.ERROR,
            "the runner died before its verdict: " + RunnerJobs.failure(o.job()),
            false);
      }
      case NONE -> {
        return stop(
            o,
            RunPhase.ERRORED,
            Verdict.ERROR,
            "the runner died: " + RunnerJobs.failure(null),
            false);
      }
      case ACTIVE -> {
        Instant deadline = deadline(o);
        if (deadline != null && !o.now().isBefore(deadline)) {
          return stop(
              o,
              RunPhase.ABORTED,
              Verdict.ABORTED,
              "timed out after "
                  + DurationText.format(RunnerJobs.timeout(o.run(), o.status().snapshot())),
              true);
        }
        Duration wait =
            deadline == null ? LOOK_AGAIN : min(LOOK_AGAIN, Duration.between(o.now(), deadline));
        return Step.waitFor(wait);
      }
    }
    throw new IllegalStateException("unknown job state " + o.jobState());
  }

  private static Instant deadline(Observed o) {
    if (o.status().startTime() == null || o.status().snapshot() == null) {
      return null;
    }
    return Instant.parse(o.status().startTime())
        .plus(RunnerJobs.timeout(o.run(), o.status().snapshot()));
  }

  private static Step stop(
      Observed o, RunPhase phase, Verdict verdict, String why, boolean deleteJob) {
    return new Step(
        true,
        deleteJob ? Step.JobAction.DELETE : Step.JobAction.NONE,
        Step.ProxyAction.TEAR_DOWN,
        s -> DrillRunStatuses.finished(s, phase, verdict, why, true, o.now()),
        phase == RunPhase.ABORTED ? "Aborted" : "RunnerDied",
        why,
        null);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
