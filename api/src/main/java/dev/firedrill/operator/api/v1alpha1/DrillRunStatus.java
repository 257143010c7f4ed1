package dev.firedrill.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Verdict;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * Where a run stands: phase, verdict, the Drill as it was when the run started, the fault ledger,
 * the load so far and what the invariants found. Written only through {@code DrillRunStatuses}
 * (module cluster), by the operator and by the run's runner Job.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DrillRunStatus(
    @JsonPropertyDescription(
            "Pending, Running, Healing, Recovering, Checking, or terminal:"
                + " Completed, Aborted, Errored.")
        RunPhase phase,
    @JsonPropertyDescription("Pass, Fail, Inconclusive, Aborted or Error, once terminal.")
        Verdict verdict,
    @JsonPropertyDescription("Human-readable summary of the current phase or the verdict.")
        String message,
    @JsonPropertyDescription("When the run started (RFC 3339).") String startTime,
    @JsonPropertyDescription("When the run ended (RFC 3339).") String completionTime,
    @JsonPropertyDescription("The Drill's metadata.generation when the run took its snapshot.")
        Long drillGeneration,
    @JsonPropertyDescription(
            "The Drill's spec when the run started: editing or deleting the Drill changes"
                + " nothing for this run.")
        DrillSpec snapshot,
    @JsonPropertyDescription("Seed of the plan.") Long seed,
    @JsonPropertyDescription("Makes this run's values and idempotency keys its own.") String runId,
    @JsonPropertyDescription("Name of the runner Job in the operator's namespace.") String runner,
    @JsonPropertyDescription(
            "The run's own Toxiproxy API, when the operator intercepted Services for it.")
        String toxiproxyUrl,
    @JsonPropertyDescription("Every fault occurrence of the plan, in time order.")
        List<PlannedStep> planned,
    @JsonPropertyDescription(
            "The fault ledger: every fault on every target, written before it is injected, so a"
                + " crashed or deleted run is healed from here.")
        List<LedgerEntry> faults,
    @JsonPropertyDescription("The workload's operations so far.") Operations operations,
    @JsonPropertyDescription("Each invariant's result, once checked.")
        List<InvariantSummary> invariants,
    @JsonPropertyDescription("Number of anomalies found by the invariant checkers.")
        Integer anomalyCount,
    @JsonPropertyDescription("The first anomalies, with their evidence.")
        List<AnomalySummary> anomalies,
    @JsonPropertyDescription(
            "Where the history and the reports are kept: configmap:<namespace>/<name>.")
        String reportUrl,
    @JsonPropertyDescription("Standard conditions.") List<Condition> conditions) {

  public DrillRunStatus {
    planned = planned == null ? List.of() : List.copyOf(planned);
    faults = faults == null ? List.of() : List.copyOf(faults);
    invariants = invariants == null ? List.of() : List.copyOf(invariants);
    anomalies = anomalies == null ? List.of() : List.copyOf(anomalies);
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }

  /** An empty status, before the operator first sees the run. */
  public static DrillRunStatus empty() {
    return new DrillRunStatus(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null);
  }

  /** True once the phase is terminal. */
  public boolean terminal() {
    return phase != null && phase.terminal();
  }

  /** One fault occurrence of the plan. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record PlannedStep(
      @JsonPropertyDescription("The occurrence, name#n.") String occurrence,
      @JsonPropertyDescription("The action, e.g. podKill, latency.") String action,
      @JsonPropertyDescription("Start, from the workload's start, e.g. 30s.") String at,
      @JsonPropertyDescription("When it is healed, from the workload's start; empty for a kill.")
          String until,
      @JsonPropertyDescription(
              "Targets chosen by the plan (proxies, processes); pods are chosen at inject time.")
          List<String> targets) {}

  /** Operations of the workload so far. */
  public record Operations(
      @JsonPropertyDescription("Operations invoked.") Long invoked,
      @JsonPropertyDescription("Acknowledged.") Long ok,
      @JsonPropertyDescription("Definitely not applied.") Long fail,
      @JsonPropertyDescription("Outcome unknown (timeouts, resets).") Long info,
      @JsonPropertyDescription("Arrivals that found every client busy.") Long dropped) {}

  /** One invariant's result. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record InvariantSummary(
      @JsonPropertyDescription("The invariant, e.g. noLostWrites.") String invariant,
      @JsonPropertyDescription("valid, invalid or unknown.") String validity,
      @JsonPropertyDescription("Anomalies found.") Integer anomalies) {}

  /** One anomaly, shortened for the status. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record AnomalySummary(
      @JsonPropertyDescription("The invariant violated.") String invariant,
      @JsonPropertyDescription("The anomaly kind, e.g. lost, duplicate, regression.") String kind,
      @JsonPropertyDescription("What happened, in a sentence.") String message,
      @JsonPropertyDescription("The entity involved (key, element), if any.") String key,
      @JsonPropertyDescription("History indices of the operations involved.") List<Long> ops,
      @JsonPropertyDescription("Trace ids of the operations involved.") List<String> traceIds) {}
}
