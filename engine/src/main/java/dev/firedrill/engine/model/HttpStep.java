package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;
import java.util.Map;

/**
 * An HTTP call of a setup or teardown step. It succeeds when the answer's status is expected
 * (default: any 2xx) within the step's timeout; the answer's body is kept (capped) for the report.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HttpStep(
    @JsonPropertyDescription("HTTP method. Default GET, or POST when a body is given.")
        @Pattern("^(GET|POST|PUT|PATCH|DELETE|HEAD)$")
        String method,
    @JsonPropertyDescription("URL to call; placeholders such as {{runId}} are replaced.")
        @Required
        @Pattern("^https?://.+")
        String url,
    @JsonPropertyDescription("Request headers; placeholders are replaced in values.")
        Map<String, String> headers,
    @JsonPropertyDescription("Request body, sent as written after the placeholders are replaced.")
        String body,
    @JsonPropertyDescription("Statuses that count as success, e.g. [200, 404]. Default: any 2xx.")
        List<Integer> expectStatus) {

  public HttpStep {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    expectStatus = expectStatus == null ? List.of() : List.copyOf(expectStatus);
  }

  /** The method sent: the given one, else POST with a body, else GET. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public String methodOrDefault() {
    return method != null ? method : body != null ? "POST" : "GET";
  }

  /** Whether {@code status} counts as success. */
  public boolean expects(int status) {
    return expectStatus.isEmpty() ? status / 100 == 2 : expectStatus.contains(status);
  }
}
