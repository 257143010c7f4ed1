package dev.firedrill.operator.run;

import dev.firedrill.operator.api.v1alpha1.Drill;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.List;

/**
 * What the reconciler saw of a DrillRun before deciding: the run and its status, its Drill (null
 * when gone), the problems that forbid running it here (spec, namespace, cluster rules), the kill
 * switch, its runner Job, whether this operator process started the runner, the time, and, for a
 * Pending run whose drill intercepts Services and is not intercepted yet, its {@link
 * InterceptionView} (null otherwise).
 */
record Observed(
    DrillRun run,
    DrillRunStatus status,
    Drill drill,
    List<String> problems,
    boolean killSwitch,
    Job job,
    boolean startedHere,
    Instant now,
    InterceptionView interception) {

  /** An observation with no interception under way. */
  Observed(
      DrillRun run,
      DrillRunStatus status,
      Drill drill,
      List<String> problems,
      boolean killSwitch,
      Job job,
      boolean startedHere,
      Instant now) {
    this(run, status, drill, problems, killSwitch, job, startedHere, now, null);
  }

  RunnerJobs.JobState jobState() {
    return RunnerJobs.JobState.of(job);
  }
}
