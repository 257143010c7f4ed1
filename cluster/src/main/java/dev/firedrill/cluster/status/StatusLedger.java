package dev.firedrill.cluster.status;

import dev.firedrill.engine.fault.FaultLedger;
import dev.firedrill.engine.fault.LedgerEntry;

/**
 * The fault ledger of a cluster run, kept in its DrillRun's status ({@code status.faults}): an
 * entry is in the API server before its fault is injected, and a failed write vetoes the inject, so
 * any process that can read the DrillRun — the operator after a runner's death, a new operator
 * after a crash, the finalizer when the run is deleted — heals from it.
 */
public final class StatusLedger implements FaultLedger {

  private final StatusUpdater updater;
  private final String namespace;
  private final String name;

  public StatusLedger(StatusUpdater updater, String namespace, String name) {
    this.updater = updater;
    this.namespace = namespace;
    this.name = name;
  }

  /**
   * Refused once the run has ended: a runner that outlived its run (the operator aborted it, the
   * kill switch) can never inject again.
   */
  @Override
  public void record(LedgerEntry entry) {
    updater.update(
        namespace,
        name,
        s -> {
          if (s.terminal()) {
            throw new IllegalStateException(
                "the DrillRun has ended (" + s.phase() + "): no new fault is injected");
          }
          return DrillRunStatuses.ledger(s, entry);
        });
  }

  @Override
  public void update(LedgerEntry entry) {
    updater.update(namespace, name, s -> DrillRunStatuses.ledger(s, entry));
  }
}
