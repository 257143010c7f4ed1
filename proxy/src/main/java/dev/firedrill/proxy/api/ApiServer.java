package dev.firedrill.proxy.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.firedrill.proxy.link.ProxyException;
import dev.firedrill.proxy.link.ProxyRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Toxiproxy's HTTP API on the JDK's HTTP server. Routing, status codes and error bodies follow
 * Toxiproxy's {@code api.go}: unknown paths are 404 {@code 404 page not found}, a known path with
 * another method is 405, browsers (User-Agent {@code Mozilla/...}) are refused with 403, and every
 * routed answer carries an {@code X-Toxiproxy-Request-Id}. With a token ({@link ApiToken}) every
 * request without it is refused with 401.
 *
 * <p>Requests that never finish are cut off, as Toxiproxy's {@code ReadTimeout} and {@code
 * WriteTimeout} do: a request (line, headers and body) must arrive within {@value #REQUEST_SECONDS}
 * s of its first byte (a connection that sends nothing is closed after as long), and its answer
 * must be taken within {@value #RESPONSE_SECONDS} s. These are the JDK server's {@code
 * sun.net.httpserver.maxReqTime} and {@code maxRspTime}, which it reads once per JVM when its first
 * server starts: they are set here unless the JVM was given other values, and apply to every JDK
 * HTTP server of this JVM started after this class is loaded.
 */
public final class ApiServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ApiServer.class.getName());

  /** Seconds a request may take to arrive, from its first byte to the end of its body. */
  public static final int REQUEST_SECONDS = 10;

  /** Seconds a client may take to read an answer. */
  public static final int RESPONSE_SECONDS = 30;

  static {
    setDefault("sun.net.httpserver.maxReqTime", REQUEST_SECONDS);
    setDefault("sun.net.httpserver.maxRspTime", RESPONSE_SECONDS);
  }

  private static final String REQUEST_ID = "X-Toxiproxy-Request-Id";
  private static final String UNAUTHORIZED =
      "unauthorized: this server needs its token, as Authorization: Bearer <token>"
          + " or as the password of Basic authentication";

  private final HttpServer http;
  private final ExecutorService executor;
  private final ProxyRoutes proxies;
  private final ToxicRoutes toxics;
  private final String version;
  private final ApiToken token;
  private final RequestIds ids = new RequestIds();

  private ApiServer(HttpServer http, ProxyRegistry registry, String version, ApiToken token) {
    this.http = http;
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    this.proxies = new ProxyRoutes(registry);
    this.toxics = new ToxicRoutes(registry);
    this.version = version;
    this.token = token;
  }

  /**
   * Binds and starts serving; port 0 picks a free port; {@code token} null serves everyone.
   *
   * @throws IOException when the address cannot be bound (taken, not this machine's)
   * @throws IllegalArgumentException when the port is out of range or the token is empty
   */
  public static ApiServer start(
      String host, int port, ProxyRegistry registry, String version, String token)
      throws IOException {
    ApiToken checked = token == null ? null : new ApiToken(token);
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new UnknownHostException(host + ": no such host");
    }
    HttpServer http = HttpServer.create(address, 128);
    ApiServer server = new ApiServer(http, registry, version, checked);
    http.setExecutor(server.executor);
    http.createContext("/", server::handle);
    http.start();
    return server;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  /** Whether the API listens on more than loopback (another machine may reach it). */
  public boolean beyondLoopback() {
    return !http.getAddress().getAddress().isLoopbackAddress();
  }

  public boolean hasToken() {
    return token != null;
  }

  /** Reads {@code --config}-style content: a JSON array of proxies. */
  public static List<ProxyRegistry.ProxyInput> parseConfig(byte[] content) throws IOException {
    try {
      return ProxyRoutes.inputs(Json.parse(content));
    } catch (ApiException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set(REQUEST_ID, ids.next());
      if (token != null && !token.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"firedrill proxy\"");
        exchange.getResponseHeaders().set("Connection", "close"); // the body is never read
        send(exchange, Response.error(new ApiException(401, UNAUTHORIZED)));
        return;
      }
      String agent = exchange.getRequestHeaders().getFirst("User-Agent");
      if (agent != null && agent.startsWith("Mozilla/")) {
        sendText(exchange, 403, "User agent not allowed\n");
        return;
      }
      Response response;
      try {
        response = route(exchange);
      } catch (ApiException e) {
        response = Response.error(e);
      } catch (ProxyException e) {
        response = Response.error(ApiException.of(e));
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "API request failed", e);
        response = Response.error(new ApiException(500, String.valueOf(e.getMessage())));
      }
      if (response == null) {
        return; // already answered (404 or 405 in plain text)
      }
      if (exchange.getRequestBody().read() >= 0) {
        // A body left unread (too large, or not wanted): close rather than drain it.
        exchange.getResponseHeaders().set("Connection", "close");
      }
      send(exchange, response);
    }
  }

  private Response route(HttpExchange exchange) throws IOException, ApiException, ProxyException {
    String method = exchange.getRequestMethod();
    String[] parts = segments(exchange.getRequestURI().getPath());
    return switch (parts.length) {
      case 1 -> rootRoute(exchange, method, parts[0]);
      case 2 -> proxyRoute(exchange, method, parts);
      case 3, 4 -> toxicRoute(exchange, method, parts);
      default -> notFound(exchange);
    };
  }

  private Response rootRoute(HttpExchange exchange, String method, String name)
      throws IOException, ApiException, ProxyException {
    return switch (name) {
      case "version" -> method.equals("GET") ? versionResponse(exchange) : notAllowed(exchange);
      case "reset" -> method.equals("POST") ? proxies.reset() : notAllowed(exchange);
      case "populate" ->
          method.equals("POST") ? proxies.populate(body(exchange)) : notAllowed(exchange);
      case "proxies" ->
          switch (method) {
            case "GET" -> proxies.index();
            case "POST" -> proxies.create(body(exchange));
            default -> notAllowed(exchange);
          };
      default -> notFound(exchange);
    };
  }

  private Response proxyRoute(HttpExchange exchange, String method, String[] parts)
      throws IOException, ApiException, ProxyException {
    if (!parts[0].equals("proxies")) {
      return notFound(exchange);
    }
    return switch (method) {
      case "GET" -> proxies.show(parts[1]);
      case "DELETE" -> proxies.delete(parts[1]);
      case "POST", "PATCH" -> proxies.update(parts[1], body(exchange));
      default -> notAllowed(exchange);
    };
  }

  private Response toxicRoute(HttpExchange exchange, String method, String[] parts)
      throws IOException, ApiException, ProxyException {
    if (!parts[0].equals("proxies") || !parts[2].equals("toxics")) {
      return notFound(exchange);
    }
    if (parts.length == 3) {
      return switch (method) {
        case "GET" -> toxics.index(parts[1]);
        case "POST" -> toxics.create(parts[1], body(exchange));
        default -> notAllowed(exchange);
      };
    }
    return switch (method) {
      case "GET" -> toxics.show(parts[1], parts[3]);
      case "DELETE" -> toxics.delete(parts[1], parts[3]);
      case "POST", "PATCH" -> toxics.update(parts[1], parts[3], body(exchange));
      default -> notAllowed(exchange);
    };
  }

  private static void setDefault(String property, int seconds) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, String.valueOf(seconds));
    }
  }

  private static String[] segments(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    if (trimmed.isEmpty() || trimmed.endsWith("/") || trimmed.contains("//")) {
      return new String[0];
    }
    return trimmed.split("/");
  }

  private static JsonNode body(HttpExchange exchange) throws ApiException {
    return Json.read(exchange.getRequestBody());
  }

  /** Byte for byte Toxiproxy's version body, newline included. */
  private Response versionResponse(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
    byte[] body = ("{\"version\": \"" + version + "\"}\n").getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
    return null;
  }

  /** As Toxiproxy's router: no route matched, so no middleware ran and no request id is sent. */
  private static Response notFound(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().remove(REQUEST_ID);
    sendText(exchange, 404, "404 page not found\n");
    return null;
  }

  private static Response notAllowed(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().remove(REQUEST_ID);
    exchange.sendResponseHeaders(405, -1);
    return null;
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    if (response.json() == null) {
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    byte[] body = Json.write(response.json());
    if (response.httpError()) {
      sendText(exchange, response.status(), new String(body, StandardCharsets.UTF_8) + "\n");
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(response.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** As Go's {@code http.Error}. */
  private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
