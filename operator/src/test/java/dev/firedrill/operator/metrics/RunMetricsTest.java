package dev.firedrill.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.cluster.status.DrillRunStatuses;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the metrics count, from successive versions of DrillRuns. */
class RunMetricsTest {

  private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");

  private static DrillRun run(DrillRunStatus status) {
    DrillRun run = new DrillRun();
    run.setMetadata(new ObjectMetaBuilder().withName("r").withNamespace("shop").build());
    run.setSpec(DrillRunSpec.of("weekly", DrillRunSpec.Trigger.SCHEDULE));
    run.setStatus(status);
    return run;
  }

  private static LedgerEntry entry(LedgerEntry.State state) {
    return new LedgerEntry(
        "cut#0", "partition", "toxiproxy", "db", Map.of(), null, state, null, null, null);
  }

  @Test
  void transitionsAreCountedOnceAndFirstSightCountsNothing() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RunMetrics metrics = new RunMetrics(null, registry);
    DrillRunStatus running = DrillRunStatuses.started(DrillRunStatuses.initial(), "job", T0);
    DrillRunStatus planned = DrillRunStatuses.ledger(running, entry(LedgerEntry.State.PLANNED));
    DrillRunStatus injected = DrillRunStatuses.ledger(planned, entry(LedgerEntry.State.INJECTED));
    DrillRunStatus healed = DrillRunStatuses.ledger(injected, entry(LedgerEntry.State.HEALED));
    DrillRunStatus ended =
        DrillRunStatuses.finished(
            healed, RunPhase.COMPLETED, Verdict.FAIL, "lost", true, T0.plusSeconds(90));

    metrics.changed(null, run(injected)); // seen first after a restart: not counted
    metrics.changed(run(running), run(planned));
    metrics.changed(run(planned), run(injected));
    metrics.changed(run(injected), run(healed));
    metrics.changed(run(healed), run(ended));
    metrics.changed(run(ended), run(ended));

    assertThat(registry.get("firedrill_faults_injected").counter().count()).isEqualTo(1);
    assertThat(registry.get("firedrill_faults_healed").counter().count()).isEqualTo(1);
    assertThat(
            registry
                .get("firedrill_runs")
                .tags("namespace", "shop", "drill", "weekly", "verdict", "FAIL")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("firedrill_run_duration")
                .timer()
                .totalTime(java.util.concurrent.TimeUnit.SECONDS))
        .isEqualTo(90);
  }

  @Test
  void aFaultLeftInEffectByAFinishedRunIsOrphaned() {
    DrillRunStatus left =
        DrillRunStatuses.finished(
            DrillRunStatuses.ledger(
                DrillRunStatuses.initial(), entry(LedgerEntry.State.HEAL_FAILED)),
            RunPhase.ERRORED,
            Verdict.ERROR,
            "heal failed",
            true,
            T0);
    DrillRunStatus active =
        DrillRunStatuses.ledger(DrillRunStatuses.initial(), entry(LedgerEntry.State.INJECTED));
    assertThat(RunMetrics.orphaned(List.of(run(left), run(active)))).isEqualTo(1);
  }
}
