package dev.firedrill.engine.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.engine.model.PrometheusProbe;
import dev.firedrill.engine.workload.http.BoundedExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A Prometheus probe: an instant query through the HTTP API ({@code /api/v1/query}); healthy when
 * the answer is one sample (a scalar, or a vector of one) within [min, max]. An empty vector, or
 * several series, is unhealthy: the query does not say what the drill needs. So is an answer past
 * {@link #MAX_BODY_BYTES} or one that does not end within the timeout.
 */
public final class PrometheusProber implements Prober {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Bounds the whole answer, body included. */
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** The most of an answer read; one sample takes a few hundred bytes. */
  static final int MAX_BODY_BYTES = 1 << 20;

  private final String name;
  private final PrometheusProbe spec;
  private final HttpClient http;

  public PrometheusProber(String name, PrometheusProbe spec, HttpClient http) {
    this.name = name;
    this.spec = spec;
    this.http = http;
  }

  @Override
  public ProbeSample sample() {
    String base =
        spec.url().endsWith("/") ? spec.url().substring(0, spec.url().length() - 1) : spec.url();
    URI uri =
        URI.create(
            base
                + "/api/v1/query?query="
                + URLEncoder.encode(spec.query(), StandardCharsets.UTF_8));
    long start = System.nanoTime();
    try {
      BoundedExchange.Response response =
          BoundedExchange.send(
              http,
              HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(),
              TIMEOUT,
              MAX_BODY_BYTES,
              true);
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      String body = new String(response.body(), StandardCharsets.UTF_8);
      if (response.status() != 200) {
        return unhealthy(
            latency, response.status(), "HTTP " + response.status() + ": " + abbreviate(body));
      }
      if (response.truncated()) {
        return unhealthy(
            latency,
            200,
            "the answer is over "
                + MAX_BODY_BYTES
                + " bytes; a query for one sample answers in far fewer");
      }
      return judge(JSON.readTree(body).path("data"), latency);
    } catch (IOException e) {
      return unhealthy(
          Duration.ofNanos(System.nanoTime() - start),
          null,
          (e instanceof HttpTimeoutException
                  ? "HttpTimeoutException"
                  : e.getClass().getSimpleName())
              + ": "
              + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unhealthy(Duration.ofNanos(System.nanoTime() - start), null, "interrupted");
    }
  }

  private ProbeSample judge(JsonNode data, Duration latency) {
    JsonNode pair =
        switch (data.path("resultType").asText()) {
          case "scalar" -> data.path("result");
          case "vector" ->
              data.path("result").size() == 1 ? data.path("result").get(0).path("value") : null;
          default -> null;
        };
    if (pair == null || pair.size() != 2) {
      return unhealthy(
          latency,
          200,
          "the query returned "
              + data.path("result").size()
              + " series of type "
              + data.path("resultType").asText()
              + "; it must return one sample");
    }
    double value;
    try {
      value = PromValues.parse(pair.get(1).asText());
    } catch (NumberFormatException e) {
      return unhealthy(latency, 200, "not a number: " + pair.get(1).asText());
    }
    boolean aboveMin = spec.min() == null || value >= spec.min();
    boolean belowMax = spec.max() == null || value <= spec.max();
    String error =
        aboveMin && belowMax
            ? null
            : "value " + value + " outside [" + spec.min() + ", " + spec.max() + "]";
    return new ProbeSample(name, error == null, latency, 200, value, error);
  }

  private ProbeSample unhealthy(Duration latency, Integer status, String error) {
    return new ProbeSample(name, false, latency, status, null, error);
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
