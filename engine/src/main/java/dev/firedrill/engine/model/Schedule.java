package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.time.Duration;

/** When the operator runs the drill by itself: a Quartz cron expression in a time zone. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Schedule(
    @JsonPropertyDescription(
            "Quartz cron expression: seconds minutes hours day-of-month month day-of-week"
                + " [year], e.g. \"0 0 2 ? * MON\" for every Monday at 02:00.")
        @Required
        String cron,
    @JsonPropertyDescription(
            "IANA time zone of the cron expression, e.g. Europe/Berlin. Default UTC.")
        String timeZone,
    @JsonPropertyDescription("Forbid (default), Allow or Replace a run while one is going.")
        ConcurrencyPolicy concurrencyPolicy,
    @JsonPropertyDescription("True pauses the schedule; runs already started go on.")
        Boolean suspend,
    @JsonPropertyDescription(
            "Finished runs kept with verdict Pass (or a finished dry run), whatever started them."
                + " Default 3.")
        @Min(0)
        @Max(1000)
        Integer successfulRunsHistoryLimit,
    @JsonPropertyDescription(
            "Finished runs kept with verdict Fail, Inconclusive, Aborted or Error (any trigger)."
                + " Default 5.")
        @Min(0)
        @Max(1000)
        Integer failedRunsHistoryLimit,
    @JsonPropertyDescription(
            "Longest a run may start after its fire time, like a CronJob's"
                + " startingDeadlineSeconds: after an operator outage the latest missed fire time"
                + " runs once if it is within the deadline; older ones are skipped and counted in"
                + " status.missedRuns. At least 1s. Default 5m.")
        @Pattern(DurationText.PATTERN)
        String startingDeadline) {

  /** The starting deadline when none is given. */
  public static final String DEFAULT_STARTING_DEADLINE = "5m";

  public Schedule {
    timeZone = timeZone == null ? "UTC" : timeZone;
    concurrencyPolicy = concurrencyPolicy == null ? ConcurrencyPolicy.FORBID : concurrencyPolicy;
    suspend = suspend != null && suspend;
    successfulRunsHistoryLimit =
        successfulRunsHistoryLimit == null ? 3 : successfulRunsHistoryLimit;
    failedRunsHistoryLimit = failedRunsHistoryLimit == null ? 5 : failedRunsHistoryLimit;
    startingDeadline = startingDeadline == null ? DEFAULT_STARTING_DEADLINE : startingDeadline;
  }

  /** A schedule of {@code cron} in {@code timeZone} with every other field defaulted. */
  public static Schedule of(String cron, String timeZone) {
    return new Schedule(cron, timeZone, null, null, null, null, null);
  }

  /**
   * The starting deadline as a duration.
   *
   * @throws IllegalArgumentException when it is not a duration string (the validator says so first)
   */
  public Duration startingDeadlineDuration() {
    return DurationText.parse(startingDeadline);
  }
}
