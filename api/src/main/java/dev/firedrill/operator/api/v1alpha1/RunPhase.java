package dev.firedrill.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The phases of a run, in order; a terminal phase is never left. */
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

  /** True once the run is over and every fault has been healed. */
  public boolean terminal() {
    return terminal;
  }
}
