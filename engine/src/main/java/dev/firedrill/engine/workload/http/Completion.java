package dev.firedrill.engine.workload.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.engine.model.Outcome;

/**
 * How one HTTP operation ended: {@code OK} (happened; {@code value} is what a read extracted, null
 * for an absent read), {@code FAIL} (definitely did not happen) or {@code INFO} (unknown). Never
 * {@code ABSENT}: an absent read is OK with no value. {@code status} is null when no response came.
 */
public record Completion(
    Outcome outcome, JsonNode value, Integer status, String error, String traceId) {

  public Completion {
    if (outcome == Outcome.ABSENT) {
      throw new IllegalArgumentException("an absent read completes as OK with no value");
    }
  }
}
