package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;
import java.util.Map;

/**
 * What a drill may touch. In a cluster: the pods of {@code namespace} matching {@code selector}. On
 * one machine: the {@code processes} the runner starts and supervises. A fault outside this target
 * is refused by the validator.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Target(
    @JsonPropertyDescription(
            "Namespace of the pods under attack. It must carry the label"
                + " firedrill.dev/drills=enabled; kube-system never qualifies.")
        @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
        String namespace,
    @JsonPropertyDescription("Label selector (matchLabels) of the pods under attack.")
        Map<String, String> selector,
    @JsonPropertyDescription(
            "Local processes that stand in for pods when the drill runs on one machine.")
        List<LocalProcess> processes) {

  public Target {
    selector = selector == null ? Map.of() : Map.copyOf(selector);
    processes = processes == null ? List.of() : List.copyOf(processes);
  }
}
