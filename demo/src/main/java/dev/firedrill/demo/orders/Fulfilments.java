package dev.firedrill.demo.orders;

import dev.firedrill.demo.ShopServer.Request;
import dev.firedrill.demo.ShopServer.Response;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code POST /fulfilments} with {@code {"orderId": ...}}: orders hands an order to the warehouse
 * (the downstream store, {@code POST /warehouse/orders}) and answers the client.
 *
 * <p>Correct behaviour (write-through): the answer waits for the warehouse. A failed or timed-out
 * write is retried with the order id as {@code Idempotency-Key} (the warehouse stores an order
 * once) until the warehouse acknowledges — then 200 — or {@link #DEADLINE} passes — then 503, an
 * outcome the client must treat as unknown. An acknowledged order is always in the warehouse.
 *
 * <p>With {@code writeBehind} (the {@code phantom-writes} bug): orders answers 202 at once and
 * writes to the warehouse afterwards, once, swallowing a failure into a log line. An order
 * acknowledged while the link to the warehouse is down is saved in orders' answer and gone in the
 * warehouse, with nothing but that log line to show for it.
 *
 * <p>Every accept, store and drop is logged with the request's trace id.
 */
final class Fulfilments implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Fulfilments.class.getName());
  static final Duration DEADLINE = Duration.ofSeconds(2);
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(500);

  /** The body of a fulfilment. */
  record Fulfilment(String orderId) {}

  private final URI url;
  private final boolean writeBehind;
  private final Downstream downstream = new Downstream(ATTEMPT_TIMEOUT);
  private final ExecutorService behind =
      Executors.newFixedThreadPool(4, dev.firedrill.demo.ShopServer.namedThreads("orders-writer"));

  Fulfilments(URI warehouseUrl, boolean writeBehind) {
    this.url = URI.create(warehouseUrl + "/warehouse/orders");
    this.writeBehind = writeBehind;
  }

  Response place(Request request) throws InterruptedException {
    Fulfilment f = request.body(Fulfilment.class);
    if (f.orderId() == null || f.orderId().isBlank()) {
      return Response.error(400, "orderId is required");
    }
    String trace = request.traceId();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Idempotency-Key", f.orderId());
    String parent = request.header("traceparent");
    if (parent != null) {
      headers.put("traceparent", parent);
    }
    LOG.log(Level.INFO, "orders accepted order " + f.orderId() + " trace_id=" + trace);
    if (writeBehind) {
      behind.execute(() -> writeOnce(f, headers, trace));
      return new Response(202, Map.of("orderId", f.orderId(), "accepted", true));
    }
    return writeThrough(f, headers, trace);
  }

  private Response writeThrough(Fulfilment f, Map<String, String> headers, String trace)
      throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    String last = "";
    for (int attempt = 1; System.nanoTime() < deadline; attempt++) {
      try {
        HttpResponse<byte[]> r = downstream.post(url, f, headers, ATTEMPT_TIMEOUT);
        if (r.statusCode() / 100 == 2) {
          return Response.ok(Map.of("orderId", f.orderId(), "stored", true));
        }
        last = "warehouse answered " + r.statusCode();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(Math.min(50L * attempt, 200));
    }
    LOG.log(
        Level.WARNING,
        "orders could not store order " + f.orderId() + ": " + last + " trace_id=" + trace);
    return Response.error(503, "the warehouse did not acknowledge order " + f.orderId());
  }

  private void writeOnce(Fulfilment f, Map<String, String> headers, String trace) {
    try {
      HttpResponse<byte[]> r = downstream.post(url, f, headers, ATTEMPT_TIMEOUT);
      if (r.statusCode() / 100 != 2) {
        LOG.log(
            Level.WARNING,
            "orders dropped order "
                + f.orderId()
                + ": warehouse answered "
                + r.statusCode()
                + " trace_id="
                + trace);
      }
    } catch (IOException e) {
      LOG.log(
          Level.WARNING, "orders dropped order " + f.orderId() + ": " + e + " trace_id=" + trace);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    behind.shutdownNow();
  }
}
