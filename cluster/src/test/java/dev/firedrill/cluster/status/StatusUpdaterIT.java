package dev.firedrill.cluster.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.cluster.mock.LockingApiServer;
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

/**
 * The status writer against Fabric8's mock API server in CRUD mode, and against {@link
 * LockingApiServer}, which refuses a stale {@code /status} write with 409 as a real API server
 * does.
 */
@EnableKubernetesMockClient(crud = true)
class StatusUpdaterIT {

  static KubernetesClient client;

  private static DrillRun create(String name) {
    return create(client, name);
  }

  private static DrillRun create(KubernetesClient on, String name) {
    DrillRun run = new DrillRun();
    run.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").build());
    run.setSpec(DrillRunSpec.of("phantom-writes", DrillRunSpec.Trigger.MANUAL));
    return on.resource(run).create();
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
  void theStockMockTakesAStaleStatusWriteWhereTheLockingServerAnswers409() {
    DrillRun stale = create("stale");
    DrillRun fresh = client.resources(DrillRun.class).inNamespace("shop").withName("stale").get();
    fresh.setStatus(DrillRunStatuses.initial());
    client.resource(fresh).updateStatus();
    stale.setStatus(DrillRunStatuses.initial());
    // Why LockingApiServer exists: should Fabric8 start checking here, it can go.
    assertThat(client.resource(stale).updateStatus().getStatus()).isNotNull();

    try (LockingApiServer server = LockingApiServer.start();
        KubernetesClient locking = server.createClient()) {
      DrillRun old = create(locking, "stale");
      DrillRun latest = locking.resource(old).get();
      latest.setStatus(DrillRunStatuses.initial());
      DrillRun written = locking.resource(latest).updateStatus();
      assertThat(written.getMetadata().getResourceVersion())
          .isNotEqualTo(old.getMetadata().getResourceVersion());

      old.setStatus(DrillRunStatuses.initial());
      assertThatThrownBy(() -> locking.resource(old).updateStatus())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409))
          .hasMessageContaining("the object has been modified");
      assertThat(server.conflicts()).isEqualTo(1);
    }
  }

  @Test
  void twoWritersRacingOnTheLockingServerBothLand() {
    try (LockingApiServer server = LockingApiServer.start();
        KubernetesClient locking = server.createClient()) {
      create(locking, "race");
      StatusUpdater other = new StatusUpdater(locking);
      AtomicInteger writes = new AtomicInteger();
      StatusUpdater racing =
          new StatusUpdater(
              locking,
              r -> {
                if (writes.getAndIncrement() == 0) {
                  // the other writer lands between our read and our write: no conflict injected,
                  // the server itself refuses our stale write
                  other.update("shop", "race", s -> DrillRunStatuses.ledger(s, entry(7)));
                }
                return locking.resource(r).updateStatus();
              });

      DrillRun after = racing.update("shop", "race", s -> DrillRunStatuses.ledger(s, entry(1)));

      assertThat(server.conflicts()).isEqualTo(1);
      assertThat(writes.get()).isEqualTo(2);
      assertThat(after.getStatus().faults())
          .extracting(LedgerEntry::occurrence)
          .containsExactlyInAnyOrder("f7#0", "f1#0");
    }
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
