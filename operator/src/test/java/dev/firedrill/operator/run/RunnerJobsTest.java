package dev.firedrill.operator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How long a runner Job may take: the whole run — warm-up included — plus a margin. */
class RunnerJobsTest {

  private static DrillSpec spec(String warmup) {
    return TestingRuns.spec(
        "d",
        """
        target: {namespace: shop, selector: {app: orders}}
        workload:
          type: set
          baseUrl: http://orders:8080
          duration: 2m
          %s
          operations: {add: {method: POST, path: /a}, read: {path: /a}}
        recovery: 30s
        invariants: [{type: noLostWrites}]
        """
            .formatted(warmup == null ? "" : "warmup: " + warmup));
  }

  private static DrillRun run(String timeout) {
    DrillRun run = new DrillRun();
    run.setMetadata(
        new ObjectMetaBuilder().withName("r").withNamespace("shop").withUid("u1").build());
    run.setSpec(new DrillRunSpec("d", DrillRunSpec.Trigger.MANUAL, 9L, null, timeout));
    return run;
  }

  @Test
  void byDefaultTheRunMayTakeItsWorkloadAndRecoveryPlusTenMinutes() {
    assertThat(RunnerJobs.timeout(run(null), spec(null)))
        .isEqualTo(Duration.ofMinutes(2).plusSeconds(30).plusMinutes(10));
  }

  @Test
  void aWarmUpIsPartOfTheRunsTime() {
    assertThat(RunnerJobs.timeout(run(null), spec("20m")))
        .isEqualTo(Duration.ofMinutes(20).plusMinutes(2).plusSeconds(30).plusMinutes(10));
  }

  @Test
  void theRunsOwnTimeoutWins() {
    assertThat(RunnerJobs.timeout(run("5m"), spec("20m"))).isEqualTo(Duration.ofMinutes(5));
  }
}
