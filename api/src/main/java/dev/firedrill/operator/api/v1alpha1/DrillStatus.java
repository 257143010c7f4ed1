package dev.firedrill.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.firedrill.engine.model.Verdict;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What the operator last observed and did for a drill. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DrillStatus(
    @JsonPropertyDescription("The generation of the spec this status reflects.")
        Long observedGeneration,
    @JsonPropertyDescription("Name of the most recent DrillRun.") String lastRun,
    @JsonPropertyDescription("Verdict of the most recent finished run.") Verdict lastVerdict,
    @JsonPropertyDescription("When the most recent run started (RFC 3339).") String lastRunTime,
    @JsonPropertyDescription("When the schedule next fires (RFC 3339).") String nextRunTime,
    @JsonPropertyDescription("Ready, Scheduled and Valid conditions.") List<Condition> conditions) {

  public DrillStatus {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }
}
