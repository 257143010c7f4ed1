package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Stops local processes with SIGSTOP for the fault's duration, then resumes them (SIGCONT). */
public record Pause(
    @JsonPropertyDescription("Local processes (by name in target.processes) to pause.")
        @Required
        @Size(min = 1)
        List<String> processes)
    implements FaultAction {

  public Pause {
    processes = processes == null ? List.of() : List.copyOf(processes);
  }

  @Override
  public String kind() {
    return "pause";
  }
}
