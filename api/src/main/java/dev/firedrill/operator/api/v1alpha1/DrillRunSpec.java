package dev.firedrill.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.firedrill.engine.model.DurationText;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Which drill to run, and why. Written by whoever starts the run; never changed after. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DrillRunSpec(
    @JsonPropertyDescription("Name of the Drill, in the run's namespace.") @Required String drill,
    @JsonPropertyDescription("What started the run: Manual, Schedule or CI.") Trigger trigger,
    @JsonPropertyDescription("Seed of the plan; default: the drill's seed, else random.") Long seed,
    @JsonPropertyDescription(
            "True: plan the run and show the plan in status.planned, inject nothing, run no load.")
        Boolean dryRun,
    @JsonPropertyDescription(
            "Longest the run may take before it is healed and aborted. Default: the workload's"
                + " warm-up plus its duration plus its recovery plus 10m.")
        @Pattern(DurationText.PATTERN)
        String timeout) {

  /** A run of {@code drill} for {@code trigger}, with the defaults. */
  public static DrillRunSpec of(String drill, Trigger trigger) {
    return new DrillRunSpec(drill, trigger, null, null, null);
  }

  /** True when the run must only plan. */
  public boolean dryRunOnly() {
    return Boolean.TRUE.equals(dryRun);
  }

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
