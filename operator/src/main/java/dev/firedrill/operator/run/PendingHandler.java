package dev.firedrill.operator.run;

import dev.firedrill.cluster.status.DrillRunStatuses;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.plan.Plan;
import dev.firedrill.engine.plan.Planner;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Pending: refuse what may not run (kill switch, missing or invalid Drill, a namespace not enabled,
 * local-only fields, Services that cannot be intercepted), snapshot the Drill and plan, stop there
 * for a dry run, else intercept the drill's Services ({@link InterceptionHandler}) and start the
 * runner. One step per reconcile: snapshot first, so the Job is created from what the status holds.
 */
final class PendingHandler {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final InterceptionHandler interception = new InterceptionHandler();

  Step handle(Observed o) {
    if (o.killSwitch()) {
      return end(o, RunPhase.ABORTED, Verdict.ABORTED, "refused: the kill switch is engaged");
    }
    if (o.status().snapshot() == null) {
      if (o.drill() == null) {
        return end(
            o,
            RunPhase.ERRORED,
            Verdict.ERROR,
            "Drill "
                + o.run().getSpec().drill()
                + " does not exist in namespace "
                + o.run().getMetadata().getNamespace()
                + " (fix: apply it, or name an existing Drill in spec.drill)");
      }
      if (!o.problems().isEmpty()) {
        return end(
            o,
            RunPhase.ERRORED,
            Verdict.ERROR,
            "cannot run here: " + String.join("; ", o.problems()));
      }
      DrillSpec spec = o.drill().getSpec();
      long seed = seed(o, spec);
      Plan plan = Planner.plan(spec, seed);
      long generation =
          o.drill().getMetadata().getGeneration() == null
              ? 0
              : o.drill().getMetadata().getGeneration();
      String runId = runId();
      return new Step(
          false,
          Step.JobAction.NONE,
          s -> DrillRunStatuses.snapshot(s, spec, generation, plan, runId),
          "Planned",
          "planned " + plan.faults().size() + " fault(s) with seed " + seed,
          Duration.ZERO);
    }
    Step refused = interception.refusal(o);
    if (refused != null) {
      return refused;
    }
    if (o.run().getSpec().dryRunOnly()) {
      int n = o.status().planned().size();
      return new Step(
          false,
          Step.JobAction.NONE,
          s ->
              DrillRunStatuses.finished(
                  s,
                  RunPhase.COMPLETED,
                  null,
                  "dry run: " + n + " fault(s) planned, nothing injected",
                  true,
                  o.now()),
          "DryRun",
          "dry run: " + n + " fault(s) planned, nothing injected",
          null);
    }
    Step intercepting = interception.handle(o);
    if (intercepting != null) {
      return intercepting;
    }
    String job = RunnerJobs.name(o.run());
    return new Step(
        false,
        o.jobState() == RunnerJobs.JobState.NONE ? Step.JobAction.CREATE : Step.JobAction.NONE,
        s -> DrillRunStatuses.started(s, job, o.now()),
        "Started",
        "runner Job " + job + " started",
        null);
  }

  /**
   * A refusal. From the snapshot on, the run's Toxiproxy may be up and Services intercepted: the
   * ending heals and tears them down; before it nothing was set up.
   */
  private static Step end(Observed o, RunPhase phase, Verdict verdict, String why) {
    boolean setUp = o.status().snapshot() != null;
    return new Step(
        setUp,
        Step.JobAction.NONE,
        setUp ? Step.ProxyAction.TEAR_DOWN : Step.ProxyAction.NONE,
        s -> DrillRunStatuses.finished(s, phase, verdict, why, true, o.now()),
        phase == RunPhase.ABORTED ? "Aborted" : "Refused",
        why,
        null);
  }

  private static long seed(Observed o, DrillSpec spec) {
    if (o.run().getSpec().seed() != null) {
      return o.run().getSpec().seed();
    }
    return spec.seed() != null ? spec.seed() : 1 + RANDOM.nextInt(999_999);
  }

  private static String runId() {
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      id.append(Character.forDigit(RANDOM.nextInt(36), 36));
    }
    return id.toString();
  }
}
