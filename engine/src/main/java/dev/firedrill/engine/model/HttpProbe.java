package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** A sample passes when the status is expected and the answer came within {@code maxLatency}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HttpProbe(
    @JsonPropertyDescription("URL to request.") @Required @Pattern("^https?://.+") String url,
    @JsonPropertyDescription("HTTP method. Default GET.") @Pattern("^(GET|POST|HEAD)$")
        String method,
    @JsonPropertyDescription("Statuses that count as healthy. Default: any 2xx.")
        List<Integer> expectStatus,
    @JsonPropertyDescription("Slowest healthy answer, e.g. 500ms. Default: the timeout.")
        @Pattern(DurationText.PATTERN)
        String maxLatency,
    @JsonPropertyDescription("Give up after this long (a failed sample). Default 2s.")
        @Pattern(DurationText.PATTERN)
        String timeout) {

  public HttpProbe {
    expectStatus = expectStatus == null ? List.of() : List.copyOf(expectStatus);
  }
}
