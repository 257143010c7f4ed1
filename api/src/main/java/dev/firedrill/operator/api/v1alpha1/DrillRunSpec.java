package dev.firedrill.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Which drill to run, and why. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DrillRunSpec(
    @JsonPropertyDescription("Name of the Drill, in the run's namespace.") @Required String drill,
    @JsonPropertyDescription("What started the run: Manual, Schedule or CI.") Trigger trigger,
    @JsonPropertyDescription("Seed of the plan; default: the drill's seed, else random.")
        Long seed) {

  /** What started a run. */
  public enum Trigger {
    @JsonProperty("Manual")
    MANUAL,
    @JsonProperty("Schedule")
    SCHEDULE,
    @JsonProperty("CI")
    CI
  }
}
