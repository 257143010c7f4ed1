package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The phases of a run, in order; a terminal phase is never left. The engine reports them for a
 * local run as the operator does in a DrillRun's status: Pending (plan, set up the targets),
 * Running (steady-state check, load, faults, probes), Healing, Recovering (the recovery wait and
 * the final reads), Checking (the invariants, the reports), then Completed, Aborted or Errored.
 */
public enum RunPhase {
  @JsonProperty("Pending")
  PENDING(false),
  @JsonProperty("Running")
  RUNNING(false),
  @JsonProperty("Healing")
  HEALING(false),
  @JsonProperty("Recovering")
  RECOVERING(false),
  @JsonProperty("Checking")
  CHECKING(false),
  @JsonProperty("Completed")
  COMPLETED(true),
  @JsonProperty("Aborted")
  ABORTED(true),
  @JsonProperty("Errored")
  ERRORED(true);

  private final boolean terminal;

  RunPhase(boolean terminal) {
    this.terminal = terminal;
  }

  /** The terminal phase of a run that ended with {@code verdict}. */
  public static RunPhase of(Verdict verdict) {
    return switch (verdict) {
      case ABORTED -> ABORTED;
      case ERROR -> ERRORED;
      case PASS, FAIL, INCONCLUSIVE -> COMPLETED;
    };
  }

  /** True once the run is over and every fault has been healed. */
  public boolean terminal() {
    return terminal;
  }
}
