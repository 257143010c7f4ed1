package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * An instant query against Prometheus's HTTP API; a sample passes when the (single) result lies
 * within [{@code min}, {@code max}].
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PrometheusProbe(
    @JsonPropertyDescription("Prometheus base URL, e.g. http://prometheus.monitoring:9090.")
        @Required
        @Pattern("^https?://.+")
        String url,
    @JsonPropertyDescription("PromQL instant query returning one sample.") @Required String query,
    @JsonPropertyDescription("Lowest healthy value.") Double min,
    @JsonPropertyDescription("Highest healthy value.") Double max) {}
