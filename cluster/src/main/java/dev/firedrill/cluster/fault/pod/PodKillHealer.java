package dev.firedrill.cluster.fault.pod;

import dev.firedrill.engine.fault.Healer;
import dev.firedrill.engine.fault.LedgerEntry;

/**
 * Heals pod-kill ledger entries with no live run, which means doing nothing: a killed pod is
 * replaced by its controller, not by Firedrill. It exists so that an entry left Planned by a
 * process that died mid-kill heals (to Healed) instead of failing for want of a healer.
 */
public final class PodKillHealer implements Healer {

  @Override
  public String kind() {
    return PodKillDriver.KIND;
  }

  @Override
  public void heal(LedgerEntry entry) {}
}
