package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;
import java.util.Map;

/**
 * Kills pods matching the target's selector (narrowed by {@code selector}), or the named local
 * processes (SIGKILL, restarted after {@code restartAfter}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PodKill(
    @JsonPropertyDescription("How many: one, all, fixed (value pods) or percent (value %).")
        PodKillMode mode,
    @JsonPropertyDescription("Count for mode fixed, percentage for mode percent.")
        @Min(1)
        @Max(10000)
        Integer value,
    @JsonPropertyDescription("Extra labels narrowing the target's selector.")
        Map<String, String> selector,
    @JsonPropertyDescription("Local processes (by name in target.processes) to choose from.")
        List<String> processes,
    @JsonPropertyDescription("Local runs: restart a killed process after this long. Default 1s.")
        @Pattern(DurationText.PATTERN)
        String restartAfter)
    implements FaultAction {

  public PodKill {
    mode = mode == null ? PodKillMode.ONE : mode;
    selector = selector == null ? Map.of() : Map.copyOf(selector);
    processes = processes == null ? List.of() : List.copyOf(processes);
  }

  @Override
  public String kind() {
    return "podKill";
  }
}
