package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A pod's {@code status.phase}, as Kubernetes spells it. */
public enum PodPhase {
  @JsonProperty("Pending")
  PENDING,
  @JsonProperty("Running")
  RUNNING,
  @JsonProperty("Succeeded")
  SUCCEEDED,
  @JsonProperty("Failed")
  FAILED,
  @JsonProperty("Unknown")
  UNKNOWN;

  /** The phase as Kubernetes writes it in {@code status.phase}. */
  public String wire() {
    return switch (this) {
      case PENDING -> "Pending";
      case RUNNING -> "Running";
      case SUCCEEDED -> "Succeeded";
      case FAILED -> "Failed";
      case UNKNOWN -> "Unknown";
    };
  }
}
