package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.time.Duration;
import java.util.List;

/**
 * Moves the wall clock of local processes by {@link #offset} for the fault's duration, optionally
 * gaining (or, negative, losing) {@link #drift} more every second of real time; healed by setting
 * the offset back to zero. Only the wall clock moves (Java's {@code System.currentTimeMillis},
 * {@code Instant.now}, C's {@code time} and {@code CLOCK_REALTIME}); monotonic time ({@code
 * System.nanoTime}, {@code CLOCK_MONOTONIC}) is left alone, as on a machine whose NTP went wrong.
 * Locally through libfaketime (docs/time-travel.md); refused in a cluster.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ClockSkew(
    @JsonPropertyDescription("Local processes (by name in target.processes) whose clock moves.")
        @Required
        @Size(min = 1)
        List<String> processes,
    @JsonPropertyDescription(
            "How far the wall clock moves: a duration with a sign, e.g. -30s (behind), +2m"
                + " (ahead), 1h30m (ahead).")
        @Required
        @Pattern(ClockSkew.SIGNED_PATTERN)
        String offset,
    @JsonPropertyDescription(
            "How much more the clock gains every second of real time while the fault lasts, with"
                + " a sign: 100ms (runs 10% fast), -50ms (runs 5% slow). Default: none.")
        @Pattern(ClockSkew.SIGNED_PATTERN)
        String drift)
    implements FaultAction {

  /** A duration with an optional sign: {@code -30s}, {@code +2m}, {@code 500ms}. */
  public static final String SIGNED_PATTERN = "^[+-]?([0-9]{1,9}(ms|s|m|h))+$";

  public ClockSkew {
    processes = processes == null ? List.of() : List.copyOf(processes);
  }

  @Override
  public String kind() {
    return "clockSkew";
  }

  /** The offset as a signed duration (the text must match {@link #SIGNED_PATTERN}). */
  @JsonIgnore
  public Duration offsetDuration() {
    return signed(offset);
  }

  /** The drift per second of real time as a signed duration; zero when none. */
  @JsonIgnore
  public Duration driftPerSecond() {
    return drift == null ? Duration.ZERO : signed(drift);
  }

  /** Parses a duration with an optional sign. */
  public static Duration signed(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("not a signed duration: '" + text + "'");
    }
    char sign = text.charAt(0);
    Duration d = DurationText.parse(sign == '+' || sign == '-' ? text.substring(1) : text);
    return sign == '-' ? d.negated() : d;
  }

  /** True when {@code text} is a signed duration. */
  public static boolean isSigned(String text) {
    return text != null && text.matches(SIGNED_PATTERN);
  }
}
