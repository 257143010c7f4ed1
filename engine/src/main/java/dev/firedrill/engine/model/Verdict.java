package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The outcome of a drill run, and the exit code the CLI gives for it. */
public enum Verdict {
  /** Every invariant held. */
  @JsonProperty("Pass")
  PASS(0),
  /** An invariant was violated. */
  @JsonProperty("Fail")
  FAIL(1),
  /** A guardrail tripped; every fault was healed at once. */
  @JsonProperty("Aborted")
  ABORTED(1),
  /** The drill could not establish an invariant (e.g. no final read). */
  @JsonProperty("Inconclusive")
  INCONCLUSIVE(3),
  /** The drill could not run: invalid input, unreachable target. */
  @JsonProperty("Error")
  ERROR(2);

  private final int exitCode;

  Verdict(int exitCode) {
    this.exitCode = exitCode;
  }

  /** The CLI's exit code: 0 pass, 1 fail or aborted, 2 could not run, 3 inconclusive. */
  public int exitCode() {
    return exitCode;
  }
}
