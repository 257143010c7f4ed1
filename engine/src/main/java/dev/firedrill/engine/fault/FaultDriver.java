package dev.firedrill.engine.fault;

import dev.firedrill.engine.model.FaultAction;
import dev.firedrill.engine.plan.PlannedFault;

/**
 * Injects and heals one kind of fault on its targets. Selection, timing and recording belong to the
 * engine; a driver only acts. {@link #heal} is idempotent: healing twice, or healing what was never
 * injected, does nothing.
 */
public interface FaultDriver {

  /** True when this driver acts on {@code action}. */
  boolean handles(FaultAction action);

  /** Injects the fault; returns what it acted on (pids, proxies), for the history. */
  String inject(PlannedFault fault) throws Exception;

  /** Heals the fault. Idempotent. */
  void heal(PlannedFault fault) throws Exception;
}
