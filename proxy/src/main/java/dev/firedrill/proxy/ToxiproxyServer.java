package dev.firedrill.proxy;

import dev.firedrill.proxy.api.ApiServer;
import dev.firedrill.proxy.link.LinkRuntime;
import dev.firedrill.proxy.link.ProxyException;
import dev.firedrill.proxy.link.ProxyRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An embedded server that speaks Toxiproxy's HTTP API (version {@value #VERSION}). Closing it stops
 * the API, every proxy listener and every connection.
 *
 * <pre>{@code
 * try (ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0)) {
 *   var client = new ToxiproxyClient("127.0.0.1", server.apiPort());
 * }
 * }</pre>
 */
public final class ToxiproxyServer implements AutoCloseable {

  /** The Toxiproxy API version this server implements, reported by {@code GET /version}. */
  public static final String VERSION = "2.12.0";

  private final LinkRuntime runtime;
  private final ProxyRegistry registry;
  private final ApiServer api;

  private ToxiproxyServer(LinkRuntime runtime, ProxyRegistry registry, ApiServer api) {
    this.runtime = runtime;
    this.registry = registry;
    this.api = api;
  }

  /** Starts the API on {@code host:port} (port 0: any free port) with no proxies. */
  public static ToxiproxyServer start(String host, int port) throws IOException {
    return start(host, port, defaultThreads());
  }

  /** Starts with an explicit data-path thread kind (the benchmark compares them). */
  public static ToxiproxyServer start(String host, int port, LinkRuntime.Threads threads)
      throws IOException {
    return start(host, port, new LinkRuntime(threads), null);
  }

  /** Starts with {@code loops} event-loop threads ({@link LinkRuntime.Threads#NIO}). */
  public static ToxiproxyServer start(String host, int port, LinkRuntime.Threads threads, int loops)
      throws IOException {
    return start(host, port, new LinkRuntime(threads, loops), null);
  }

  /**
   * Starts an API that answers only requests carrying {@code token} (see docs/proxy.md, "On a
   * network"); null serves everyone.
   *
   * @throws IllegalArgumentException when the port is out of range or the token is empty
   */
  public static ToxiproxyServer startWithToken(String host, int port, String token)
      throws IOException {
    return start(host, port, new LinkRuntime(defaultThreads()), token);
  }

  private static ToxiproxyServer start(String host, int port, LinkRuntime runtime, String token)
      throws IOException {
    ProxyRegistry registry = new ProxyRegistry(runtime);
    try {
      return new ToxiproxyServer(
          runtime, registry, ApiServer.start(host, port, registry, VERSION, token));
    } catch (IOException | RuntimeException e) {
      runtime.close();
      throw e;
    }
  }

  /**
   * Creates the proxies of a config file (a JSON array, as {@code POST /populate} takes), as {@code
   * toxiproxy-server -config} does. Every proxy is tried; the exception names each one that could
   * not listen.
   */
  public void populate(Path config) throws IOException {
    ProxyRegistry.Populated result;
    try {
      result = registry.populate(ApiServer.parseConfig(Files.readAllBytes(config)));
    } catch (ProxyException e) {
      throw new IOException(config + ": " + e.getMessage(), e);
    }
    if (!result.failures().isEmpty()) {
      StringBuilder message = new StringBuilder(config.toString()).append(": ");
      for (ProxyRegistry.Failure failure : result.failures()) {
        if (failure != result.failures().get(0)) {
          message.append("; ");
        }
        message.append("proxy ").append(failure.proxy()).append(": ");
        message.append(failure.error().getMessage());
      }
      throw new IOException(message.toString());
    }
  }

  /** The bound API port. */
  public int apiPort() {
    return api.port();
  }

  /** Whether the API listens on more than loopback, so that other machines may reach it. */
  public boolean apiBeyondLoopback() {
    return api.beyondLoopback();
  }

  /** Whether the API asks every request for a token. */
  public boolean apiHasToken() {
    return api.hasToken();
  }

  /**
   * Per-connection data-path threads still running (accept loops, connects, pumps): only the accept
   * loops once every connection has closed, 0 once the server is closed.
   */
  public int liveThreads() {
    return runtime.liveThreads();
  }

  /** Event-loop threads still running (with {@code nio}): a fixed number, 0 once closed. */
  public int eventLoopThreads() {
    return runtime.eventLoopThreads();
  }

  /** Connections served by the event loops: 0 once every connection has closed. */
  public int eventLoopConnections() {
    return runtime.eventLoopConnections();
  }

  /** The proxies, for in-process inspection (tests, the local runner). */
  public ProxyRegistry proxies() {
    return registry;
  }

  @Override
  public void close() {
    api.close();
    registry.stopAll();
    runtime.close();
  }

  /**
   * Platform threads unless {@code -Dfiredrill.proxy.threads=virtual|nio}: see docs/benchmarks.md.
   */
  static LinkRuntime.Threads defaultThreads() {
    String configured = System.getProperty("firedrill.proxy.threads", "platform");
    for (LinkRuntime.Threads kind : LinkRuntime.Threads.values()) {
      if (kind.name().equalsIgnoreCase(configured)) {
        return kind;
      }
    }
    return LinkRuntime.Threads.PLATFORM;
  }
}
