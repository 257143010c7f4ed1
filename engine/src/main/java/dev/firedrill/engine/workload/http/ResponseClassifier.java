package dev.firedrill.engine.workload.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.engine.model.Outcome;
import dev.firedrill.engine.model.RequestTemplate;
import java.io.IOException;

/**
 * Turns a response into a {@link Completion}. The template's {@code status} map decides first (an
 * exact code, then its class such as {@code 5xx}); otherwise 2xx is ok, 4xx fail, and any other
 * status info. An ok response whose body lacks the {@code extract} pointer is info: the operation
 * may have happened, but what it read is unknown; so is one whose body was cut at the size limit.
 */
public final class ResponseClassifier {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ResponseClassifier() {}

  /**
   * {@code body} is the response body as read (UTF-8 JSON when a value is extracted); {@code
   * truncated} says the server sent more than was read.
   */
  public static Completion classify(
      RequestTemplate t, int status, byte[] body, boolean truncated, String traceId) {
    Outcome outcome = outcome(t, status);
    return switch (outcome) {
      case ABSENT -> new Completion(Outcome.OK, null, status, null, traceId);
      case FAIL, INFO -> new Completion(outcome, null, status, "HTTP " + status, traceId);
      case OK ->
          t.extract() == null
              ? new Completion(Outcome.OK, null, status, null, traceId)
              : truncated
                  ? new Completion(
                      Outcome.INFO,
                      null,
                      status,
                      "response body over "
                          + body.length
                          + " bytes: not read past that, so what it read is unknown",
                      traceId)
                  : extract(t, status, body, traceId);
    };
  }

  static Outcome outcome(RequestTemplate t, int status) {
    Outcome exact = t.status().get(Integer.toString(status));
    if (exact != null) {
      return exact;
    }
    Outcome byClass = t.status().get((status / 100) + "xx");
    if (byClass != null) {
      return byClass;
    }
    return switch (status / 100) {
      case 2 -> Outcome.OK;
      case 4 -> Outcome.FAIL;
      default -> Outcome.INFO;
    };
  }

  private static Completion extract(RequestTemplate t, int status, byte[] body, String traceId) {
    try {
      JsonNode root = body.length == 0 ? null : JSON.readTree(body);
      JsonNode value = root == null ? null : root.at(JsonPointer.compile(t.extract()));
      if (value == null || value.isMissingNode()) {
        return new Completion(
            Outcome.INFO, null, status, "response has no " + t.extract(), traceId);
      }
      return new Completion(Outcome.OK, value.isNull() ? null : value, status, null, traceId);
    } catch (IOException | IllegalArgumentException e) {
      return new Completion(
          Outcome.INFO, null, status, "response is not JSON: " + e.getMessage(), traceId);
    }
  }
}
