package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.Map;

/**
 * Where the workload's client spans go after a run: an OTLP/HTTP (protobuf) traces endpoint. Each
 * recorded operation becomes one CLIENT span with the trace id and span id its request sent in
 * {@code traceparent}, so the tracing backend shows Firedrill's request as the parent of the
 * services' spans. Secrets belong in {@code OTEL_EXPORTER_OTLP_HEADERS}, not in a drill file.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record OtlpSpec(
    @JsonPropertyDescription(
            "OTLP/HTTP traces URL, e.g. http://otel-collector:4318/v1/traces (the path is"
                + " used as given). Default: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else"
                + " OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces.")
        @Pattern(OtlpSpec.ENDPOINT_PATTERN)
        String endpoint,
    @JsonPropertyDescription(
            "HTTP headers sent with each export, added to those of OTEL_EXPORTER_OTLP_HEADERS.")
        Map<String, String> headers) {

  /** An http(s) URL. */
  public static final String ENDPOINT_PATTERN = "^https?://\\S+$";

  public OtlpSpec {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }
}
