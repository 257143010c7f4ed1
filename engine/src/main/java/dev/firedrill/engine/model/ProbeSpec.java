package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * A steady-state measurement sampled every {@code interval} before, during and after faults.
 * Exactly one of {@code http} and {@code prometheus} is set.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProbeSpec(
    @JsonPropertyDescription("Probe name, referenced by guardrails and invariants.")
        @Required
        @Pattern(Names.PATTERN)
        String name,
    @JsonPropertyDescription("Sampling period. Default 1s.") @Pattern(DurationText.PATTERN)
        String interval,
    @JsonPropertyDescription("An HTTP request whose status and latency are measured.")
        HttpProbe http,
    @JsonPropertyDescription("A Prometheus query whose value is measured.")
        PrometheusProbe prometheus) {}
