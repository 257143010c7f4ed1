package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * An abort condition. When it trips, every fault is healed at once and the verdict is Aborted.
 * Exactly one condition is set: a probe failing for {@code failingFor}, or more than {@code
 * maxPodsDown} target pods (or processes) down at once.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Guardrail(
    @JsonPropertyDescription("Probe (by name in spec.probes) to watch.") @Pattern(Names.PATTERN)
        String probe,
    @JsonPropertyDescription("Abort when the probe has failed for this long. Default 10s.")
        @Pattern(DurationText.PATTERN)
        String failingFor,
    @JsonPropertyDescription("Abort when more than this many target pods are down at once.") @Min(0)
        Integer maxPodsDown) {}
