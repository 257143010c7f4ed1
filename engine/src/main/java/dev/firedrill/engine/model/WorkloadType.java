package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Set;

/**
 * The kinds of workload, each a client plus a generator, and the operations each must map to a
 * request. The operation names are the {@code f} of the recorded history.
 */
public enum WorkloadType {
  /** Unique elements added, then the whole set read. */
  @JsonProperty("set")
  SET("set", Set.of("add", "read"), Set.of()),
  /** One register: reads, writes and compare-and-set. */
  @JsonProperty("register")
  REGISTER("register", Set.of("read", "write"), Set.of("cas")),
  /**
   * Keyed values, checked per key: a cas-register per key, or with {@code append} a string per key
   * (get, put, append, as in MIT 6.824's kv tests).
   */
  @JsonProperty("kv")
  KV("kv", Set.of("read", "write"), Set.of("cas", "append")),
  /** Enqueue and dequeue of unique elements. */
  @JsonProperty("queue")
  QUEUE("queue", Set.of("enqueue", "dequeue"), Set.of("drain")),
  /** Increments and reads of a counter. */
  @JsonProperty("counter")
  COUNTER("counter", Set.of("add", "read"), Set.of()),
  /** Transfers between accounts and reads of every balance. */
  @JsonProperty("bank")
  BANK("bank", Set.of("transfer", "read"), Set.of()),
  /** Per-entity events with sequence numbers, and reads of what each entity applied. */
  @JsonProperty("events")
  EVENTS("events", Set.of("append", "read"), Set.of());

  private final String wireName;
  private final Set<String> requiredOperations;
  private final Set<String> optionalOperations;

  WorkloadType(String wireName, Set<String> required, Set<String> optional) {
    this.wireName = wireName;
    this.requiredOperations = required;
    this.optionalOperations = optional;
  }

  /** The name written in drill files. */
  public String wireName() {
    return wireName;
  }

  /** Operations the workload cannot run without. */
  public Set<String> requiredOperations() {
    return requiredOperations;
  }

  /**
   * Operations the workload uses when mapped. Every type may also map {@code readProjection}, a
   * read of a derived view compared with {@code read} by the convergence invariant.
   */
  public Set<String> optionalOperations() {
    return optionalOperations;
  }
}
