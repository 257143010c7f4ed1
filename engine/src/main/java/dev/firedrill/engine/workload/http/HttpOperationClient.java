package dev.firedrill.engine.workload.http;

import dev.firedrill.engine.model.Outcome;
import dev.firedrill.engine.model.RequestTemplate;
import dev.firedrill.engine.trace.TraceContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Sends workload operations over HTTP/1.1 and says what became of each, never throwing for an
 * uncertain outcome: a refused or timed-out connection means the request never reached the system
 * ({@code FAIL}); a timeout, reset or broken response after the request was sent means it may have
 * been applied ({@code INFO}). Every request carries a W3C {@code traceparent}.
 *
 * <p>Requests go over pooled keep-alive connections ({@link HttpConnections}, on Netty): no timer,
 * lock or thread per request. The {@code timeout} bounds the whole exchange, body included, and a
 * response body is read up to {@link #MAX_BODY_BYTES} only (and only when the operation extracts a
 * value): a hostile system under test can neither hold an operation past its timeout nor fill the
 * runner's memory.
 */
public final class HttpOperationClient implements AutoCloseable {

  /** The most of a response body an operation reads: 1 MiB. Past it, a read's value is unknown. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  /**
   * Event-loop threads: one carries a 64-connection workload at the rate this machine's nginx
   * answers (docs/benchmarks.md, Workload); {@code -Dfiredrill.http.threads} changes it.
   */
  private static final int THREADS = Integer.getInteger("firedrill.http.threads", 1);

  private final HttpConnections http;
  private final String baseUrl;
  private final Duration timeout;

  public HttpOperationClient(String baseUrl, Duration timeout) {
    this.baseUrl = baseUrl;
    this.timeout = timeout;
    this.http = new HttpConnections(timeout, Math.max(1, THREADS));
  }

  /** Sends one operation and classifies its outcome. Blocks the calling (virtual) thread. */
  public Completion send(RequestTemplate template, Bindings bindings) {
    return send(template, bindings, newTraceId());
  }

  /** A fresh W3C trace id: 32 lower-case hex digits, not all zero ({@link TraceContext}). */
  public static String newTraceId() {
    return TraceContext.newTraceId();
  }

  /** Sends one operation under the given trace id (so the invocation can be recorded first). */
  public Completion send(RequestTemplate template, Bindings bindings, String traceId) {
    HttpRequest request;
    try {
      request =
          RequestRenderer.render(
              baseUrl, template, bindings, TraceContext.traceparent(traceId), timeout);
    } catch (IllegalArgumentException e) {
      return new Completion(
          Outcome.FAIL, null, null, "cannot build the request: " + e.getMessage(), traceId);
    }
    try {
      BoundedExchange.Response response =
          http.send(request, timeout, MAX_BODY_BYTES, template.extract() != null);
      return ResponseClassifier.classify(
          template, response.status(), response.body(), response.truncated(), traceId);
    } catch (IllegalArgumentException e) {
      return new Completion(
          Outcome.FAIL, null, null, "cannot send the request: " + e.getMessage(), traceId);
    } catch (HttpConnectTimeoutException | ConnectException e) {
      return new Completion(Outcome.FAIL, null, null, "connect: " + describe(e), traceId);
    } catch (BoundedExchange.DeadlineException e) {
      return new Completion(Outcome.INFO, null, e.status(), e.getMessage(), traceId);
    } catch (HttpTimeoutException e) {
      return new Completion(
          Outcome.INFO, null, null, "timeout after " + timeout.toMillis() + "ms", traceId);
    } catch (IOException e) {
      return new Completion(Outcome.INFO, null, null, describe(e), traceId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Completion(Outcome.INFO, null, null, "interrupted", traceId);
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : ": " + message);
  }

  @Override
  public void close() {
    http.close();
  }
}
