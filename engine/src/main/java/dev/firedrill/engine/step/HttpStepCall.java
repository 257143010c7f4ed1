package dev.firedrill.engine.step;

import dev.firedrill.engine.model.HttpStep;
import dev.firedrill.engine.workload.http.BoundedExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends the HTTP call of a step: the whole exchange, body included, within the step's timeout, the
 * answer's body read up to {@value #MAX_BODY_BYTES} bytes (the system under test may answer with
 * anything, for as long as it likes).
 */
final class HttpStepCall {

  static final int MAX_BODY_BYTES = 64 * 1024;

  private HttpStepCall() {}

  /** The result of the call: its status, or why there was none, and the body's text. */
  record Answer(Integer status, String body, String error) {}

  static Answer send(HttpStep step, StepValues values, Duration timeout)
      throws InterruptedException {
    HttpRequest request;
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(values.expand(step.url())))
              .timeout(timeout)
              .method(
                  step.methodOrDefault(),
                  step.body() == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(values.expand(step.body())));
      step.headers().forEach((k, v) -> b.header(k, values.expand(v)));
      request = b.build();
    } catch (IllegalArgumentException e) {
      return new Answer(null, "", "not a valid request: " + e.getMessage());
    }
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    try (http) {
      BoundedExchange.Response r =
          BoundedExchange.send(http, request, timeout, MAX_BODY_BYTES, true);
      String body = new String(r.body(), StandardCharsets.UTF_8);
      return step.expects(r.status())
          ? new Answer(r.status(), body, null)
          : new Answer(
              r.status(),
              body,
              "unexpected status "
                  + r.status()
                  + " (expected "
                  + (step.expectStatus().isEmpty() ? "2xx" : step.expectStatus())
                  + ")");
    } catch (HttpTimeoutException e) {
      return new Answer(null, "", "timeout after " + timeout.toMillis() + "ms");
    } catch (IOException e) {
      return new Answer(
          null,
          "",
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
  }
}
