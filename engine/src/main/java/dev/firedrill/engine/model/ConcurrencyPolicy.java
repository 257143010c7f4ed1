package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a scheduled drill does when its previous run is still going, as a CronJob does. */
public enum ConcurrencyPolicy {
  /** Skip the new run. */
  @JsonProperty("Forbid")
  FORBID,
  /** Start the new run alongside. */
  @JsonProperty("Allow")
  ALLOW,
  /** Stop (and heal) the running one, then start the new one. */
  @JsonProperty("Replace")
  REPLACE
}
