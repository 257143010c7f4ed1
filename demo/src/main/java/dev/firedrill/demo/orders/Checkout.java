package dev.firedrill.demo.orders;

import dev.firedrill.demo.ShopServer.Response;
import dev.firedrill.demo.inventory.InventoryService.Units;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Places an order: reserve stock (when an inventory is configured), charge payments, record the
 * order. An order is recorded only once paid; orders with the same id are placed once.
 *
 * <p>Known limits, acceptable for a demo: reservations are not idempotent, so a client retry of an
 * order that ended 504, or two concurrent first requests for one order id, reserve stock twice
 * (never oversell: the extra units stay reserved).
 *
 * <p>Status codes are the workload's outcome: 201/200 the order exists (ok); 400, 402, 409 and 503
 * it definitely does not (fail); 504 the charge may have been applied (info).
 */
final class Checkout {
  /** Prices in cents. {@code GET /catalog} lists them. */
  static final Map<String, Long> CATALOG = Map.of("widget", 500L, "gadget", 1200L, "gizmo", 9900L);

  private static final Duration INVENTORY_TIMEOUT = Duration.ofSeconds(1);

  /** The body of {@code POST /orders}; a missing orderId gets a fresh {@code o-N}. */
  record OrderRequest(String orderId, String item, int quantity) {}

  private final OrderBook book;
  private final Optional<PaymentsClient> payments;
  private final Optional<URI> inventoryUrl;
  private final Downstream inventory = new Downstream(INVENTORY_TIMEOUT);
  private final AtomicLong ids = new AtomicLong();

  Checkout(OrderBook book, Optional<PaymentsClient> payments, Optional<URI> inventoryUrl) {
    this.book = book;
    this.payments = payments;
    this.inventoryUrl = inventoryUrl;
  }

  Response place(OrderRequest request) throws InterruptedException {
    Long price = request.item() == null ? null : CATALOG.get(request.item());
    if (price == null || request.quantity() <= 0) {
      return Response.error(400, "a catalog item and a positive quantity are required");
    }
    String orderId =
        request.orderId() == null || request.orderId().isBlank()
            ? "o-" + ids.incrementAndGet()
            : request.orderId();
    Optional<OrderView> existing = book.find(orderId);
    if (existing.isPresent()) {
      return Response.ok(body(orderId, existing.get()));
    }
    if (payments.isEmpty()) {
      return Response.error(503, "orders was started without --payments-url");
    }
    Units units = new Units(request.item(), request.quantity());
    Optional<Response> refused = reserve(units);
    if (refused.isPresent()) {
      return refused.get();
    }
    return charge(orderId, units, price * request.quantity());
  }

  /** Charges a reserved order and records it when paid; gives the stock back when not charged. */
  private Response charge(String orderId, Units units, long amount) throws InterruptedException {
    return switch (payments.orElseThrow().charge(orderId, amount)) {
      case PaymentsClient.Paid paid -> {
        OrderView order =
            new OrderView(
                units.item(), units.quantity(), amount, "PAID", paid.charge().paymentId());
        yield new Response(201, body(orderId, book.record(orderId, order)));
      }
      case PaymentsClient.Declined declined -> {
        release(units);
        yield Response.error(402, "payment declined: " + declined.reason());
      }
      case PaymentsClient.Unavailable unavailable -> {
        release(units);
        yield Response.error(503, unavailable.reason());
      }
      // The stock stays reserved: the charge may have gone through.
      case PaymentsClient.Unknown unknown ->
          Response.error(504, "payment outcome unknown: " + unknown.reason());
    };
  }

  /** Reserves stock; empty when reserved (or no inventory configured), else the refusal. */
  private Optional<Response> reserve(Units units) throws InterruptedException {
    if (inventoryUrl.isEmpty()) {
      return Optional.empty();
    }
    try {
      HttpResponse<byte[]> response =
          inventory.post(
              URI.create(inventoryUrl.get() + "/reserve"), units, Map.of(), INVENTORY_TIMEOUT);
      return switch (response.statusCode()) {
        case 200 -> Optional.empty();
        case 409 -> Optional.of(Response.error(409, "out of stock: " + units.item()));
        default -> Optional.of(Response.error(503, "inventory answered " + response.statusCode()));
      };
    } catch (IOException e) {
      return Optional.of(Response.error(503, "inventory unreachable: " + e));
    }
  }

  /** Best effort: a release that fails leaves units reserved, never oversold. */
  private void release(Units units) throws InterruptedException {
    if (inventoryUrl.isEmpty()) {
      return;
    }
    try {
      inventory.post(
          URI.create(inventoryUrl.get() + "/release"), units, Map.of(), INVENTORY_TIMEOUT);
    } catch (IOException e) {
      System.getLogger(Checkout.class.getName())
          .log(System.Logger.Level.WARNING, "release of " + units + " failed: " + e);
    }
  }

  private static Map<String, Object> body(String orderId, OrderView order) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("orderId", orderId);
    body.put("item", order.item());
    body.put("quantity", order.quantity());
    body.put("amount", order.amount());
    body.put("status", order.status());
    body.put("paymentId", order.paymentId());
    return body;
  }
}
