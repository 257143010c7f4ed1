package dev.firedrill.engine.plan;

import dev.firedrill.engine.model.FaultAction;
import java.time.Duration;
import java.util.List;

/**
 * One occurrence of a fault on the timeline: injected at {@code start}, healed at {@code end} (null
 * for instantaneous actions such as a pod kill), on {@code targets} (local processes or proxies,
 * chosen by the plan's seed). {@code choiceSeed} seeds any choice made only at run time, such as
 * which live pods to kill.
 */
public record PlannedFault(
    String name,
    int occurrence,
    Duration start,
    Duration end,
    FaultAction action,
    List<String> targets,
    long choiceSeed) {

  public PlannedFault {
    targets = List.copyOf(targets);
  }

  /** A stable id for the history and the fault ledger: {@code name#occurrence}. */
  public String id() {
    return name + "#" + occurrence;
  }

  /** True when the action has a duration and must be healed. */
  public boolean healable() {
    return end != null;
  }
}
