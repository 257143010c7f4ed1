package dev.firedrill.demo.history;

import dev.firedrill.demo.ShopOptions;
import dev.firedrill.demo.ShopServer;
import dev.firedrill.demo.ShopServer.Request;
import dev.firedrill.demo.ShopServer.Response;
import dev.firedrill.demo.orders.OrderEvent;
import java.io.IOException;

/**
 * The order-history service: {@code POST /history/events} receives the orders log (pushed by
 * orders); {@code GET /history/orders} answers with the same shape as orders' {@code GET /orders},
 * so the two compare directly. State is in memory: after a restart the projection is empty and the
 * publisher replays the log from offset 1.
 */
public final class HistoryService {
  private HistoryService() {}

  /**
   * Builds the server (not started). Holds no bug: {@code projection-drops} is in the publisher.
   */
  public static ShopServer create(ShopOptions options) throws IOException {
    OrderProjection projection = new OrderProjection();
    ShopServer server = new ShopServer(options, 8);
    server.route("POST", "/history/events", request -> apply(projection, request));
    server.route("GET", "/history/orders", request -> Response.ok(projection.view()));
    return server;
  }

  private static Response apply(OrderProjection projection, Request request) {
    OrderEvent event = request.body(OrderEvent.class);
    if (event.orderId() == null || event.order() == null || event.offset() <= 0) {
      return Response.error(400, "offset, orderId and order are required");
    }
    OrderProjection.Ack ack = projection.apply(event);
    return new Response(ack.gap() ? 409 : 200, ack);
  }
}
