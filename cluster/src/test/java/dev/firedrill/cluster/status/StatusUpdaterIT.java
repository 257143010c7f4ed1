package dev.firedrill.cluster.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The status writer against Fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class StatusUpdaterIT {

  static KubernetesClient client;

  private static DrillRun create(String name) {
    DrillRun run = new DrillRun();
    run.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").build());
    run.setSpec(DrillRunSpec.of("phantom-writes", DrillRunSpec.Trigger.MANUAL));
    return client.resource(run).create();
  }

  private static LedgerEntry entry(int i) {
    return LedgerEntry.planned("f" + i + "#0", "latency", "toxiproxy", "db", Map.of(), null);
  }

  @Test
  void aConflictIsRetriedOnTheLatestObjectAndLosesNoOtherWritersChange() {
    create("conflict");
    StatusUpdater plain = new StatusUpdater(client);
    AtomicInteger conflicts = new AtomicInteger();
    StatusUpdater racing =
        new StatusUpdater(
            client,
            run -> {
              if (conflicts.getAndIncrement() < 2) {
                // another writer gets in first, then the server refuses our stale write
                int n = 100 + conflicts.get();
                plain.update("shop", "conflict", s -> DrillRunStatuses.ledger(s, entry(n)));
                throw new KubernetesClientException("the object has been modified", 409, null);
              }
              return client.resource(run).updateStatus();
            });

    DrillRun after = racing.update("shop", "conflict", s -> DrillRunStatuses.ledger(s, entry(1)));

    assertThat(conflicts.get()).isEqualTo(3);
    assertThat(after.getStatus().faults())
        .as("the other writer's two entries survive, and ours is there")
        .extracting(LedgerEntry::occurrence)
        .containsExactlyInAnyOrder("f101#0", "f102#0", "f1#0");
  }

  @Test
  void anErrorOtherThanAConflictIsNotRetried() {
    create("broken");
    AtomicInteger calls = new AtomicInteger();
    StatusUpdater failing =
        new StatusUpdater(
            client,
            run -> {
              calls.incrementAndGet();
              throw new KubernetesClientException("forbidden", 403, null);
            });
    assertThatThrownBy(
            () -> failing.update("shop", "broken", s -> DrillRunStatuses.ledger(s, entry(1))))
        .hasMessageContaining("forbidden");
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void theLedgerRefusesNewFaultsOnceTheRunHasEnded() {
    create("ended");
    StatusUpdater updater = new StatusUpdater(client);
    updater.update(
        "shop",
        "ended",
        s ->
            DrillRunStatuses.finished(
                s, RunPhase.ABORTED, Verdict.ABORTED, "kill switch", true, Instant.EPOCH));
    StatusLedger ledger = new StatusLedger(updater, "shop", "ended");
    assertThatThrownBy(() -> ledger.record(entry(1)))
        .hasMessageContaining("the DrillRun has ended (ABORTED): no new fault is injected");
    ledger.update(entry(1).with(LedgerEntry.State.HEALED, null, "now", null));
    assertThat(
            client
                .resources(DrillRun.class)
                .inNamespace("shop")
                .withName("ended")
                .get()
                .getStatus()
                .faults())
        .singleElement()
        .satisfies(e -> assertThat(e.state()).isEqualTo(LedgerEntry.State.HEALED));
  }
}
