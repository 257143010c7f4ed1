package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one operation becomes an HTTP request, and how its response becomes an outcome. The request
 * goes to {@code baseUrl + path}, where {@code baseUrl} defaults to the workload's (or is one of
 * the operation's or the workload's {@code endpoints}, chosen per operation). Strings may hold
 * placeholders {@code {{name}}} from {@link #PLACEHOLDERS}; each response status is classified by
 * {@code status} (exact code such as {@code "412"}, or a class such as {@code "5xx"}), defaulting
 * to ok for 2xx, fail for 4xx and info for 5xx.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RequestTemplate(
    @JsonPropertyDescription("HTTP method. Default GET, or POST when a body is given.")
        @Pattern("^(GET|POST|PUT|PATCH|DELETE|HEAD)$")
        String method,
    @JsonPropertyDescription(
            "Base URL of this operation when another service than the workload's serves it, e.g."
                + " reads of a downstream ledger or projection. Default: the workload's baseUrl.")
        @Pattern("^https?://.+")
        String baseUrl,
    @JsonPropertyDescription(
            "Base URLs of several members serving this operation, instead of baseUrl: each"
                + " request goes to one of them, chosen by the workload's endpointPolicy. Default:"
                + " the workload's baseUrl or endpoints.")
        @Size(min = 1, max = 64)
        List<String> endpoints,
    @JsonPropertyDescription(
            "Path (and query) relative to the operation's or the workload's baseUrl.")
        @Pattern("^/.*")
        String path,
    @JsonPropertyDescription("Query parameters, added URL-encoded.") Map<String, String> query,
    @JsonPropertyDescription("Request headers.") Map<String, String> headers,
    @JsonPropertyDescription("A JSON body; placeholders are substituted as JSON-escaped text.")
        String json,
    @JsonPropertyDescription("A form-encoded body (application/x-www-form-urlencoded).")
        Map<String, String> form,
    @JsonPropertyDescription(
            "JSON pointer into the response body that holds the value read, e.g. /node/value.")
        @Pattern("^(/.*)?$")
        String extract,
    @JsonPropertyDescription(
            "Outcome by response status: exact codes (\"404\") or classes (\"5xx\") to ok, fail"
                + " (definitely not applied), info (unknown) or absent (a read of nothing).")
        Map<String, Outcome> status) {

  /** Every placeholder a request template may use. */
  public static final Set<String> PLACEHOLDERS =
      Set.of(
          "key", "value", "idempotencyKey", "seq", "from", "to", "amount", "expected", "process");

  public RequestTemplate {
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    query = query == null ? Map.of() : Map.copyOf(query);
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    form = form == null ? Map.of() : Map.copyOf(form);
    status = status == null ? Map.of() : Map.copyOf(status);
  }

  /** A template with no endpoints of its own beyond {@code baseUrl} (tests, tools). */
  public RequestTemplate(
      String method,
      String baseUrl,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      String json,
      Map<String, String> form,
      String extract,
      Map<String, Outcome> status) {
    this(method, baseUrl, List.of(), path, query, headers, json, form, extract, status);
  }

  /** This template sent to {@code url}: the base URL an endpoint policy chose for one request. */
  public RequestTemplate toEndpoint(String url) {
    return new RequestTemplate(
        method, url, List.of(), path, query, headers, json, form, extract, status);
  }
}
