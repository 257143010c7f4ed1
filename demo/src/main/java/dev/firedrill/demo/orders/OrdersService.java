package dev.firedrill.demo.orders;

import dev.firedrill.demo.Bug;
import dev.firedrill.demo.ShopOptions;
import dev.firedrill.demo.ShopServer;
import dev.firedrill.demo.ShopServer.Request;
import dev.firedrill.demo.ShopServer.Response;
import dev.firedrill.demo.notifications.NotificationsService.EntityEvent;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The orders service, the shop's front door. {@code POST /orders} places an order (stock, then
 * payment); {@code GET /orders} and {@code GET /orders/{id}} read them; {@code GET /catalog} is a
 * dependency-free endpoint, the one a cascade must not reach; {@code POST /events} forwards a
 * per-entity event to notifications, stamped with orders' wall clock; {@code POST /fulfilments}
 * hands an order to the warehouse ({@link Fulfilments}). The orders log is pushed to the history
 * projection.
 *
 * <p>Orders serves every endpoint from {@link #WORKERS} worker threads: few enough that payment
 * calls which are never cut short take them all. State is in memory: a restart loses orders and the
 * log (so a projection built before the restart no longer matches).
 */
public final class OrdersService {
  static final int WORKERS = 8;

  private OrdersService() {}

  /**
   * Builds the server (not started). Holds the {@code no-timeout}, {@code projection-drops} and
   * {@code phantom-writes} bugs.
   */
  public static ShopServer create(ShopOptions options) throws IOException {
    OrderBook book = new OrderBook();
    Optional<PaymentsClient> payments =
        options.paymentsUrl().map(url -> new PaymentsClient(url, !options.has(Bug.NO_TIMEOUT)));
    Checkout checkout = new Checkout(book, payments, options.inventoryUrl());
    Optional<EventForwarder> forwarder = options.notificationsUrl().map(EventForwarder::new);
    options
        .historyUrl()
        .ifPresent(url -> {
          HistoryPublisher publisher =
              new HistoryPublisher(book, url, options.has(Bug.PROJECTION_DROPS));
          ShopServer.namedThreads("orders-history-publisher").newThread(publisher).start();
        });
    Optional<Fulfilments> fulfilments =
        options.warehouseUrl().map(url -> new Fulfilments(url, options.has(Bug.PHANTOM_WRITES)));
    ShopServer server = new ShopServer(options, WORKERS);
    server.route(
        "POST", "/orders", request -> checkout.place(request.body(Checkout.OrderRequest.class)));
    server.route("GET", "/orders", request -> Response.ok(book.view()));
    server.route("GET", "/orders/{id}", request -> read(book, request));
    server.route("GET", "/catalog", request -> Response.ok(catalog()));
    server.route("POST", "/events", request -> forward(forwarder, request));
    server.route(
        "POST",
        "/fulfilments",
        request ->
            fulfilments.isPresent()
                ? fulfilments.get().place(request)
                : Response.error(503, "orders was started without --warehouse-url"));
    return server;
  }

  private static Response read(OrderBook book, Request request) {
    return book.find(request.id())
        .map(Response::ok)
        .orElseGet(() -> Response.error(404, "no order " + request.id()));
  }

  private static Map<String, Object> catalog() {
    List<Map<String, Object>> items =
        new TreeMap<>(Checkout.CATALOG)
            .entrySet().stream()
                .map(e -> Map.<String, Object>of("item", e.getKey(), "price", e.getValue()))
                .toList();
    return Map.of("items", items);
  }

  private static Response forward(Optional<EventForwarder> forwarder, Request request) {
    EntityEvent event = request.body(EntityEvent.class);
    if (event.entityId() == null || event.entityId().isBlank() || event.seq() <= 0) {
      return Response.error(400, "entityId and a positive seq are required");
    }
    if (forwarder.isEmpty()) {
      return Response.error(503, "orders was started without --notifications-url");
    }
    // Stamped with orders' own wall clock: what a consumer ordering by time would go by.
    forwarder
        .get()
        .forward(
            new EntityEvent(
                event.entityId(), event.seq(), event.payload(), System.currentTimeMillis()));
    return new Response(
        202, Map.of("accepted", true, "entityId", event.entityId(), "seq", event.seq()));
  }
}
