package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which way the affected traffic flows, as Toxiproxy names it: upstream is client to service,
 * downstream is service to client.
 */
public enum Direction {
  @JsonProperty("upstream")
  UPSTREAM,
  @JsonProperty("downstream")
  DOWNSTREAM,
  /** Both directions: one toxic per stream. */
  @JsonProperty("both")
  BOTH
}
