package dev.firedrill.cluster.fault.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.fault.FaultLedger;
import dev.firedrill.engine.fault.Ledger;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.PodKill;
import dev.firedrill.engine.plan.Plan;
import dev.firedrill.engine.plan.PlannedFault;
import dev.firedrill.engine.plan.PodKills;
import dev.firedrill.engine.run.Nemesis;
import dev.firedrill.engine.run.NemesisEvent;
import dev.firedrill.engine.run.RunContext;
import dev.firedrill.engine.run.Setup;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pod kills against Fabric8's mock API server in CRUD mode: the pods it deletes per mode and seed,
 * the selector's parts, the guardrail, the ledger before the delete, and the replacement's time.
 */
@EnableKubernetesMockClient(crud = true)
class PodKillDriverIT {

  static KubernetesClient client;
  static KubernetesMockServer server;

  private final TestingSignals signals = new TestingSignals();
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final List<Setup.Active> opened = new ArrayList<>();

  @BeforeEach
  void clean() {
    client.pods().inNamespace("shop").delete();
    client.pods().inNamespace("payments").delete();
    await().until(() -> client.pods().inNamespace("shop").list().getItems().isEmpty());
  }

  @AfterEach
  void close() {
    opened.forEach(Setup.Active::close);
  }

  @Test
  void eachModeKillsItsCountChosenBySeedAmongTheRunningPods() throws Exception {
    for (String kill :
        List.of(
            "{mode: one}",
            "{mode: all}",
            "{mode: fixed, value: 2}",
            "{mode: fixed-percent, value: 50}",
            "{mode: percent, value: 50}",
            "{mode: random-max-percent, value: 60}")) {
      clean();
      for (int i = 1; i <= 5; i++) {
        pod("shop", "orders-" + i, Map.of("app", "orders"), "Running", true);
      }
      pod("shop", "payments-1", Map.of("app", "payments"), "Running", true);
      DrillSpec spec = drill(kill, "");
      PlannedFault fault = fault(spec, 7L);
      List<Pod> before =
          client.pods().inNamespace("shop").withLabel("app", "orders").list().getItems();
      List<String> expected =
          PodChoice.choose(
                  before,
                  PodSelector.ofKill((PodKill) fault.action(), spec.target(), "shop"),
                  (PodKill) fault.action(),
                  7L)
              .stream()
              .map(p -> p.getMetadata().getName())
              .toList();

      FaultDriver driver = driver(spec);
      List<NemesisEvent> events = runNemesis(driver, fault, FaultLedger.NONE);

      assertThat(events.getFirst().error()).as(kill).isNull();
      int count = PodKills.count((PodKill) fault.action(), 5, 7L);
      assertThat(expected).as(kill).hasSize(count);
      assertThat(names("shop", "orders"))
          .as(kill)
          .hasSize(5 - count)
          .doesNotContainAnyElementsOf(expected);
      assertThat(names("shop", "payments")).containsExactly("payments-1");
      close();
      opened.clear();
    }
    assertThat(
            PodKills.count(
                new PodKill(
                    dev.firedrill.engine.model.PodKillMode.FIXED_PERCENT, 50, null, null, null),
                5))
        .isEqualTo(3);
  }

