package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Set;

/**
 * What must stay true, and the workload types whose histories carry the data each invariant needs.
 * An empty set means any workload (the invariant reads probe samples instead).
 */
public enum InvariantType {
  /** Acknowledged writes are never absent from later reads. */
  @JsonProperty("noLostWrites")
  NO_LOST_WRITES(Set.of(WorkloadType.SET, WorkloadType.QUEUE)),
  /** One effect per idempotency key or unique element. */
  @JsonProperty("noDuplicates")
  NO_DUPLICATES(Set.of(WorkloadType.SET, WorkloadType.QUEUE, WorkloadType.EVENTS)),
  /** Per-entity sequence numbers never go backwards in reads. */
  @JsonProperty("ordering")
  ORDERING(Set.of(WorkloadType.EVENTS)),
  /** Every operation appears to take effect at one instant between its invoke and completion. */
  @JsonProperty("linearizable")
  LINEARIZABLE(Set.of(WorkloadType.REGISTER, WorkloadType.KV)),
  /** Reads lie between acknowledged and attempted increments. */
  @JsonProperty("counter")
  COUNTER(Set.of(WorkloadType.COUNTER)),
  /** No lost, duplicated or unexpected dequeues. */
  @JsonProperty("queue")
  QUEUE(Set.of(WorkloadType.QUEUE)),
  /** Totals stay constant and no balance or stock goes negative. */
  @JsonProperty("conservation")
  CONSERVATION(Set.of(WorkloadType.BANK)),
  /** The projection equals the source within a time after the last write. */
  @JsonProperty("convergence")
  CONVERGENCE(Set.of(WorkloadType.REGISTER, WorkloadType.KV)),
  /** Probes of services that were not faulted stay within bounds while faults are active. */
  @JsonProperty("noCascade")
  NO_CASCADE(Set.of()),
  /** Probes are healthy again within a time after the last heal. */
  @JsonProperty("recovery")
  RECOVERY(Set.of());

  private final Set<WorkloadType> workloads;

  InvariantType(Set<WorkloadType> workloads) {
    this.workloads = workloads;
  }

  /** Workload types that record what this invariant reads; empty: any. */
  public Set<WorkloadType> workloads() {
    return workloads;
  }

  /** True when the invariant is judged from probe samples and needs probes listed. */
  public boolean readsProbes() {
    return this == NO_CASCADE || this == RECOVERY;
  }
}
