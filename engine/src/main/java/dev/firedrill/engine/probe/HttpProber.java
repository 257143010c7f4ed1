package dev.firedrill.engine.probe;

import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.HttpProbe;
import dev.firedrill.engine.workload.http.BoundedExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * An HTTP probe: healthy when the status is expected (any 2xx by default) and the answer came
 * within {@code maxLatency} (by default, the timeout). The timeout bounds the whole answer, body
 * included; the body is not kept, and no more than {@link #MAX_BODY_BYTES} of it is read.
 */
public final class HttpProber implements Prober {

  /** The most of a body a probe reads before it closes the connection; the status decides. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private final String name;
  private final HttpProbe spec;
  private final HttpClient http;
  private final Duration timeout;
  private final Duration maxLatency;

  public HttpProber(String name, HttpProbe spec, HttpClient http) {
    this.name = name;
    this.spec = spec;
    this.http = http;
    this.timeout = DurationText.parseOr(spec.timeout(), DEFAULT_TIMEOUT);
    this.maxLatency = DurationText.parseOr(spec.maxLatency(), timeout);
  }

  @Override
  public ProbeSample sample() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(spec.url()))
            .timeout(timeout)
            .method(
                spec.method() == null ? "GET" : spec.method(), HttpRequest.BodyPublishers.noBody())
            .build();
    long start = System.nanoTime();
    try {
      int status = BoundedExchange.send(http, request, timeout, MAX_BODY_BYTES, false).status();
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      boolean expected =
          spec.expectStatus().isEmpty() ? status / 100 == 2 : spec.expectStatus().contains(status);
      boolean fast = latency.compareTo(maxLatency) <= 0;
      String error =
          !expected
              ? "unexpected status " + status
              : !fast
                  ? "slow: " + latency.toMillis() + "ms > " + maxLatency.toMillis() + "ms"
                  : null;
      return new ProbeSample(name, expected && fast, latency, status, null, error);
    } catch (IOException e) {
      return new ProbeSample(
          name,
          false,
          Duration.ofNanos(System.nanoTime() - start),
          null,
          null,
          (e instanceof HttpTimeoutException
                  ? "HttpTimeoutException"
                  : e.getClass().getSimpleName())
              + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ProbeSample(
          name, false, Duration.ofNanos(System.nanoTime() - start), null, null, "interrupted");
    }
  }
}
