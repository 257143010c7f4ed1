package dev.firedrill.demo.inventory;

import dev.firedrill.demo.Bug;
import dev.firedrill.demo.ShopOptions;
import dev.firedrill.demo.ShopServer;
import dev.firedrill.demo.ShopServer.Request;
import dev.firedrill.demo.ShopServer.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The inventory service: {@code POST /reserve} and {@code POST /release} move units between stock
 * on hand and reserved; {@code GET /stock} shows both and the initial stock, and {@code GET
 * /accounts} the same as bank accounts, for the conservation invariant. State is in memory: a
 * restart resets stock to its initial values.
 */
public final class InventoryService {
  /** The stock when no {@code --stock} is given. */
  public static final Map<String, Integer> DEFAULT_STOCK =
      Map.of("widget", 100, "gadget", 50, "gizmo", 5);

  /** How long the racy reservation waits between its check and its write. */
  static final Duration RACE_WINDOW = Duration.ofMillis(25);

  /** The body of {@code POST /reserve} and {@code POST /release}. */
  public record Units(String item, int quantity) {}

  private InventoryService() {}

  /** Builds the server (not started). Holds the {@code oversell} bug. */
  public static ShopServer create(ShopOptions options) throws IOException {
    Map<String, Integer> initial = options.stock().isEmpty() ? DEFAULT_STOCK : options.stock();
    Stock stock = new Stock(initial, options.has(Bug.OVERSELL), RACE_WINDOW);
    ShopServer server = new ShopServer(options, 32);
    server.route("POST", "/reserve", request -> reserve(stock, request));
    server.route("POST", "/release", request -> release(stock, request));
    server.route("GET", "/stock", request -> Response.ok(stock.snapshot()));
    server.route("GET", "/accounts", request -> Response.ok(Map.of("accounts", stock.accounts())));
    return server;
  }

  private static Response reserve(Stock stock, Request request) throws InterruptedException {
    Units units = units(stock, request);
    Stock.Reservation reservation = stock.reserve(units.item(), units.quantity());
    if (!reservation.accepted()) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", "out of stock");
      body.put("item", units.item());
      body.put("available", reservation.remaining());
      return new Response(409, body);
    }
    return Response.ok(reservation);
  }

  private static Response release(Stock stock, Request request) {
    Units units = units(stock, request);
    int remaining = stock.release(units.item(), units.quantity());
    return Response.ok(new Stock.Reservation(true, units.item(), units.quantity(), remaining));
  }

  private static Units units(Stock stock, Request request) {
    Units units = request.body(Units.class);
    if (units.item() == null || !stock.knows(units.item())) {
      throw new IllegalArgumentException("unknown item " + units.item());
    }
    if (units.quantity() <= 0) {
      throw new IllegalArgumentException("quantity must be positive");
    }
    return units;
  }
}
