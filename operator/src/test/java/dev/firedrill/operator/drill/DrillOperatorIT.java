package dev.firedrill.operator.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.operator.api.v1alpha1.Drill;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The operator as it runs in production (Quarkus, JOSDK, informers, status patch), against
 * Fabric8's mock API server in CRUD mode: a Drill applied by a user gets its Valid condition.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class DrillOperatorIT {

  @Inject KubernetesClient client;

  @Test
  void appliedDrillGetsItsValidConditionFromTheRunningOperator() {
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
        new ObjectMetaBuilder().withName("weekly-pod-kill").withNamespace("shop").build());
    drill.setSpec(
        new DrillLoader()
            .loadFile(Path.of("..", "drills", "weekly-pod-kill.yaml"))
            .drills()
            .getFirst()
            .spec());
    client.resource(drill).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> {
          Drill stored =
              client.resources(Drill.class).inNamespace("shop").withName("weekly-pod-kill").get();
          assertThat(stored.getStatus()).isNotNull();
          assertThat(stored.getStatus().conditions())
              .anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo(DrillStatuses.VALID);
                assertThat(c.getStatus()).isEqualTo("True");
              });
        });
  }
}
