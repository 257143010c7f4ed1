package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How many of the selected pods (or processes) a pod kill takes. */
public enum PodKillMode {
  /** One, chosen by the plan's seed. */
  @JsonProperty("one")
  ONE,
  /** Every selected pod. */
  @JsonProperty("all")
  ALL,
  /** Exactly {@code value} pods. */
  @JsonProperty("fixed")
  FIXED,
  /** {@code value} percent of the pods, rounded up. */
  @JsonProperty("percent")
  PERCENT
}
