package dev.firedrill.demo;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of one shop service: {@code <service> [--host ADDRESS] --port N [--payments-url
 * URL] [--inventory-url URL] [--history-url URL] [--notifications-url URL] [--warehouse-url URL]
 * [--bug NAME]... [--stock ITEM=N]...}. Bugs are the union of {@code --bug} flags and the
 * comma-separated environment variable {@code FIREDRILL_DEMO_BUGS}.
 *
 * @param host the address to listen on: {@value #DEFAULT_HOST} unless told otherwise, so a local
 *     drill never exposes the shop; {@code 0.0.0.0} in a pod, where other pods must reach it
 * @param port the port to listen on; 0 picks a free one (printed on the ready line)
 * @param stock initial stock per item (inventory only); empty means the default catalog stock
 */
public record ShopOptions(
    Service service,
    String host,
    int port,
    Optional<URI> paymentsUrl,
    Optional<URI> inventoryUrl,
    Optional<URI> historyUrl,
    Optional<URI> notificationsUrl,
    Optional<URI> warehouseUrl,
    Set<Bug> bugs,
    Map<String, Integer> stock) {

  /** The environment variable that switches bugs on for every service started with it. */
  public static final String BUGS_ENV = "FIREDRILL_DEMO_BUGS";

  /** The address a service listens on unless {@code --host} says otherwise: loopback only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** The services {@link ShopMain} can start. */
  public enum Service {
    ORDERS,
    PAYMENTS,
    INVENTORY,
    NOTIFICATIONS,
    HISTORY,
    WAREHOUSE;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Service fromWire(String name) {
      for (Service service : values()) {
        if (service.wireName().equals(name)) {
          return service;
        }
      }
      throw new IllegalArgumentException(
          "unknown service '"
              + name
              + "'; one of orders, payments, inventory, notifications, history, warehouse");
    }
  }

  public ShopOptions {
    bugs =
        Collections.unmodifiableSet(
            bugs.isEmpty() ? EnumSet.noneOf(Bug.class) : EnumSet.copyOf(bugs));
    stock = Collections.unmodifiableMap(new LinkedHashMap<>(stock));
  }

  /** Whether {@code bug} is switched on for this process. */
  public boolean has(Bug bug) {
    return bugs.contains(bug);
  }

  /**
   * Parses the command line and the bug environment variable.
   *
   * @param envBugs the value of {@link #BUGS_ENV}, or null
   * @throws IllegalArgumentException with a message fit for the user on any invalid input
   */
  public static ShopOptions parse(List<String> args, String envBugs) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("missing service name");
    }
    Service service = Service.fromWire(args.get(0));
    String host = DEFAULT_HOST;
    Integer port = null;
    Map<String, URI> urls = new LinkedHashMap<>();
    Set<Bug> bugs = EnumSet.noneOf(Bug.class);
    Map<String, Integer> stock = new LinkedHashMap<>();
    if (envBugs != null) {
      splitBugs(envBugs, bugs);
    }
    for (int i = 1; i < args.size(); i += 2) {
      String flag = args.get(i);
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException("missing value after " + flag);
      }
      String value = args.get(i + 1);
      switch (flag) {
        case "--host" -> host = parseHost(value);
        case "--port" -> port = parsePort(value);
        case "--payments-url",
            "--inventory-url",
            "--history-url",
            "--notifications-url",
            "--warehouse-url" ->
            urls.put(flag, parseUrl(flag, value));
        case "--bug" -> splitBugs(value, bugs);
        case "--stock" -> parseStock(value, stock);
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    if (port == null) {
      throw new IllegalArgumentException("missing --port");
    }
    return new ShopOptions(
        service,
        host,
        port,
        Optional.ofNullable(urls.get("--payments-url")),
        Optional.ofNullable(urls.get("--inventory-url")),
        Optional.ofNullable(urls.get("--history-url")),
        Optional.ofNullable(urls.get("--notifications-url")),
        Optional.ofNullable(urls.get("--warehouse-url")),
        bugs,
        stock);
  }

  /** The usage line printed with every parse error. */
  public static String usage() {
    return "usage: ShopMain <orders|payments|inventory|notifications|history|warehouse>"
        + " [--host ADDRESS]"
        + " --port N"
        + " [--payments-url URL] [--inventory-url URL] [--history-url URL]"
        + " [--notifications-url URL] [--warehouse-url URL] [--bug NAME]... [--stock ITEM=N]...\n"
        + "bugs (also via "
        + BUGS_ENV
        + "=a,b): "
        + Bug.wireNames();
  }

  private static void splitBugs(String list, Set<Bug> into) {
    List<String> names = new ArrayList<>(List.of(list.split(",")));
    names.removeIf(String::isBlank);
    names.forEach(name -> into.add(Bug.fromWire(name)));
  }

  /**
   * An address or host name to bind; whether this machine has it is found out when binding (the
   * service then exits 1 naming it).
   */
  private static String parseHost(String value) {
    String host = value.strip();
    if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "--host must be an address of this machine, e.g. 127.0.0.1 or 0.0.0.0, was '"
              + value
              + "'");
    }
    return host;
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("--port must be 0..65535, was " + value);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be a number, was '" + value + "'", e);
    }
  }

  private static URI parseUrl(String flag, String value) {
    URI uri;
    try {
      uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + " is not a URL: '" + value + "'", e);
    }
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(flag + " must be an http://host:port URL, was " + value);
    }
    return uri;
  }

  private static void parseStock(String value, Map<String, Integer> into) {
    int eq = value.indexOf('=');
    try {
      if (eq <= 0) {
        throw new NumberFormatException();
      }
      int quantity = Integer.parseInt(value.substring(eq + 1));
      if (quantity < 0) {
        throw new NumberFormatException();
      }
      into.put(value.substring(0, eq), quantity);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--stock must be ITEM=N with N >= 0, was '" + value + "'", e);
    }
  }
}
