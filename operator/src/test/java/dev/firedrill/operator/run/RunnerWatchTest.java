package dev.firedrill.operator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.cluster.status.DrillRunStatuses;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The handlers' decisions, on hand-made observations and a movable clock: no cluster. */
class RunnerWatchTest {

  private static final Instant START = Instant.parse("2026-12-01T02:00:00Z");

  private static final DrillSpec SPEC =
      new DrillLoader()
          .load(
              "d.yaml",
              """
              target: {namespace: shop, selector: {app: orders}}
              toxiproxy: {url: "http://t:8474", proxies: [{name: p, listen: "0.0.0.0:1", upstream: "x:2"}]}
              workload:
                type: set
                baseUrl: http://orders:8080
                duration: 2m
                operations: {add: {method: POST, path: /a}, read: {path: /a}}
              faults: [{name: cut, at: 30s, duration: 20s, partition: {proxies: [p]}}]
              invariants: [{type: noLostWrites}]
              recovery: 30s
              """)
          .drills()
          .getFirst()
          .spec();

  private static DrillRun run(boolean dryRun) {
    DrillRun run = new DrillRun();
    run.setMetadata(
        new ObjectMetaBuilder().withName("r").withNamespace("shop").withUid("u1").build());
    run.setSpec(new DrillRunSpec("d", DrillRunSpec.Trigger.MANUAL, 9L, dryRun, null));
    return run;
  }

  private static DrillRunStatus running() {
    DrillRunStatus s =
        DrillRunStatuses.snapshot(
            DrillRunStatuses.initial(),
            SPEC,
            1,
            dev.firedrill.engine.plan.Planner.plan(SPEC, 9),
            "abc");
    return DrillRunStatuses.started(s, "job", START);
  }

  private static Job job(Integer succeeded, Integer failed) {
    return new JobBuilder()
        .withNewMetadata()
        .withName("job")
        .endMetadata()
        .withNewStatus()
        .withSucceeded(succeeded)
        .withFailed(failed)
        .endStatus()
        .build();
  }

  private static Observed observed(
      DrillRunStatus status, Job job, boolean killSwitch, boolean here, Instant now) {
    return new Observed(run(false), status, null, List.of(), killSwitch, job, here, now);
  }

  @Test
  void anActiveRunnerIsWatchedUntilItsDeadline() {
    Step step =
        new RunnerWatch()
            .handle(observed(running(), job(null, null), false, true, START.plusSeconds(60)));
    assertThat(step.heal()).isFalse();
    assertThat(step.requeue()).isEqualTo(Duration.ofSeconds(30));

    Instant nearEnd = START.plus(Duration.ofMinutes(2 + 10)).plusSeconds(20); // timeout 12m30s
    Step near =
        new RunnerWatch().handle(observed(running(), job(null, null), false, true, nearEnd));
    assertThat(near.requeue()).isEqualTo(Duration.ofSeconds(10));

    Step late =
        new RunnerWatch()
            .handle(observed(running(), job(null, null), false, true, nearEnd.plusSeconds(10)));
    assertThat(late.heal()).isTrue();
    assertThat(late.job()).isEqualTo(Step.JobAction.DELETE);
    assertThat(late.proxy()).isEqualTo(Step.ProxyAction.TEAR_DOWN);
    DrillRunStatus ended = late.status().apply(running());
    assertThat(ended.phase()).isEqualTo(RunPhase.ABORTED);
    assertThat(ended.message()).isEqualTo("timed out after 12m30s");
  }

  @Test
  void aFinishedRunnerEndsTheRunWithItsVerdict() {
    DrillRunStatus withVerdict =
        new DrillRunStatus(
            RunPhase.CHECKING,
            Verdict.FAIL,
            "noLostWrites invalid",
            START.toString(),
            null,
            1L,
            SPEC,
            9L,
            "abc",
            "job",
            null,
            null,
            null,
            null,
            null,
            2,
            null,
            null,
            null);
    Step step = new RunnerWatch().handle(observed(withVerdict, job(null, 1), false, true, START));
    assertThat(step.heal()).as("leftovers are healed first").isTrue();
    assertThat(step.proxy())
        .as("then the run's Toxiproxy goes")
        .isEqualTo(Step.ProxyAction.TEAR_DOWN);
    DrillRunStatus ended = step.status().apply(withVerdict);
    assertThat(ended.phase()).isEqualTo(RunPhase.COMPLETED);
    assertThat(ended.verdict()).isEqualTo(Verdict.FAIL);
  }

