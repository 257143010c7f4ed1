package dev.firedrill.operator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.cluster.fault.ServiceInterception;
import dev.firedrill.cluster.status.DrillRunStatuses;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.plan.Planner;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import dev.firedrill.operator.config.TestingOperatorConfig;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tear-down at the end of a run, against Fabric8's mock API server in CRUD mode: the run's
 * Toxiproxy goes only once no Service routes through it, what its proxies carried goes with it, and
 * only the run's own objects and orphaned shadows are deleted.
 */
@EnableKubernetesMockClient(crud = true)
class RunInterceptionIT {

  static KubernetesClient client;

  private static final String URL = "http://10.96.0.40:8474";
  private static final DrillSpec SPEC = PaymentsCutDrill.SPEC;

  private final RunInterception interception =
      new RunInterception(
          client, new TestingOperatorConfig("firedrill-system"), InstantSource.system());
  private DrillRun run;

  @BeforeEach
  void runWithItsToxiproxy() {
    client.services().inNamespace("shop").delete();
    client.apps().deployments().inNamespace("shop").delete();
    client.resources(DrillRun.class).inNamespace("shop").delete();
    DrillRun r = new DrillRun();
    r.setMetadata(new ObjectMetaBuilder().withName("weekly-1").withNamespace("shop").build());
    r.setSpec(DrillRunSpec.of("d", DrillRunSpec.Trigger.MANUAL));
    run = client.resource(r).create();
    client.resource(RunToxiproxy.service(run, "shop")).create();
    client.resource(RunToxiproxy.deployment(run, "shop", new TestingOperatorConfig("x"))).create();
  }

  @Test
  void theToxiproxyStaysWhileAServiceStillRoutesThroughIt() {
    LedgerEntry service = entry("intercept:payments", "service", "shop/payments", Map.of());
    DrillRun current = withLedger(service);

    List<LedgerEntry> left = interception.tearDown(current, List.of(service));

    assertThat(left).containsExactly(service);
    assertThat(deployment()).as("kept: the Service would lose its endpoints").isTrue();
    assertThat(toxiproxyService()).isNotNull();
  }

  @Test
  void otherwiseItGoesWithWhatItsProxiesCarried() {
    LedgerEntry cut =
        entry(
            "cut#0",
            "toxiproxy",
            "to-payments",
            Map.of("url", URL, "proxy", "to-payments", "enabled", "true"));
    LedgerEntry elsewhere =
        entry(
            "slow#0",
            "toxiproxy",
            "other",
            Map.of("url", "http://toxiproxy.firedrill-system.svc:8474", "proxy", "other"));
    DrillRun current = withLedger(cut, elsewhere);

    List<LedgerEntry> left = interception.tearDown(current, List.of(cut, elsewhere));

    assertThat(left)
        .as("a fault on another Toxiproxy is still in effect")
        .containsExactly(elsewhere);
    assertThat(deployment()).isFalse();
    assertThat(toxiproxyService()).isNull();
    DrillRunStatus status =
        client.resources(DrillRun.class).inNamespace("shop").withName("weekly-1").get().getStatus();
    assertThat(status.faults())
        .filteredOn(e -> e.key().equals(cut.key()))
        .singleElement()
        .satisfies(e -> {
          assertThat(e.state()).isEqualTo(LedgerEntry.State.HEALED);
          assertThat(e.healedAt()).isNotNull();
        });
  }

  @Test
  void anOrphanedShadowGoesOneStandingForAnotherRunsInterceptionStays() {
    client.resource(shadow()).create();
    interception.tearDown(withLedger(), List.of());
    assertThat(client.services().inNamespace("shop").withName(shadowName()).get())
        .as("its Service is not intercepted: an orphan")
        .isNull();

    client.resource(shadow()).create();
    client
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("payments")
                .withNamespace("shop")
                .addToAnnotations(
                    ServiceInterception.ANNOTATION,
                    "{\"run\":\"shop/weekly-2\",\"shadow\":\""
                        + shadowName()
                        + "\","
                        + "\"selector\":{\"app\":\"payments\"},\"ports\":[{\"port\":80}]}")
                .endMetadata()
                .withNewSpec()
                .addToSelector("app.kubernetes.io/name", "firedrill-toxiproxy")
                .addNewPort()
                .withPort(80)
                .endPort()
                .endSpec()
                .build())
        .create();
    interception.tearDown(withLedger(), List.of());
    assertThat(client.services().inNamespace("shop").withName(shadowName()).get())
        .as("weekly-2's shadow")
        .isNotNull();
  }

  @Test
  void objectsOfTheSameNameThatAreNotTheRunsAreLeftAlone() {
    client.apps().deployments().inNamespace("shop").delete();
    client.services().inNamespace("shop").withName(RunToxiproxy.name(run, "shop")).delete();
    client
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(RunToxiproxy.name(run, "shop"))
                .withNamespace("shop")
                .addToLabels("app", "someone-elses")
                .endMetadata()
                .withNewSpec()
                .addNewPort()
                .withPort(1)
                .endPort()
                .endSpec()
                .build())
        .create();

    interception.tearDown(withLedger(), List.of());

    assertThat(toxiproxyService()).isNotNull();
  }

  private DrillRun withLedger(LedgerEntry... entries) {
    DrillRunStatus status =
        DrillRunStatuses.intercepted(
            DrillRunStatuses.snapshot(
                DrillRunStatuses.initial(), SPEC, 1, Planner.plan(SPEC, 1), "abc"),
            URL);
    for (LedgerEntry e : entries) {
      status = DrillRunStatuses.ledger(status, e);
    }
    DrillRun current =
        client.resources(DrillRun.class).inNamespace("shop").withName("weekly-1").get();
    current.setStatus(status);
    return client.resource(current).updateStatus();
  }

  private static LedgerEntry entry(
      String occurrence, String driver, String target, Map<String, String> undo) {
    return new LedgerEntry(
        occurrence,
        "partition",
        driver,
        target,
        undo,
        null,
        LedgerEntry.State.HEAL_FAILED,
        "2026-12-01T02:00:30Z",
        null,
        "connection refused");
  }

  private boolean deployment() {
    return client
            .apps()
            .deployments()
            .inNamespace("shop")
            .withName(RunToxiproxy.name(run, "shop"))
            .get()
        != null;
  }

  private Service toxiproxyService() {
    return client.services().inNamespace("shop").withName(RunToxiproxy.name(run, "shop")).get();
  }

  private static String shadowName() {
    return ServiceInterception.shadowName("payments");
  }

  private static Service shadow() {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(shadowName())
        .withNamespace("shop")
        .addToLabels(ServiceInterception.SHADOW_OF, "payments")
        .endMetadata()
        .withNewSpec()
        .addToSelector("app", "payments")
        .addNewPort()
        .withPort(80)
        .endPort()
        .endSpec()
        .build();
  }
}
