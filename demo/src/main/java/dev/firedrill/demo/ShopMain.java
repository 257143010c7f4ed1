package dev.firedrill.demo;

import dev.firedrill.demo.history.HistoryService;
import dev.firedrill.demo.inventory.InventoryService;
import dev.firedrill.demo.notifications.NotificationsService;
import dev.firedrill.demo.orders.OrdersService;
import dev.firedrill.demo.payments.PaymentsService;
import dev.firedrill.demo.warehouse.WarehouseService;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;

/**
 * Starts one shop service in this JVM: {@code java -cp firedrill-demo.jar
 * dev.firedrill.demo.ShopMain <service> --port N ...} (see {@link ShopOptions}), or {@code
 * firedrill shop <service> ...} from the CLI, which is how a pod runs it.
 *
 * <p>Once the service answers requests it prints one line to stdout, {@code READY <service>
 * http://<host>:<port>} ({@code http://127.0.0.1:<port>} unless {@code --host} said otherwise),
 * which also reveals the port when 0 was asked. It runs until killed. Exit status 2: invalid
 * arguments; 1: the address could not be bound.
 */
public final class ShopMain {
  private ShopMain() {}

  /**
   * One line per log record, with its time (ISO-8601, with the offset) first and the message (which
   * carries {@code trace_id=...} where a request caused it) last, so a report finds the lines of a
   * trace id and their times. A {@code -Djava.util.logging.SimpleFormatter.format} given wins.
   */
  static final String LOG_FORMAT = "%1$tFT%1$tT.%1$tL%1$tz %4$s %3$s: %5$s%6$s%n";

  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", LOG_FORMAT);
    }
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
      ShopServer server = start(options);
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
      System.out.println(readyLine(options, server));
      System.out.flush();
    } catch (IOException e) {
      System.err.println("error: " + cannotListen(options, e));
      System.exit(1);
    }
  }

  /**
   * Creates and starts the service of {@code options}; once this returns it answers requests (a
   * first request has warmed it up). The caller closes it.
   *
   * @throws IOException when the host and port cannot be bound
   */
  public static ShopServer start(ShopOptions options) throws IOException {
    ShopServer server = create(options);
    server.start();
    try {
      warmUp(server.address());
    } catch (IOException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /**
   * The line printed once the service is ready: {@code READY <service> http://<host>:<port>}, the
   * host as {@code --host} gave it (a wildcard bind reports no address of its own) and the port as
   * bound.
   */
  public static String readyLine(ShopOptions options, ShopServer server) {
    String host = options.host();
    return "READY "
        + options.service().wireName()
        + " http://"
        + (host.contains(":") ? "[" + host + "]" : host)
        + ":"
        + server.port();
  }

  /** Why the service could not listen, in one line. */
  public static String cannotListen(ShopOptions options, IOException e) {
    return "cannot listen on " + options.host() + ":" + options.port() + ": " + e;
  }

  /**
   * Answers one request to itself before declaring ready: the first request through the HTTP server
   * and Jackson costs a few hundred milliseconds, which belongs to startup, not to the first client
   * (whose call could time out on it).
   */
  private static void warmUp(InetSocketAddress bound) throws IOException {
    // A wildcard bind answers on loopback too; a specific address only on itself.
    InetAddress address =
        bound.getAddress().isAnyLocalAddress()
            ? InetAddress.getLoopbackAddress()
            : bound.getAddress();
    URI url = URI.create("http://" + inUrl(address) + ":" + bound.getPort() + "/health");
    HttpURLConnection health = (HttpURLConnection) url.toURL().openConnection();
    try (InputStream in = health.getInputStream()) {
      in.readAllBytes();
    } finally {
      health.disconnect();
    }
  }

  /** An address as the host part of a URL: IPv6 in brackets. */
  private static String inUrl(InetAddress address) {
    String host = address.getHostAddress();
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** Builds the server of {@code options.service()}, not yet started. */
  public static ShopServer create(ShopOptions options) throws IOException {
    return switch (options.service()) {
      case ORDERS -> OrdersService.create(options);
      case PAYMENTS -> PaymentsService.create(options);
      case INVENTORY -> InventoryService.create(options);
      case NOTIFICATIONS -> NotificationsService.create(options);
      case HISTORY -> HistoryService.create(options);
      case WAREHOUSE -> WarehouseService.create(options);
    };
  }
}
