package dev.firedrill.demo.warehouse;

import dev.firedrill.demo.ShopOptions;
import dev.firedrill.demo.ShopServer;
import dev.firedrill.demo.ShopServer.Request;
import dev.firedrill.demo.ShopServer.Response;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The warehouse service: the downstream store orders writes fulfilments to. {@code POST
 * /warehouse/orders} with {@code {"orderId": ...}} stores the order (idempotent: storing it again
 * changes nothing); {@code GET /warehouse/orders} answers {@code {"ids": [...]}}, what the
 * warehouse will ship. Each store is logged with the request's trace id. State is in memory.
 */
public final class WarehouseService {
  private static final System.Logger LOG = System.getLogger(WarehouseService.class.getName());

  /** The body of a store. */
  public record Stored(String orderId) {}

  private WarehouseService() {}

  /** Builds the server (not started). Holds no bug: {@code phantom-writes} is in orders. */
  public static ShopServer create(ShopOptions options) throws IOException {
    Set<String> ids = new ConcurrentSkipListSet<>();
    ShopServer server = new ShopServer(options, 8);
    server.route("POST", "/warehouse/orders", request -> store(ids, request));
    server.route(
        "GET", "/warehouse/orders", request -> Response.ok(Map.of("ids", List.copyOf(ids))));
    return server;
  }

  private static Response store(Set<String> ids, Request request) {
    Stored order = request.body(Stored.class);
    if (order.orderId() == null || order.orderId().isBlank()) {
      return Response.error(400, "orderId is required");
    }
    boolean added = ids.add(order.orderId());
    LOG.log(
        System.Logger.Level.INFO,
        "warehouse stored order "
            + order.orderId()
            + (added ? "" : " (again)")
            + " trace_id="
            + request.traceId());
    return Response.ok(Map.of("orderId", order.orderId(), "stored", true));
  }
}
