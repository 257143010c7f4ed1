package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

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
    @JsonPropertyDescription("Passed runs kept. Default 3.") @Min(0) @Max(1000)
        Integer successfulRunsHistoryLimit,
    @JsonPropertyDescription("Failed runs kept. Default 5.") @Min(0) @Max(1000)
        Integer failedRunsHistoryLimit) {

  public Schedule {
    timeZone = timeZone == null ? "UTC" : timeZone;
    concurrencyPolicy = concurrencyPolicy == null ? ConcurrencyPolicy.FORBID : concurrencyPolicy;
    suspend = suspend != null && suspend;
    successfulRunsHistoryLimit =
        successfulRunsHistoryLimit == null ? 3 : successfulRunsHistoryLimit;
    failedRunsHistoryLimit = failedRunsHistoryLimit == null ? 5 : failedRunsHistoryLimit;
  }
}
