package dev.firedrill.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.firedrill.engine.model.Verdict;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * What the operator last observed and did for a drill. Written only by the operator's {@code
 * DrillStatuses}; the run fields are derived from the DrillRuns labelled with the drill.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DrillStatus(
    @JsonPropertyDescription("The generation of the spec this status reflects.")
        Long observedGeneration,
    @JsonPropertyDescription("Name of the most recent DrillRun.") String lastRun,
    @JsonPropertyDescription("Verdict of the most recent finished run.") Verdict lastVerdict,
    @JsonPropertyDescription("When the most recent run started (RFC 3339).") String lastRunTime,
    @JsonPropertyDescription(
            "The last fire time of the schedule that was dealt with: a run started, skipped"
                + " (concurrencyPolicy Forbid) or missed (past the starting deadline). RFC 3339.")
        String lastScheduleTime,
    @JsonPropertyDescription("When the schedule next fires (RFC 3339).") String nextRunTime,
    @JsonPropertyDescription(
            "Fire times skipped because the operator saw them only after the starting deadline"
                + " (e.g. after an outage), since the Drill was created.")
        Long missedRuns,
    @JsonPropertyDescription("Valid and Scheduled conditions.") List<Condition> conditions) {

  public DrillStatus {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }
}
