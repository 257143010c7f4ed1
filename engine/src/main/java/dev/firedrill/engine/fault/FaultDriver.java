package dev.firedrill.engine.fault;

import dev.firedrill.engine.plan.PlannedFault;
import java.util.List;

/**
 * Injects and heals faults of some kinds on their targets. Selection modes, timing and recording
 * belong to the engine; a driver acts, in three steps: {@link #prepare} decides exactly what an
 * inject will touch and how to undo it, without acting; the engine writes that to the ledger; then
 * {@link #inject} acts on one prepared target. {@link #heal} undoes a ledger entry from what the
 * entry records alone, so a process with no live run (a restarted operator, {@code firedrill heal})
 * heals with the same code. Heal is idempotent: healing twice, or what was never injected, does
 * nothing.
 *
 * <p>Which drivers a run has is chosen by the run's driver (the CLI: local processes and Toxiproxy;
 * the cluster runner: pods and Toxiproxy), through the {@link dev.firedrill.engine.run.Setup}s it
 * passes to the engine.
 */
public interface FaultDriver extends Healer {

  /** True when this driver acts on this fault in this run. */
  boolean handles(PlannedFault fault);

  /**
   * Chooses the fault's targets (e.g. which live pods) and says, for each, what inject will do and
   * how to undo it. Acts on nothing.
   */
  List<LedgerEntry> prepare(PlannedFault fault) throws Exception;

  /** Injects the fault on one prepared target; returns what it acted on, for the history. */
  String inject(PlannedFault fault, LedgerEntry target) throws Exception;
}
