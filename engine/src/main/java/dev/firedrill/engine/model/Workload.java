package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/**
 * The load: operations of one {@link WorkloadType}, issued open-loop at {@code rate} per second by
 * up to {@code concurrency} clients for {@code duration}, each mapped to an HTTP request, sent to
 * {@code baseUrl} or to one of several {@code endpoints} by {@code endpointPolicy}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Workload(
    @JsonPropertyDescription(
            "Kind of workload: set, register, kv, queue, counter, bank or events. It decides"
                + " which operations must be mapped and which invariants can be checked.")
        @Required
        WorkloadType type,
    @JsonPropertyDescription(
            "Base URL the request paths are relative to. Give this or endpoints (several"
                + " members).")
        @Pattern("^https?://.+")
        String baseUrl,
    @JsonPropertyDescription(
            "Base URLs of several members serving the same operations (every member of a"
                + " cluster), instead of baseUrl: each operation goes to one of them, chosen by"
                + " endpointPolicy, and the history records which.")
        @Size(min = 1, max = 64)
        List<String> endpoints,
    @JsonPropertyDescription(
            "How an operation picks one of several endpoints: roundRobin (each operation the next"
                + " in turn), random (drawn by the client's seeded random source) or perClient"
                + " (client c of the concurrency always uses endpoints[c mod n], as Jepsen binds a"
                + " worker to a node, and keeps it when its operation times out and it goes on as"
                + " a new process). Default roundRobin.")
        EndpointPolicy endpointPolicy,
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
            "Register and kv workloads: the relative weights of read, write and cas. Default: an"
                + " equal share of each mapped operation.")
        OperationMix mix,
    @JsonPropertyDescription(
            "Register and kv workloads: values written (and expected by cas) are drawn from 0 to"
                + " values - 1. Default 5 (0 to 4).")
        @Min(1)
        @Max(1000000)
        Integer values,
    @JsonPropertyDescription(
            "The HTTP request of each operation, by operation name (e.g. add, read, write, cas,"
                + " transfer, append, readProjection).")
        @Required
        Map<String, RequestTemplate> operations) {

  /** Values drawn from 0 to this minus one when the drill sets no {@code values}. */
  public static final int DEFAULT_VALUES = 5;

  /** Clients in flight at once when the drill sets no {@code concurrency}. */
  public static final int DEFAULT_CONCURRENCY = 8;

  public Workload {
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    operations = operations == null ? Map.of() : Map.copyOf(operations);
  }

  /** A workload on one base URL with the default policy, mix and values (tests, tools). */
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
    this(
        type,
        baseUrl,
        null,
        null,
        rate,
        concurrency,
        duration,
        null,
        timeout,
        keys,
        initial,
        null,
        null,
        operations);
  }

  /** A workload with no warm-up. */
  public Workload(
      WorkloadType type,
      String baseUrl,
      List<String> endpoints,
      EndpointPolicy endpointPolicy,
      Double rate,
      Integer concurrency,
      String duration,
      String timeout,
      Integer keys,
      Long initial,
      OperationMix mix,
      Integer values,
      Map<String, RequestTemplate> operations) {
    this(
        type,
        baseUrl,
        endpoints,
        endpointPolicy,
        rate,
        concurrency,
        duration,
        null,
        timeout,
        keys,
        initial,
        mix,
        values,
        operations);
  }

  /** The base URLs operations go to: {@link #endpoints}, else {@link #baseUrl} alone. */
  @JsonIgnore
  public List<String> baseUrls() {
    if (!endpoints.isEmpty()) {
      return endpoints;
    }
    return baseUrl == null ? List.of() : List.of(baseUrl);
  }

  /** The one URL that names the system in messages: baseUrl, else the first endpoint. */
  @JsonIgnore
  public String primaryUrl() {
    return baseUrl != null ? baseUrl : endpoints.isEmpty() ? null : endpoints.getFirst();
  }

  /** {@link #endpointPolicy}, else round robin. */
  @JsonIgnore
  public EndpointPolicy policy() {
    return endpointPolicy == null ? EndpointPolicy.ROUND_ROBIN : endpointPolicy;
  }

  /** The mix, every weight defaulted when the drill sets none. */
  @JsonIgnore
  public OperationMix mixOrDefault() {
    return mix == null ? new OperationMix(null, null, null) : mix;
  }

  /** {@link #values}, else {@link #DEFAULT_VALUES}. */
  @JsonIgnore
  public int valuesOrDefault() {
    return values == null ? DEFAULT_VALUES : values;
  }

  /** {@link #concurrency}, else {@link #DEFAULT_CONCURRENCY}. */
  @JsonIgnore
  public int concurrencyOrDefault() {
    return concurrency == null ? DEFAULT_CONCURRENCY : concurrency;
  }
}
