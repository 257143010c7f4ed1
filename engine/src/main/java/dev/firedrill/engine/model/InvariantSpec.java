package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * One invariant checked over the history. Most take no parameters; those that do name them here:
 * {@code within} (convergence, recovery), {@code probes}, {@code maxErrorRate} and {@code
 * maxLatency} (noCascade, recovery), {@code model} and {@code initial} (linearizable), {@code
 * total} (conservation).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record InvariantSpec(
    @JsonPropertyDescription(
            "The invariant: noLostWrites, noDuplicates, ordering, linearizable, counter, queue,"
                + " conservation, convergence, noCascade or recovery.")
        @Required
        InvariantType type,
    @JsonPropertyDescription(
            "convergence, recovery: the time allowed after the last write or heal.")
        @Pattern(DurationText.PATTERN)
        String within,
    @JsonPropertyDescription(
            "noCascade, recovery: probes (by name in spec.probes) on services that were not"
                + " faulted.")
        List<String> probes,
    @JsonPropertyDescription(
            "noCascade: highest share of bad probe samples while faults are on; recovery: after"
                + " the probe recovered. 0 to 1. Default 0.")
        @Min(0)
        @Max(1)
        Double maxErrorRate,
    @JsonPropertyDescription(
            "noCascade, recovery: slowest acceptable probe latency; a slower sample counts as"
                + " bad. Default: the probe's own maxLatency only.")
        @Pattern(DurationText.PATTERN)
        String maxLatency,
    @JsonPropertyDescription(
            "linearizable: register (read/write) or cas-register. Default: cas-register when a cas operation is mapped.")
        @Pattern("^(register|cas-register)$")
        String model,
    @JsonPropertyDescription("linearizable: the register's initial value. Default: none (nil).")
        String initial,
    @JsonPropertyDescription(
            "conservation: the expected total. Default: keys x initial of the workload.")
        @Min(0)
        Long total) {

  public InvariantSpec {
    probes = probes == null ? List.of() : List.copyOf(probes);
  }
}