  @Test
  void theSameSeedKillsTheSamePodsWhateverOrderTheApiListsThemIn() {
    List<Pod> pods = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      pods.add(podObject("shop", "orders-" + i, Map.of("app", "orders"), "Running", true));
    }
    PodKill kill = new PodKill(dev.firedrill.engine.model.PodKillMode.FIXED, 2, null, null, null);
    PodSelector selector = new PodSelector("shop", Map.of("app", "orders"), List.of());
    List<Pod> reversed = new ArrayList<>(pods);
    java.util.Collections.reverse(reversed);
    assertThat(PodChoice.choose(pods, selector, kill, 3))
        .isEqualTo(PodChoice.choose(reversed, selector, kill, 3));
  }

  @Test
  void matchExpressionsAndTheKillsOwnNamespaceChooseThePayments() throws Exception {
    pod("shop", "orders-1", Map.of("app", "orders"), "Running", true);
    pod("payments", "payments-web-1", Map.of("app", "payments", "tier", "web"), "Running", true);
    pod(
        "payments",
        "payments-web-2",
        Map.of("app", "payments", "tier", "web", "canary", "yes"),
        "Running",
        true);
    pod("payments", "payments-db-1", Map.of("app", "payments", "tier", "db"), "Running", true);
    DrillSpec spec =
        drill(
            "{mode: all, namespace: payments, selector: {app: payments}, matchExpressions: [{key:"
                + " tier, operator: In, values: [web]}, {key: canary, operator: DoesNotExist}]}",
            "");

    List<NemesisEvent> events = runNemesis(driver(spec), fault(spec, 1L), FaultLedger.NONE);

    assertThat(events.getFirst().detail()).contains("payments/payments-web-1");
    assertThat(client.pods().inNamespace("payments").list().getItems())
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("payments-web-2", "payments-db-1");
    assertThat(names("shop", "orders")).containsExactly("orders-1");
  }

  @Test
  void onlyRunningPodsAreChosenUnlessThePhasesSayOtherwise() throws Exception {
    pod("shop", "orders-1", Map.of("app", "orders"), "Running", true);
    pod("shop", "orders-2", Map.of("app", "orders"), "Pending", false);
    pod("shop", "orders-3", Map.of("app", "orders"), "Succeeded", false);

    DrillSpec all = drill("{mode: all}", "");
    runNemesis(driver(all), fault(all, 1L), FaultLedger.NONE);
    assertThat(names("shop", "orders")).containsExactlyInAnyOrder("orders-2", "orders-3");

    DrillSpec pending = drill("{mode: all, phases: [Pending]}", "");
    runNemesis(driver(pending), fault(pending, 1L), FaultLedger.NONE);
    assertThat(names("shop", "orders")).containsExactly("orders-3");
  }

  @Test
  void zeroMatchingPodsIsAnErrorNamingWhatWasFound() throws Exception {
    pod("shop", "orders-1", Map.of("app", "orders"), "Pending", false);
    DrillSpec spec = drill("{mode: one}", "");
    FaultDriver driver = driver(spec);

    assertThatThrownBy(() -> driver.prepare(fault(spec, 1L)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "no pod to kill: nothing matches app=orders in shop with phase Running (1 match the"
                + " labels: 1 Pending)");
    List<NemesisEvent> events = runNemesis(driver, fault(spec, 1L), FaultLedger.NONE);
    assertThat(events.getFirst().error()).startsWith("IllegalStateException: no pod to kill");

    DrillSpec none = drill("{mode: one, selector: {app: ordres}}", "");
    assertThatThrownBy(() -> driver(none).prepare(fault(none, 1L)))
        .hasMessage(
            "no pod to kill: nothing matches app=ordres in shop (check the labels and the"
                + " namespace; kubectl get pods -n shop --show-labels)");
    assertThat(names("shop", "orders")).containsExactly("orders-1");
  }

  @Test
  void theLedgerEntryIsWrittenBeforeTheDeleteAndARefusalKillsNothing() throws Exception {
    pod("shop", "orders-1", Map.of("app", "orders"), "Running", true);
    pod("shop", "orders-2", Map.of("app", "orders"), "Running", true);
    DrillSpec spec = drill("{mode: all}", "");
    List<String> seenAtRecord = new CopyOnWriteArrayList<>();
    FaultLedger refusing =
        new FaultLedger() {
          @Override
          public void record(LedgerEntry entry) {
            seenAtRecord.addAll(names("shop", "orders"));
            throw new IllegalStateException("status write conflict");
          }

          @Override
          public void update(LedgerEntry entry) {}
        };

    List<NemesisEvent> events = runNemesis(driver(spec), fault(spec, 1L), refusing);

    assertThat(events.getFirst().error()).contains("the fault ledger refused");
    assertThat(seenAtRecord).contains("orders-1", "orders-2");
    assertThat(names("shop", "orders")).containsExactlyInAnyOrder("orders-1", "orders-2");

    List<LedgerEntry> recorded = new CopyOnWriteArrayList<>();
    FaultLedger keeping =
        new FaultLedger() {
          @Override
          public void record(LedgerEntry entry) {
            assertThat(names("shop", "orders")).hasSize(2); // nothing deleted yet
            recorded.add(entry);
          }

          @Override
          public void update(LedgerEntry entry) {
            recorded.add(entry);
          }
        };
    Pod one = client.pods().inNamespace("shop").withName("orders-1").get();
    runNemesis(driver(spec), fault(spec, 1L), keeping);
    assertThat(recorded.getFirst().target()).isEqualTo("shop/orders-1");
    assertThat(recorded.getFirst().driver()).isEqualTo("pod");
    assertThat(recorded.getFirst().undo()).containsEntry("uid", one.getMetadata().getUid());
    assertThat(recorded)
        .filteredOn(e -> e.state() == LedgerEntry.State.DONE)
        .extracting(LedgerEntry::target)
        .containsExactlyInAnyOrder("shop/orders-1", "shop/orders-2");
    assertThat(names("shop", "orders")).isEmpty();
  }

  @Test
  void theDeleteCarriesTheGracePeriodAndTheUidPrecondition() throws Exception {
    pod("shop", "orders-1", Map.of("app", "orders"), "Running", true);
    String uid =
        client.pods().inNamespace("shop").withName("orders-1").get().getMetadata().getUid();
    DrillSpec spec = drill("{mode: one, gracePeriod: 5s}", "");
    FaultDriver driver = driver(spec);
    drain();

    runNemesis(driver, fault(spec, 1L), FaultLedger.NONE);

    RecordedRequest delete = null;
    for (RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        r != null;
        r = server.takeRequest(1, TimeUnit.SECONDS)) {
      if ("DELETE".equals(r.getMethod())) {
        delete = r;
        break;
      }
    }
    assertThat(delete).isNotNull();
    assertThat(delete.getPath()).isEqualTo("/api/v1/namespaces/shop/pods/orders-1");
    assertThat(delete.getBody().readUtf8())
        .contains("\"gracePeriodSeconds\":5")
        .contains("\"preconditions\":{\"uid\":\"" + uid + "\"}");
  }

  @Test
  void aKillBeyondMaxPodsDownIsVetoedAndNothingIsKilled() throws Exception {
    for (int i = 1; i <= 3; i++) {
      pod("shop", "orders-" + i, Map.of("app", "orders"), "Running", true);
    }
    DrillSpec spec = drill("{mode: one}", "guardrails:\n  - maxPodsDown: 1\n");
    FaultDriver driver = driver(spec);
    markDown("orders-3"); // restarting: not Ready, not Running, so not a candidate either

    await()
        .untilAsserted(() ->
            assertThatThrownBy(() -> driver.prepare(fault(spec, 11L)))
                .hasMessageContaining("vetoed by guardrails maxPodsDown (1)")
                .hasMessageContaining(
                    "would take 2 of the 3 pods matching app=orders in shop down (1 down"
                        + " already)")
                .hasMessageEndingWith("nothing was killed"));
    List<NemesisEvent> events = runNemesis(driver, fault(spec, 11L), FaultLedger.NONE);
    assertThat(events.getFirst().error()).contains("vetoed by guardrails maxPodsDown (1)");
    assertThat(names("shop", "orders")).hasSize(3);

    markReady("orders-3", true);
    runNemesis(driver, fault(spec, 11L), FaultLedger.NONE);
    assertThat(names("shop", "orders")).hasSize(2);
  }

  @Test
  void moreTargetPodsDownThanMaxPodsDownTripsTheGuardrail() throws Exception {
    for (int i = 1; i <= 4; i++) {
      pod("shop", "orders-" + i, Map.of("app", "orders"), "Running", true);
    }
    DrillSpec spec = drill("{mode: one}", "guardrails:\n  - maxPodsDown: 1\n");
    driver(spec);

    client.pods().inNamespace("shop").withName("orders-1").delete();
    markReady("orders-2", true);
    assertThat(signals.guardrails).isEmpty();
    markReady("orders-2", false);

    await().until(() -> !signals.guardrails.isEmpty());
    assertThat(signals.guardrails)
        .containsExactly(
            "guardrail: 2 of the 4 pods matching app=orders in shop are down, more than"
                + " maxPodsDown 1 (not Ready: orders-2)");
  }

  @Test
  void theTimeUntilAReplacementIsReadyIsNoted() throws Exception {
    pod("shop", "orders-1", Map.of("app", "orders"), "Running", true);
    pod("shop", "orders-2", Map.of("app", "orders"), "Pending", false); // there before the kill
    DrillSpec spec = drill("{mode: one}", "");
    FaultDriver driver = driver(spec);

    runNemesis(driver, fault(spec, 1L), FaultLedger.NONE);
    assertThat(names("shop", "orders")).containsExactly("orders-2");

    nanos.addAndGet(Duration.ofMillis(700).toNanos());
    markReady("orders-2", true); // ready now, but not a replacement: it existed at the kill
    pod("shop", "orders-3", Map.of("app", "orders"), "Pending", false);
    nanos.addAndGet(Duration.ofMillis(800).toNanos());
    assertThat(signals.notes).isEmpty();
    markReady("orders-3", true);

    await().until(() -> !signals.notes.isEmpty());
    assertThat(signals.notes)
        .containsExactly(
            new TestingSignals.Note(
                "replaced",
                "kill#0",
                Map.of("target", "shop/orders-1", "replacement", "shop/orders-3", "ms", 1500L),
                null));
  }

  @Test
  void aKillWithNoReplacementByTheEndIsNotedAsSuch() throws Exception {
    pod("shop", "orders-1", Map.of("app", "orders"), "Running", true);
    DrillSpec spec = drill("{mode: one}", "");
    FaultDriver driver = driver(spec);
    runNemesis(driver, fault(spec, 1L), FaultLedger.NONE);
    nanos.addAndGet(Duration.ofSeconds(3).toNanos());

    close();
    opened.clear();

    assertThat(signals.notes)
        .containsExactly(
            new TestingSignals.Note(
                "replaced",
                "kill#0",
                Map.of("target", "shop/orders-1", "waitedMs", 3000L),
                "no replacement of shop/orders-1 was Ready by the end of the run"));
  }

  @Test
  void healingAKillDoesNothingAndSucceeds() throws Exception {
    LedgerEntry entry =
        LedgerEntry.planned("kill#0", "podKill", "pod", "shop/orders-1", Map.of("uid", "u"), null);
    new PodKillHealer().heal(entry);
    new PodKillHealer().heal(entry);
    assertThat(new PodKillHealer().kind()).isEqualTo(PodKillDriver.KIND);
  }

  // --- helpers

  private FaultDriver driver(DrillSpec spec) throws Exception {
    KubernetesPodsSetup setup = new KubernetesPodsSetup(client, "shop", nanos::get);
    Setup.Active active =
        setup.open(new RunContext("d", spec, Path.of("."), Path.of("."), s -> {}, signals));
    opened.add(active);
    return active.drivers().getFirst();
  }

  private static List<NemesisEvent> runNemesis(
      FaultDriver driver, PlannedFault fault, FaultLedger sink) {
    List<NemesisEvent> events = new CopyOnWriteArrayList<>();
    Nemesis nemesis =
        new Nemesis(
            List.of(driver),
            new Ledger(sink, InstantSource.system()),
            events::add,
            System.nanoTime());
    nemesis.run(
        new Plan(1, Duration.ofMinutes(1), Duration.ZERO, List.of(fault)), System.nanoTime());
    return events;
  }

  private static DrillSpec drill(String podKill, String extra) {
    String text =
        """
        target:
          namespace: shop
          selector: {app: orders}
        workload:
          type: set
          baseUrl: http://orders.shop:8080
          duration: 2m
          operations:
            add: {method: POST, path: /orders, json: '{"id": "{{value}}"}'}
            read: {path: /orders, extract: /ids}
        faults:
          - name: kill
            at: 10s
            podKill: %s
        %sinvariants:
          - type: noLostWrites
        """
            .formatted(podKill, extra);
    LoadResult r = new DrillLoader().load("drill.yaml", text);
    assertThat(r.problems()).isEmpty();
    return r.drills().getFirst().spec();
  }

  private static PlannedFault fault(DrillSpec spec, long seed) {
    return new PlannedFault(
        "kill", 0, Duration.ZERO, null, spec.faults().getFirst().action(), List.of(), seed);
  }

  private static List<String> names(String namespace, String app) {
    return client.pods().inNamespace(namespace).withLabel("app", app).list().getItems().stream()
        .map(p -> p.getMetadata().getName())
        .sorted()
        .toList();
  }

  private static void pod(
      String namespace, String name, Map<String, String> labels, String phase, boolean ready) {
    client
        .pods()
        .inNamespace(namespace)
        .resource(podObject(namespace, name, labels, phase, ready))
        .create();
  }

  private static Pod podObject(
      String namespace, String name, Map<String, String> labels, String phase, boolean ready) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withUid(UUID.randomUUID().toString())
        .withLabels(labels)
        .endMetadata()
        .withNewStatus()
        .withPhase(phase)
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .endStatus()
        .build();
  }

  private static void markReady(String name, boolean ready) {
    client
        .pods()
        .inNamespace("shop")
        .withName(name)
        .edit(p -> {
          p.getStatus().setPhase(ready ? "Running" : p.getStatus().getPhase());
          p.getStatus().getConditions().getFirst().setStatus(ready ? "True" : "False");
          return p;
        });
  }

  private static void markDown(String name) {
    client
        .pods()
        .inNamespace("shop")
        .withName(name)
        .edit(p -> {
          p.getStatus().setPhase("Pending");
          p.getStatus().getConditions().getFirst().setStatus("False");
          return p;
        });
  }

  private static void drain() throws InterruptedException {
    while (server.takeRequest(100, TimeUnit.MILLISECONDS) != null) {
      // the requests before the one under test
    }
  }
}
