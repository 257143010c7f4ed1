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
   * Each client bound to one endpoint for the whole run, client {@code c} (of the workload's
   * concurrency) to {@code endpoints[c mod n]}, as Jepsen binds a worker to a node. A client whose
   * operation ended indeterminate goes on as a new process ({@code p + concurrency}) on the same
   * endpoint, so a member whose clients time out keeps its share of the load.
   */
  @JsonProperty("perClient")
  PER_CLIENT
}
