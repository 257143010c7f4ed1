package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * Stops local processes with SIGSTOP for the fault's duration, then resumes them (SIGCONT). Which
 * of {@link #processes} are paused is {@link #mode} and {@link #value}, as for a pod kill: chosen
 * by the plan's seed, anew for each occurrence of a repeating pause. The default, all, pauses every
 * process named.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Pause(
    @JsonPropertyDescription("Local processes (by name in target.processes) to choose from.")
        @Required
        @Size(min = 1)
        List<String> processes,
    @JsonPropertyDescription(
            "How many of them: one (chosen by the seed), all, fixed (value processes),"
                + " fixed-percent (value % rounded up), random-max-percent (a seeded draw of 1 to"
                + " value %). Default all.")
        PodKillMode mode,
    @JsonPropertyDescription(
            "Count for mode fixed; percentage (1 to 100) for fixed-percent and"
                + " random-max-percent.")
        @Min(1)
        @Max(10000)
        Integer value)
    implements FaultAction {

  public Pause {
    processes = processes == null ? List.of() : List.copyOf(processes);
  }

  /** A pause of every process named. */
  public Pause(List<String> processes) {
    this(processes, null, null);
  }

  /** {@link #mode}, else all (every process named). */
  @JsonIgnore
  public PodKillMode modeOrDefault() {
    return mode == null ? PodKillMode.ALL : mode;
  }

  @Override
  public String kind() {
    return "pause";
  }
}
