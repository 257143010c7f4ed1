package dev.firedrill.cluster.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrillRunStatusesTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private static LedgerEntry entry(String occurrence, LedgerEntry.State state) {
    return new LedgerEntry(
        occurrence,
        "latency",
        "toxiproxy",
        "db",
        Map.of("url", "http://t:8474"),
        null,
        state,
        null,
        null,
        null);
  }

  @Test
  void phasesOnlyMoveForward() {
    DrillRunStatus running = DrillRunStatuses.started(DrillRunStatuses.initial(), "job", NOW);
    assertThat(running.phase()).isEqualTo(RunPhase.RUNNING);
    assertThat(running.startTime()).isEqualTo("2026-12-01T10:00:00Z");
    DrillRunStatus healing = DrillRunStatuses.runnerPhase(running, RunPhase.HEALING, "heal");
    assertThat(healing.phase()).isEqualTo(RunPhase.HEALING);
    assertThat(DrillRunStatuses.runnerPhase(healing, RunPhase.RUNNING, "late")).isSameAs(healing);
    assertThat(DrillRunStatuses.started(healing, "job", NOW)).isSameAs(healing);
    assertThat(DrillRunStatuses.runnerPhase(healing, RunPhase.COMPLETED, "not the runner's"))
        .isSameAs(healing);
  }

  @Test
  void aTerminalStatusIsNeverChangedButForLateHealsInTheLedger() {
    DrillRunStatus done =
        DrillRunStatuses.finished(
            DrillRunStatuses.initial(),
            RunPhase.ABORTED,
            Verdict.ABORTED,
            "kill switch",
            true,
            NOW);
    assertThat(done.terminal()).isTrue();
    assertThat(done.completionTime()).isEqualTo("2026-12-01T10:00:00Z");
    assertThat(DrillRunStatuses.runnerPhase(done, RunPhase.CHECKING, "x")).isSameAs(done);
    assertThat(
            DrillRunStatuses.finished(done, RunPhase.COMPLETED, Verdict.PASS, "again", true, NOW))
        .isSameAs(done);
    DrillRunStatus healed =
        DrillRunStatuses.ledger(done, entry("slow#0", LedgerEntry.State.HEALED));
    assertThat(healed.faults()).hasSize(1);
    assertThat(healed.phase()).isEqualTo(RunPhase.ABORTED);
  }

  @Test
  void ledgerEntriesAreKeptByKeyAndNeverDropped() {
    DrillRunStatus s = DrillRunStatuses.initial();
    s = DrillRunStatuses.ledger(s, entry("slow#0", LedgerEntry.State.PLANNED));
    s = DrillRunStatuses.ledger(s, entry("cut#0", LedgerEntry.State.PLANNED));
    s = DrillRunStatuses.ledger(s, entry("slow#0", LedgerEntry.State.INJECTED));
    assertThat(s.faults())
        .extracting(e -> e.occurrence() + " " + e.state())
        .containsExactly("slow#0 INJECTED", "cut#0 PLANNED");
  }

  @Test
  void theRunnersVerdictStandsUnlessTheOperatorOverridesIt() {
    DrillRunStatus checking =
        new StatusBuilder(DrillRunStatuses.initial())
            .phase(RunPhase.CHECKING)
            .verdict(Verdict.FAIL)
            .message("noDuplicates invalid")
            .build();
    DrillRunStatus ended =
        DrillRunStatuses.finished(checking, RunPhase.COMPLETED, null, null, false, NOW);
    assertThat(ended.phase()).isEqualTo(RunPhase.COMPLETED);
    assertThat(ended.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(ended.message()).isEqualTo("noDuplicates invalid");
    DrillRunStatus errored =
        new StatusBuilder(DrillRunStatuses.initial())
            .phase(RunPhase.CHECKING)
            .verdict(Verdict.ERROR)
            .build();
    assertThat(
            DrillRunStatuses.finished(errored, RunPhase.COMPLETED, null, null, false, NOW).phase())
        .as("the terminal phase follows the runner's verdict")
        .isEqualTo(RunPhase.ERRORED);
    DrillRunStatus aborted =
        DrillRunStatuses.finished(
            checking, RunPhase.ABORTED, Verdict.ABORTED, "kill switch", true, NOW);
    assertThat(aborted.verdict()).isEqualTo(Verdict.ABORTED);
  }
}
