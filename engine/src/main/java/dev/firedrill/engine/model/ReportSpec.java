package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * How report.html links a run to the rest of the 3 AM playbook: every trace id becomes a link into
 * the tracing backend ({@link #traceUrl}), and each anomaly shows the services' log lines that
 * mention its trace ids, with {@link #logContext} lines around each; {@link #otlp} sends the
 * workload's client spans to the tracing backend.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ReportSpec(
    @JsonPropertyDescription(
            "Link of a trace in your tracing backend, with {{traceId}} where the id goes, e.g."
                + " http://jaeger:16686/trace/{{traceId}} (Jaeger),"
                + " http://grafana:3000/explore?...{{traceId}} (Tempo),"
                + " http://zipkin:9411/zipkin/traces/{{traceId}} (Zipkin).")
        @Pattern(ReportSpec.TRACE_URL_PATTERN)
        String traceUrl,
    @JsonPropertyDescription(
            "Log lines shown before and after each line that mentions an anomaly's trace id."
                + " Default 0.")
        @Min(0)
        @Max(20)
        Integer logContext,
    @JsonPropertyDescription(
            "Export one OTLP client span per operation after the run (endpoint, headers), so the"
                + " tracing backend shows Firedrill's request as the parent of the services'"
                + " spans. Also on when OTEL_EXPORTER_OTLP_ENDPOINT is set. A failed export is a"
                + " warning; it never changes the verdict.")
        OtlpSpec otlp) {

  /** An http(s) URL with the {@code {{traceId}}} placeholder. */
  public static final String TRACE_URL_PATTERN = "^https?://\\S*\\{\\{traceId\\}\\}\\S*$";

  /** The placeholder replaced by a trace id. */
  public static final String TRACE_ID = "{{traceId}}";

  /** No links, no context lines. */
  public static final ReportSpec DEFAULT = new ReportSpec(null, null, null);

  /** The context lines, 0 when not given. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public int contextOrZero() {
    return logContext == null ? 0 : logContext;
  }
}
