package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/**
 * The load: operations of one {@link WorkloadType}, issued open-loop at {@code rate} per second by
 * up to {@code concurrency} clients for {@code duration}, each mapped to an HTTP request.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Workload(
    @JsonPropertyDescription(
            "Kind of workload: set, register, kv, queue, counter, bank or events. It decides"
                + " which operations must be mapped and which invariants can be checked.")
        @Required
        WorkloadType type,
    @JsonPropertyDescription("Base URL the request paths are relative to.")
        @Required
        @Pattern("^https?://.+")
        String baseUrl,
    @JsonPropertyDescription(
            "Operations per second, open loop: a slow system does not slow the load down.")
        @Min(0.1)
        @Max(100000)
        Double rate,
    @JsonPropertyDescription("Maximum operations in flight at once. Default 8.") @Min(1) @Max(10000)
        Integer concurrency,
    @JsonPropertyDescription("How long the workload runs; every fault must end within it.")
        @Required
        @Pattern(DurationText.PATTERN)
        String duration,
    @JsonPropertyDescription(
            "Reads sent before the load, at its rate and concurrency, and not recorded in the"
                + " history: they warm the runner's and the system's code and connections so that"
                + " the load is measured warm. Only reads without side effects are sent (none for"
                + " a queue workload). The fault timeline and the steady-state check start after"
                + " it. Default 0s (no warm-up).")
        @Pattern(DurationText.PATTERN)
        String warmup,
    @JsonPropertyDescription(
            "Per-request timeout; a request that times out after being sent is recorded as info"
                + " (outcome unknown). Default 2s.")
        @Pattern(DurationText.PATTERN)
        String timeout,
    @JsonPropertyDescription("Number of distinct keys, entities or accounts. Default 5.")
        @Min(1)
        @Max(1000000)
        Integer keys,
    @JsonPropertyDescription(
            "Starting balance of each account (bank) or stock of each item; the conservation"
                + " invariant checks totals against it.")
        @Min(0)
        Long initial,
    @JsonPropertyDescription(
            "The HTTP request of each operation, by operation name (e.g. add, read, write, cas,"
                + " transfer, append, readProjection).")
        @Required
        Map<String, RequestTemplate> operations) {

  public Workload {
    operations = operations == null ? Map.of() : Map.copyOf(operations);
  }

  /** A workload with no warm-up. */
  public Workload(
      WorkloadType type,
      String baseUrl,
      Double rate,
      Integer concurrency,
      String duration,
      String timeout,
      Integer keys,
      Long initial,
      Map<String, RequestTemplate> operations) {
    this(type, baseUrl, rate, concurrency, duration, null, timeout, keys, initial, operations);
  }
}
