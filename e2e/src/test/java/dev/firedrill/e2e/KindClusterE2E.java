package dev.firedrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.cluster.fault.ServiceInterception;
import dev.firedrill.cluster.fault.pod.PodKillDriver;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end on a real Kubernetes cluster: the drills of {@code e2e/kind/drills/} run through the
 * CI gate of the packaged CLI ({@code firedrill run --cluster FILE --wait --junit ... --report-dir
 * ...}) against the demo shop of {@code e2e/kind/shop/}, with the operator and the runner images
 * the build made, installed by the chart. Each test asserts the gate's exit code, the DrillRun's
 * status as the operator and its runner Job wrote it (phase, verdict, anomalies, fault ledger), the
 * downloaded report, and what the cluster looks like after: an intercepted Service restored byte
 * for byte with nothing of the run left behind, a killed pod replaced.
 *
 * <p><b>Where this runs.</b> Only on a cluster: {@code e2e/kind/run.sh} creates one with kind,
 * builds and loads the images, installs the chart and runs these tests with {@code ./mvnw -pl e2e
 * -am verify -Pkind-e2e -DskipTests}. No {@code ./mvnw verify} runs them (Surefire runs {@code
 * *Test}, Failsafe {@code *IT}); every build compiles them. Without a cluster they fail at once, in
 * {@link KindCluster#connect()}, saying what is missing. They were written on a machine with no
 * kind, Docker or container registry, and have not run there: the operator's own end-to-end test
 * ({@code DrillRunOperatorIT}, Fabric8's mock API server) is what runs on every build.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KindClusterE2E {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static KindCluster cluster;

  @BeforeAll
  static void connect() {
    cluster = KindCluster.connect();
  }

  @AfterAll
  static void leaveTheShopWithoutBugs() {
    if (cluster != null) {
      try {
        cluster.setBugs("orders", "");
        cluster.setBugs("inventory", "");
      } finally {
        cluster.close();
      }
    }
  }

  @Test
  @Order(1)
  void slowPaymentsThroughAnInterceptedServiceCascadeWhenOrdersHasNoTimeout() throws Exception {
    cluster.setBugs("orders", "no-timeout");
    Service before = cluster.service("payments");

    GateRun gate = GateRun.of(cluster, "e2e/kind/drills/payment-cascade.yaml", "cascade-bug-on");

    assertThat(gate.exitCode()).as(gate.output()).isEqualTo(1);
    DrillRunStatus status = finished(gate);
    assertThat(status.phase()).isEqualTo(RunPhase.COMPLETED);
    assertThat(status.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(status.anomalies())
        .anySatisfy(a -> {
          assertThat(a.invariant()).isEqualTo("noCascade");
          assertThat(a.kind()).isEqualTo("cascade");
        });
    assertInterceptedAndHealed(status, "payments");
    assertRestored(before);
    assertThat(Files.readString(gate.junit())).contains("<failure");
    assertThat(gate.reportDir().resolve("report.html")).isRegularFile();
  }

  @Test
  @Order(2)
  void slowPaymentsThroughAnInterceptedServiceDoNotCascadeWhenOrdersTimesOut() throws Exception {
    cluster.setBugs("orders", "");
    Service before = cluster.service("payments");

    GateRun gate = GateRun.of(cluster, "e2e/kind/drills/payment-cascade.yaml", "cascade-bug-off");

    assertThat(gate.exitCode()).as(gate.output()).isZero();
    DrillRunStatus status = finished(gate);
    assertThat(status.phase()).isEqualTo(RunPhase.COMPLETED);
    assertThat(status.verdict()).isEqualTo(Verdict.PASS);
    assertThat(status.anomalies()).isEmpty();
    assertThat(status.invariants())
        .extracting(DrillRunStatus.InvariantSummary::validity)
        .containsOnly("valid");
    assertInterceptedAndHealed(status, "payments");
    assertRestored(before);
    assertThat(Files.readString(gate.junit())).doesNotContain("<failure");
  }

  @Test
  @Order(3)
  void concurrentReservationsOversellWithTheBug() throws Exception {
    cluster.setBugs("inventory", "oversell"); // also restocks: 10 gizmos

    GateRun gate = GateRun.of(cluster, "e2e/kind/drills/inventory-oversell.yaml", "oversell-on");

    assertThat(gate.exitCode()).as(gate.output()).isEqualTo(1);
    DrillRunStatus status = finished(gate);
    assertThat(status.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(status.anomalies())
        .anySatisfy(a -> {
          assertThat(a.invariant()).isEqualTo("conservation");
          assertThat(a.kind()).isEqualTo("negative");
        });
    assertThat(status.faults()).isEmpty();
  }

  @Test
  @Order(4)
  void concurrentReservationsConserveTheStockWithoutTheBug() throws Exception {
    cluster.setBugs("inventory", "");

    GateRun gate = GateRun.of(cluster, "e2e/kind/drills/inventory-oversell.yaml", "oversell-off");

    assertThat(gate.exitCode()).as(gate.output()).isZero();
    DrillRunStatus status = finished(gate);
    assertThat(status.verdict()).isEqualTo(Verdict.PASS);
    assertThat(status.operations().ok()).as("reservations acknowledged").isPositive();
  }

  @Test
  @Order(5)
  void aKilledPaymentsPodIsReplacedAndNoAcknowledgedOrderIsLost() throws Exception {
    cluster.setBugs("orders", "");
    cluster.awaitRolledOut("payments", Duration.ofMinutes(2));
    Set<String> before = cluster.podNames("payments");
    assertThat(before).hasSize(2);

    GateRun gate = GateRun.of(cluster, "e2e/kind/drills/payments-pod-kill.yaml", "pod-kill");

    assertThat(gate.exitCode()).as(gate.output()).isZero();
    DrillRunStatus status = finished(gate);
    assertThat(status.verdict()).isEqualTo(Verdict.PASS);
    List<LedgerEntry> kills =
        status.faults().stream().filter(e -> e.driver().equals(PodKillDriver.KIND)).toList();
    assertThat(kills).hasSize(1);
    LedgerEntry kill = kills.getFirst();
    assertThat(kill.action()).isEqualTo("podKill");
    assertThat(kill.state()).isEqualTo(LedgerEntry.State.DONE);
    String killed = kill.target().substring(kill.target().indexOf('/') + 1);
    assertThat(kill.target()).isEqualTo(KindCluster.SHOP + "/" + killed);
    assertThat(before).contains(killed);
    assertThat(cluster.podNames("payments")).doesNotContain(killed);
    cluster.awaitRolledOut("payments", Duration.ofMinutes(2));
    assertThat(replacedEntries(gate))
        .as("the history's 'replaced' note: time from the kill to a Ready replacement")
        .anySatisfy(v -> assertThat(v.path("ms").asLong(-1)).isPositive());
  }

  /** The run's status once terminal (the gate returns only then). */
  private static DrillRunStatus finished(GateRun gate) {
    assertThat(gate.drillRun())
        .as("the gate's 'started DrillRun' line: %s", gate.output())
        .isNotNull();
    DrillRun run = cluster.drillRun(gate.drillRun());
    assertThat(run).as("DrillRun %s", gate.drillRun()).isNotNull();
    DrillRunStatus status = run.getStatus();
    assertThat(status.terminal()).as("phase %s", status.phase()).isTrue();
    assertThat(run.getMetadata().getLabels())
        .containsEntry("firedrill.dev/trigger", "ci")
        .containsEntry("firedrill.dev/drill", run.getSpec().drill());
    assertThat(status.faults())
        .as("nothing left in effect")
        .noneSatisfy(e -> assertThat(e.state().needsHeal()).isTrue());
    return status;
  }

  /** The ledger holds the interception and the latency toxics, each healed. */
  private static void assertInterceptedAndHealed(DrillRunStatus status, String service) {
    assertThat(status.faults())
        .filteredOn(e -> e.driver().equals(ServiceInterception.KIND))
        .singleElement()
        .satisfies(e -> {
          assertThat(e.action()).isEqualTo(ServiceInterception.ACTION);
          assertThat(e.target()).isEqualTo(KindCluster.SHOP + "/" + service);
          assertThat(e.state()).isEqualTo(LedgerEntry.State.HEALED);
        });
    assertThat(status.faults())
        .filteredOn(e -> e.action().equals("latency"))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.state()).isEqualTo(LedgerEntry.State.HEALED));
    assertThat(status.toxiproxyUrl()).as("the run's own Toxiproxy").isNotBlank();
  }

  /**
   * The Service has its original selector and ports back, byte for byte, and nothing of the run is
   * left: no annotation, no shadow Service, no per-run Toxiproxy (every Deployment of the namespace
   * is the shop's). The deletions may trail the terminal phase (garbage collection), so they are
   * awaited.
   */
  private static void assertRestored(Service before) {
    String name = before.getMetadata().getName();
    Service after = cluster.service(name);
    assertThat(Serialization.asJson(after.getSpec().getSelector()))
        .isEqualTo(Serialization.asJson(before.getSpec().getSelector()));
    assertThat(Serialization.asJson(after.getSpec().getPorts()))
        .isEqualTo(Serialization.asJson(before.getSpec().getPorts()));
    assertThat(after.getMetadata().getAnnotations())
        .doesNotContainKey(ServiceInterception.ANNOTATION);
    await("the run's shadow Service and Toxiproxy are deleted")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> {
          assertThat(
                  cluster
                      .client
                      .services()
                      .inNamespace(KindCluster.SHOP)
                      .withLabel(ServiceInterception.SHADOW_OF)
                      .list()
                      .getItems())
              .isEmpty();
          assertThat(cluster.service(ServiceInterception.shadowName(name))).isNull();
          assertThat(
                  cluster
                      .client
                      .apps()
                      .deployments()
                      .inNamespace(KindCluster.SHOP)
                      .list()
                      .getItems())
              .allSatisfy(d ->
                  assertThat(d.getMetadata().getLabels())
                      .containsEntry(KindCluster.PART_OF, KindCluster.SHOP_NAME));
        });
  }

  /** The values of the history's {@code replaced} notes (one per killed pod). */
  private static List<JsonNode> replacedEntries(GateRun gate) throws IOException {
    List<JsonNode> out = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(gate.reportDir().resolve("history.jsonl"))) {
      JsonNode op = JSON.readTree(line);
      if (PodKillDriver.REPLACED.equals(op.path("f").asText())) {
        out.add(op.path("value"));
      }
    }
    return out;
  }
}
