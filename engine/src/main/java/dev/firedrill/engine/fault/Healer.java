package dev.firedrill.engine.fault;

/**
 * Undoes ledger entries of one driver kind from what each entry records, with no live run: the heal
 * half of a {@link FaultDriver}, on its own so that a process that never ran the drill (a restarted
 * operator, {@code firedrill heal RUN_DIR}) can heal what another left.
 */
public interface Healer {

  /**
   * The driver kind written into ledger entries: {@code process}, {@code toxiproxy}, {@code pod}.
   */
  String kind();

  /** Undoes the entry. Idempotent: healing twice, or what was never injected, succeeds. */
  void heal(LedgerEntry entry) throws Exception;
}
