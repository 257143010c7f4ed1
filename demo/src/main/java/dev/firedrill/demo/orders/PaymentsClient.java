package dev.firedrill.demo.orders;

import dev.firedrill.demo.ShopJson;
import dev.firedrill.demo.payments.PaymentsService;
import dev.firedrill.demo.payments.PaymentsService.ChargeRequest;
import dev.firedrill.demo.payments.PaymentsService.ChargeResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Charges orders at payments, retrying timeouts, resets and 5xx answers with the same {@code
 * Idempotency-Key} ({@code order-<orderId>}): a retry is only safe because payments deduplicates on
 * that key.
 *
 * <p>Guarded (correct behaviour): each attempt times out after {@link #ATTEMPT_TIMEOUT}; a circuit
 * breaker fails calls fast while payments keeps failing; a bulkhead lets at most {@link
 * #MAX_CONCURRENT_CALLS} calls wait on payments at once, fewer than orders' workers, so the other
 * endpoints keep free workers. Unguarded (the {@code no-timeout} bug): none of the three.
 */
final class PaymentsClient {
  static final int ATTEMPTS = 3;
  static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(500);
  static final int MAX_CONCURRENT_CALLS = 4;
  private static final long RETRY_PAUSE_MILLIS = 50;

  /** What a charge came to. Only {@link Unknown} may have been applied without orders knowing. */
  sealed interface Result {}

  /** Payments applied (or replayed) the charge. */
  record Paid(ChargeResponse charge) implements Result {}

  /** Payments refused the charge (4xx): definitely not applied. */
  record Declined(int status, String reason) implements Result {}

  /** No attempt was made (breaker open, bulkhead full): definitely not applied. */
  record Unavailable(String reason) implements Result {}

  /** Every attempt timed out or failed: the charge may or may not have been applied. */
  record Unknown(String reason) implements Result {}

  private final URI url;
  private final boolean guarded;
  private final Downstream downstream;
  private final CircuitBreaker breaker = new CircuitBreaker(5, 2_000, System::currentTimeMillis);
  private final Semaphore bulkhead = new Semaphore(MAX_CONCURRENT_CALLS);

  PaymentsClient(URI paymentsUrl, boolean guarded) {
    this.url = URI.create(paymentsUrl + "/payments");
    this.guarded = guarded;
    this.downstream = new Downstream(guarded ? ATTEMPT_TIMEOUT : null);
  }

  Result charge(String orderId, long amount) throws InterruptedException {
    if (!guarded) {
      return attempts(orderId, amount);
    }
    if (!breaker.allows()) {
      return new Unavailable("payments circuit breaker is open");
    }
    if (!bulkhead.tryAcquire()) {
      return new Unavailable("too many payment calls in flight");
    }
    try {
      Result result = attempts(orderId, amount);
      if (result instanceof Unknown) {
        breaker.failure();
      } else {
        breaker.success();
      }
      return result;
    } finally {
      bulkhead.release();
    }
  }

  private Result attempts(String orderId, long amount) throws InterruptedException {
    Map<String, String> headers = Map.of(PaymentsService.IDEMPOTENCY_KEY, "order-" + orderId);
    ChargeRequest body = new ChargeRequest(orderId, amount);
    String lastFailure = "no attempt";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        HttpResponse<byte[]> response =
            downstream.post(url, body, headers, guarded ? ATTEMPT_TIMEOUT : null);
        int status = response.statusCode();
        if (status / 100 == 2) {
          return new Paid(ShopJson.read(response.body(), ChargeResponse.class));
        }
        if (status / 100 == 4) {
          return new Declined(
              status, new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        lastFailure = "payments answered " + status;
      } catch (IOException e) {
        lastFailure = e.toString();
      }
      Thread.sleep(RETRY_PAUSE_MILLIS);
    }
    return new Unknown(lastFailure + " after " + ATTEMPTS + " attempts");
  }
}
