package dev.firedrill.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.firedrill.engine.model.Verdict;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Where a run stands: phase, verdict, faults injected and healed, anomalies found. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DrillRunStatus(
    @JsonPropertyDescription(
            "Pending, Running, Healing, Recovering, Checking, or terminal:"
                + " Completed, Aborted, Errored.")
        RunPhase phase,
    @JsonPropertyDescription("Pass, Fail, Inconclusive, Aborted or Error, once terminal.")
        Verdict verdict,
    @JsonPropertyDescription("When the run started (RFC 3339).") String startTime,
    @JsonPropertyDescription("When the run ended (RFC 3339).") String completionTime,
    @JsonPropertyDescription(
            "Every fault, written before it is injected, so a crashed or deleted run is healed"
                + " from here.")
        List<FaultRecord> faults,
    @JsonPropertyDescription("Number of anomalies found by the invariant checkers.")
        Integer anomalyCount,
    @JsonPropertyDescription("The first anomalies, with their evidence.")
        List<AnomalySummary> anomalies,
    @JsonPropertyDescription("Human-readable summary of the current phase.") String message,
    @JsonPropertyDescription("Where the history and the report are kept.") String reportUrl,
    @JsonPropertyDescription("Standard conditions.") List<Condition> conditions) {

  public DrillRunStatus {
    faults = faults == null ? List.of() : List.copyOf(faults);
    anomalies = anomalies == null ? List.of() : List.copyOf(anomalies);
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }

  /** One fault on one target, in the ledger. */
  public record FaultRecord(
      @JsonPropertyDescription("The fault's name in the drill.") String fault,
      @JsonPropertyDescription("The pod, process or proxy it acts on.") String target,
      @JsonPropertyDescription("Planned, Injected or Healed.") String state,
      @JsonPropertyDescription("When it was injected (RFC 3339).") String injectedAt,
      @JsonPropertyDescription("When it was healed (RFC 3339).") String healedAt) {}

  /** One anomaly, shortened for the status. */
  public record AnomalySummary(
      @JsonPropertyDescription("The invariant violated.") String invariant,
      @JsonPropertyDescription("The anomaly kind, e.g. lost, duplicate, regression.") String kind,
      @JsonPropertyDescription("What happened, in a sentence.") String message) {}
}
