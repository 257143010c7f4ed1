package dev.firedrill.engine.fault;

/**
 * Where a run keeps its fault ledger, so that no crash leaves a fault behind: the CLI writes a file
 * in the run directory, the operator the DrillRun's status. {@link #record} is called before every
 * inject and may veto it; {@link #update} after every inject and heal.
 */
public interface FaultLedger {

  /**
   * Makes the entry durable before its fault is injected. Throwing vetoes the inject: nothing is
   * injected, and the run records the fault as not applied.
   */
  void record(LedgerEntry entry) throws Exception;

  /** Records the entry's new state (injected, done, healed, failed). Best effort. */
  void update(LedgerEntry entry) throws Exception;

  /**
   * A ledger that keeps nothing beyond the run's memory (tests, and runs with no durable store).
   */
  FaultLedger NONE =
      new FaultLedger() {
        @Override
        public void record(LedgerEntry entry) {}

        @Override
        public void update(LedgerEntry entry) {}
      };
}
