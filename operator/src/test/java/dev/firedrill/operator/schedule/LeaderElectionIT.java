package dev.firedrill.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.firedrill.cluster.runner.LeaseRulesReview;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.operator.api.v1alpha1.Drill;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.drill.DrillRuns;
import dev.firedrill.operator.drill.DrillValidation;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Leader election as configured for production, against Fabric8's mock API server in CRUD mode:
 * while another replica holds the Lease this operator reconciles nothing (no status, no run, so no
 * Quartz trigger); once the Lease is free it takes it and does its work.
 */
@QuarkusTest
@TestProfile(LeaderElectionIT.Elected.class)
@WithKubernetesTestServer(crud = true, setup = LeaderElectionIT.HeldByAnother.class)
class LeaderElectionIT {

  static final String OPERATOR_NAMESPACE = "firedrill-system";
  static final String LEASE = "firedrill-operator";

  /** Leader election on, with short timings; no exit when leadership ends at shutdown. */
  public static class Elected implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.operator-sdk.activate-leader-election-for-profiles", "test",
          "firedrill.leader-election.lease-duration", "2s",
          "firedrill.leader-election.renew-deadline", "1500ms",
          "firedrill.leader-election.retry-period", "250ms",
          "firedrill.leader-election.exit-on-stop-leading", "false");
    }
  }

  /**
   * Before the operator starts: another replica holds the Lease for an hour, and the API server
   * answers JOSDK's permission check (a SelfSubjectRulesReview) as RBAC would for the chart's role.
   */
  public static class HeldByAnother implements Consumer<KubernetesServer> {
    @Override
    public void accept(KubernetesServer server) {
      LeaseRulesReview.answer(server.expect());
      KubernetesClient client = server.getClient();
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(OPERATOR_NAMESPACE)
                  .endMetadata()
                  .build())
          .create();
      client
          .resource(
              new LeaseBuilder()
                  .withNewMetadata()
                  .withName(LEASE)
                  .withNamespace(OPERATOR_NAMESPACE)
                  .endMetadata()
                  .withNewSpec()
                  .withHolderIdentity("other-replica")
                  .withLeaseDurationSeconds(3600)
                  .withAcquireTime(ZonedDateTime.now())
                  .withRenewTime(ZonedDateTime.now())
                  .withLeaseTransitions(0)
                  .endSpec()
                  .build())
          .create();
    }
  }

  @Inject KubernetesClient client;

  @Test
  void onlyTheHolderOfTheLeaseActs() {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("shop")
                .addToLabels(DrillValidation.ENABLED_LABEL, DrillValidation.ENABLED_VALUE)
                .endMetadata()
                .build())
        .create();
    Drill drill = new Drill();
    drill.setMetadata(
        new ObjectMetaBuilder()
            .withName("weekly-pod-kill")
            .withNamespace("shop")
            .withAnnotations(Map.of(DrillRuns.RUN_NOW, "true"))
            .build());
    drill.setSpec(library());
    client.resource(drill).create();

    await()
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(6))
        .until(() -> stored().getStatus() == null && runs() == 0);

    client.resources(Lease.class).inNamespace(OPERATOR_NAMESPACE).withName(LEASE).delete();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> {
          assertThat(stored().getStatus()).isNotNull();
          assertThat(runs()).isEqualTo(1);
          Lease lease =
              client.resources(Lease.class).inNamespace(OPERATOR_NAMESPACE).withName(LEASE).get();
          assertThat(lease.getSpec().getHolderIdentity()).isNotEqualTo("other-replica");
        });
  }

  private Drill stored() {
    return client.resources(Drill.class).inNamespace("shop").withName("weekly-pod-kill").get();
  }

  private int runs() {
    return client
        .resources(DrillRun.class)
        .inNamespace("shop")
        .withLabel(DrillRuns.DRILL_LABEL, "weekly-pod-kill")
        .list()
        .getItems()
        .size();
  }

  private static DrillSpec library() {
    return new DrillLoader()
        .loadFile(Path.of("..", "drills", "weekly-pod-kill.yaml"))
        .drills()
        .getFirst()
        .spec();
  }
}
