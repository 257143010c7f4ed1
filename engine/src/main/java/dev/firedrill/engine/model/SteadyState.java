package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;

/**
 * The steady-state hypothesis checked before the first fault (or, in a drill without faults, at the
 * end of the load): enough operations completed, most of them answered by the system (ok, or a
 * failure it stated, such as a 409 for an item out of stock), at least one write acknowledged and
 * one read ok, and the probes healthy. When it does not hold, nothing is injected and the verdict
 * is Error: a drill that tested nothing never passes.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SteadyState(
    @JsonPropertyDescription(
            "Smallest share, 0 to 1, of the operations completed before the first fault that the"
                + " system must have answered: ok, or a failure it stated with an HTTP status (a"
                + " 409, a 412). Timeouts, refused connections and unreadable answers count"
                + " against it. Default 0.5; 0 turns the share check off.")
        @Min(0)
        @Max(1)
        Double minAnswered,
    @JsonPropertyDescription(
            "Operations that must have completed before the first fault. Default 3.")
        @Min(0)
        @Max(1000000)
        Integer minOperations,
    @JsonPropertyDescription(
            "How long the first fault may wait past its time for that evidence. Default 10s.")
        @Pattern(DurationText.PATTERN)
        String within,
    @JsonPropertyDescription(
            "Probes (by name in spec.probes) that must be healthy before the first fault."
                + " Default: every probe.")
        List<String> probes) {

  /** Defaults when a drill says nothing. */
  public static final SteadyState DEFAULT = new SteadyState(null, null, null, null);

  public SteadyState {
    minAnswered = minAnswered == null ? 0.5 : minAnswered;
    minOperations = minOperations == null ? 3 : minOperations;
    probes = probes == null ? null : List.copyOf(probes);
  }
}
