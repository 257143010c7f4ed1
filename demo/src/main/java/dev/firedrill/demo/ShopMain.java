package dev.firedrill.demo;

import dev.firedrill.demo.history.HistoryService;
import dev.firedrill.demo.inventory.InventoryService;
import dev.firedrill.demo.notifications.NotificationsService;
import dev.firedrill.demo.orders.OrdersService;
import dev.firedrill.demo.payments.PaymentsService;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.List;

/**
 * Starts one shop service in this JVM: {@code java -cp firedrill-demo.jar
 * dev.firedrill.demo.ShopMain <service> --port N ...} (see {@link ShopOptions}).
 *
 * <p>Once the service answers requests it prints one line to stdout, {@code READY <service>
 * http://127.0.0.1:<port>}, which also reveals the port when 0 was asked. It runs until killed.
 * Exit status 2: invalid arguments; 1: the port could not be bound.
 */
public final class ShopMain {
  private ShopMain() {}

  public static void main(String[] args) {
    ShopOptions options;
    try {
      options = ShopOptions.parse(List.of(args), System.getenv(ShopOptions.BUGS_ENV));
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(ShopOptions.usage());
      System.exit(2);
      return;
    }
    try {
      ShopServer server = create(options);
      server.start();
      warmUp(server.port());
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
      System.out.println(
          "READY " + options.service().wireName() + " http://127.0.0.1:" + server.port());
      System.out.flush();
    } catch (IOException e) {
      System.err.println("error: cannot listen on 127.0.0.1:" + options.port() + ": " + e);
      System.exit(1);
    }
  }

  /**
   * Answers one request to itself before declaring ready: the first request through the HTTP server
   * and Jackson costs a few hundred milliseconds, which belongs to startup, not to the first client
   * (whose call could time out on it).
   */
  private static void warmUp(int port) throws IOException {
    HttpURLConnection health =
        (HttpURLConnection)
            URI.create("http://127.0.0.1:" + port + "/health").toURL().openConnection();
    try (InputStream in = health.getInputStream()) {
      in.readAllBytes();
    } finally {
      health.disconnect();
    }
  }

  /** Builds the server of {@code options.service()}, not yet started. */
  public static ShopServer create(ShopOptions options) throws IOException {
    return switch (options.service()) {
      case ORDERS -> OrdersService.create(options);
      case PAYMENTS -> PaymentsService.create(options);
      case INVENTORY -> InventoryService.create(options);
      case NOTIFICATIONS -> NotificationsService.create(options);
      case HISTORY -> HistoryService.create(options);
    };
  }
}
