package dev.firedrill.operator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.cluster.runner.ClusterRunner;
import dev.firedrill.cluster.status.DrillRunStatuses;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec;
import dev.firedrill.operator.config.OperatorConfig;
import dev.firedrill.operator.config.TestingOperatorConfig;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How long a runner Job may take (the whole run — warm-up included — plus a margin), and where its
 * Toxiproxy token comes from.
 */
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

  @Test
  void onlyARunWithItsOwnEmbeddedToxiproxyGetsItsTokenFromTheRunnersSecret() {
    TestingOperatorConfig embedded = new TestingOperatorConfig("firedrill-system");
    DrillRun intercepted = run(null);
    intercepted.setStatus(
        DrillRunStatuses.intercepted(DrillRunStatuses.initial(), "http://10.96.0.40:8474"));

    assertThat(tokenEnv(RunnerJobs.job(intercepted, spec(null), embedded)))
        .singleElement()
        .satisfies(v -> {
          assertThat(v.getValue()).as("no literal").isNull();
          assertThat(v.getValueFrom().getSecretKeyRef().getName())
              .isEqualTo(RunToxiproxy.name(intercepted, "firedrill-system"));
          assertThat(v.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
        });
    assertThat(tokenEnv(RunnerJobs.job(run(null), spec(null), embedded)))
        .as("no Toxiproxy of its own: the drill's toxiproxy.url, without a token")
        .isEmpty();
    OperatorConfig shopify =
        new OperatorConfig() {
          @Override
          public String namespace() {
            return embedded.namespace();
          }

          @Override
          public String runnerImage() {
            return embedded.runnerImage();
          }

          @Override
          public String runnerServiceAccount() {
            return embedded.runnerServiceAccount();
          }

          @Override
          public String toxiproxyImage() {
            return "ghcr.io/shopify/toxiproxy:2.12.0";
          }

          @Override
          public OperatorConfig.ToxiproxyImplementation toxiproxyImplementation() {
            return OperatorConfig.ToxiproxyImplementation.AUTO;
          }

          @Override
          public String killSwitch() {
            return embedded.killSwitch();
          }
        };
    assertThat(tokenEnv(RunnerJobs.job(intercepted, spec(null), shopify)))
        .as("a real Toxiproxy has no token")
        .isEmpty();
  }

  private static List<EnvVar> tokenEnv(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv().stream()
        .filter(v -> v.getName().equals(ClusterRunner.TOKEN_ENV))
        .toList();
  }
}
