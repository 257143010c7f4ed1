package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How an operation picks one of several base URLs (the members of a cluster). Every choice is made
 * from the run's seed and the client's process number, so the same seed spreads the same operations
 * the same way.
 */
public enum EndpointPolicy {
  /** Each operation the next endpoint in turn, across all clients: every member gets its share. */
  @JsonProperty("roundRobin")
  ROUND_ROBIN,
  /** Each operation an endpoint drawn from the client's seeded random source. */
  @JsonProperty("random")
  RANDOM,
  /**
   * Each client process bound to one endpoint, {@code endpoints[process mod n]}, as Jepsen binds a
   * client to a node; a client whose operation ended indeterminate continues as a new process, so
   * it moves on to the next endpoint.
   */
  @JsonProperty("perClient")
  PER_CLIENT
}