  @Test
  void aRunnerThatDiedOrVanishedIsAnErrorAndIsHealed() {
    Step died = new RunnerWatch().handle(observed(running(), job(null, 1), false, true, START));
    assertThat(died.heal()).isTrue();
    assertThat(died.proxy()).isEqualTo(Step.ProxyAction.TEAR_DOWN);
    assertThat(died.status().apply(running()).message())
        .isEqualTo("the runner died before its verdict: its Job failed");
    Step gone = new RunnerWatch().handle(observed(running(), null, false, true, START));
    assertThat(gone.status().apply(running()).phase()).isEqualTo(RunPhase.ERRORED);
    assertThat(gone.status().apply(running()).message())
        .isEqualTo("the runner died: its Job is gone");
  }

  @Test
  void theKillSwitchAndARestartAbortAndHealWhateverTheRunnerDoes() {
    Step kill = new RunnerWatch().handle(observed(running(), job(null, null), true, true, START));
    assertThat(kill.heal()).isTrue();
    assertThat(kill.proxy()).isEqualTo(Step.ProxyAction.TEAR_DOWN);
    assertThat(kill.job()).isEqualTo(Step.JobAction.DELETE);
    assertThat(kill.status().apply(running()).verdict()).isEqualTo(Verdict.ABORTED);
    Step restart =
        new RunnerWatch().handle(observed(running(), job(null, null), false, false, START));
    assertThat(restart.status().apply(running()).message())
        .isEqualTo("the operator restarted mid-run; the run was healed from its ledger");
    assertThat(restart.proxy()).isEqualTo(Step.ProxyAction.TEAR_DOWN);
  }

  @Test
  void pendingSnapshotsFirstThenStartsTheRunnerOnce() {
    dev.firedrill.operator.api.v1alpha1.Drill drill =
        new dev.firedrill.operator.api.v1alpha1.Drill();
    drill.setMetadata(
        new ObjectMetaBuilder().withName("d").withNamespace("shop").withGeneration(4L).build());
    drill.setSpec(SPEC);
    DrillRunStatus initial = DrillRunStatuses.initial();
    Step plan =
        new PendingHandler()
            .handle(new Observed(run(false), initial, drill, List.of(), false, null, false, START));
    assertThat(plan.job()).isEqualTo(Step.JobAction.NONE);
    assertThat(plan.requeue()).isEqualTo(Duration.ZERO);
    DrillRunStatus planned = plan.status().apply(initial);
    assertThat(planned.snapshot()).isEqualTo(SPEC);
    assertThat(planned.drillGeneration()).isEqualTo(4L);
    assertThat(planned.seed()).isEqualTo(9L);
    assertThat(planned.planned())
        .extracting(DrillRunStatus.PlannedStep::occurrence)
        .containsExactly("cut#0");

    Step start =
        new PendingHandler()
            .handle(new Observed(run(false), planned, null, List.of(), false, null, false, START));
    assertThat(start.job()).isEqualTo(Step.JobAction.CREATE);
    assertThat(start.status().apply(planned).phase()).isEqualTo(RunPhase.RUNNING);
    Step again =
        new PendingHandler()
            .handle(
                new Observed(
                    run(false), planned, null, List.of(), false, job(null, null), true, START));
    assertThat(again.job())
        .as("an existing Job is adopted, never doubled")
        .isEqualTo(Step.JobAction.NONE);
  }

  @Test
  void pendingRefusesWithTheReasonAndInjectsNothing() {
    DrillRunStatus initial = DrillRunStatuses.initial();
    Step missing =
        new PendingHandler()
            .handle(new Observed(run(false), initial, null, List.of(), false, null, false, START));
    assertThat(missing.status().apply(initial).message())
        .isEqualTo(
            "Drill d does not exist in namespace shop (fix: apply it, or name an existing Drill in spec.drill)");
    dev.firedrill.operator.api.v1alpha1.Drill drill =
        new dev.firedrill.operator.api.v1alpha1.Drill();
    drill.setMetadata(new ObjectMetaBuilder().withName("d").withNamespace("shop").build());
    drill.setSpec(SPEC);
    Step refused =
        new PendingHandler()
            .handle(
                new Observed(
                    run(false),
                    initial,
                    drill,
                    List.of("spec.target.processes: no"),
                    false,
                    null,
                    false,
                    START));
    assertThat(refused.status().apply(initial).phase()).isEqualTo(RunPhase.ERRORED);
    assertThat(refused.job()).isEqualTo(Step.JobAction.NONE);
  }
}
