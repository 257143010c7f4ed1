package dev.firedrill.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSON-over-HTTP server on the options' host (127.0.0.1 unless told otherwise) with a small
 * routing table and a fixed worker pool. The pool size is part of a service's contract: orders has
 * deliberately few workers, so a dependency that holds them shows up as a cascade on its other
 * endpoints.
 *
 * <p>Every server answers {@code GET /health} with 200 once {@link #start()} returned. A handler
 * that throws {@link IllegalArgumentException} yields 400 with its message; any other exception
 * yields 500 and is logged here (handlers do not log what they throw).
 */
public final class ShopServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ShopServer.class.getName());

  /** One parsed request. {@code id} is the last path segment of a {@code /prefix/{id}} route. */
  public record Request(
      String method,
      String path,
      String id,
      Map<String, String> query,
      HttpExchange exchange,
      byte[] body) {

    /** The body read as {@code type}; a malformed body is a client error (400). */
    public <T> T body(Class<T> type) {
      return ShopJson.read(body, type);
    }

    /** A request header, or null. */
    public String header(String name) {
      return exchange.getRequestHeaders().getFirst(name);
    }

    /**
     * The trace id of the W3C {@code traceparent} header ({@code 00-<trace id>-<span id>-<flags>}),
     * or {@code -} when there is none: what the services print in their log lines, so a line is
     * found by the trace id of the request that caused it.
     */
    public String traceId() {
      String parent = header("traceparent");
      if (parent == null) {
        return "-";
      }
      String[] parts = parent.split("-");
      return parts.length >= 2 && !parts[1].isBlank() ? parts[1] : "-";
    }
  }

  /** A status and a JSON body (a record, map or list). */
  public record Response(int status, Object body) {
    public static Response ok(Object body) {
      return new Response(200, body);
    }

    public static Response error(int status, String message) {
      return new Response(status, Map.of("error", message));
    }
  }

  /** Handles one request on a worker thread. */
  @FunctionalInterface
  public interface Handler {
    Response handle(Request request) throws Exception;
  }

  private record Route(String method, String path, boolean withId, Handler handler) {}

  private final String service;
  private final List<Route> routes = new ArrayList<>();
  private final HttpServer server;
  private final ExecutorService workers;

  /**
   * Binds the options' host and port (0 picks a free one) without accepting yet. {@code GET
   * /health} reports the service name and its bugs.
   *
   * @param workers the number of threads that run handlers; requests beyond it wait in a queue
   * @throws IOException when the address cannot be bound, or the host is not known
   */
  public ShopServer(ShopOptions options, int workers) throws IOException {
    this.service = options.service().wireName();
    InetSocketAddress address =
        new InetSocketAddress(InetAddress.getByName(options.host()), options.port());
    this.server = HttpServer.create(address, 128);
    this.workers = Executors.newFixedThreadPool(workers, namedThreads(service + "-worker"));
    server.setExecutor(this.workers);
    server.createContext("/", this::dispatch);
    Map<String, Object> health = new LinkedHashMap<>();
    health.put("status", "ok");
    health.put("service", service);
    health.put("bugs", options.bugs().stream().map(Bug::wireName).sorted().toList());
    route("GET", "/health", request -> Response.ok(health));
  }

  /**
   * Adds a route. A path ending in {@code /{id}} matches any one further segment, which handlers
   * read as {@link Request#id()}; exact paths are tried first.
   */
  public ShopServer route(String method, String path, Handler handler) {
    boolean withId = path.endsWith("/{id}");
    String prefix = withId ? path.substring(0, path.length() - "{id}".length()) : path;
    routes.add(new Route(method, prefix, withId, handler));
    return this;
  }

  /** Starts accepting requests; {@code GET /health} answers 200 from here on. */
  public void start() {
    server.start();
  }

  /** The bound port (the real one when 0 was asked). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The bound address and port; the address may be the wildcard ({@code 0.0.0.0}). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }

  /** A thread factory of daemon threads named {@code prefix-N}, for every pool of the shop. */
  public static java.util.concurrent.ThreadFactory namedThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private void dispatch(HttpExchange exchange) throws IOException {
    Response response;
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      response = handle(exchange, body);
    } catch (IllegalArgumentException e) {
      response = Response.error(400, e.getMessage());
    } catch (Exception e) {
      LOG.log(Level.ERROR, service + " failed on " + exchange.getRequestURI(), e);
      response = Response.error(500, String.valueOf(e));
    }
    byte[] json = ShopJson.write(response.body());
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    try {
      exchange.sendResponseHeaders(response.status(), json.length);
      exchange.getResponseBody().write(json);
    } catch (IOException e) {
      // The client went away (a reset or a timeout on its side): nothing left to tell it.
      LOG.log(Level.DEBUG, () -> "response to a gone client dropped: " + e);
    } finally {
      exchange.close();
    }
  }

  private Response handle(HttpExchange exchange, byte[] body) throws Exception {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
    boolean pathKnown = false;
    for (Route route : routes) {
      boolean exact = !route.withId() && route.path().equals(path);
      if (exact) {
        pathKnown = true;
        if (route.method().equals(method)) {
          return route.handler().handle(new Request(method, path, null, query, exchange, body));
        }
      }
    }
    for (Route route : routes) {
      String rest = path.startsWith(route.path()) ? path.substring(route.path().length()) : null;
      if (route.withId() && rest != null && !rest.isEmpty() && !rest.contains("/")) {
        pathKnown = true;
        if (route.method().equals(method)) {
          String id = URLDecoder.decode(rest, StandardCharsets.UTF_8);
          return route.handler().handle(new Request(method, path, id, query, exchange, body));
        }
      }
    }
    return pathKnown
        ? Response.error(405, method + " not allowed on " + path)
        : Response.error(404, "no route " + method + " " + path);
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      query.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return query;
  }
}
