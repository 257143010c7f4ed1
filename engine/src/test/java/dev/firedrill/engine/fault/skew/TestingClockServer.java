package dev.firedrill.engine.fault.skew;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A JVM process for tests, on the port given as the first argument: {@code GET /clock} answers
 * {@code wall mono preload}, its {@code System.currentTimeMillis()}, its {@code System.nanoTime()}
 * and its {@code LD_PRELOAD} (or {@code -}); {@code POST /set} adds the body to a set and {@code
 * GET /set} reads it as {@code {"ids": [...]}}; {@code GET /health} answers 200.
 */
public final class TestingClockServer {

  private TestingClockServer() {}

  public static void main(String[] args) throws IOException {
    Set<String> ids = new TreeSet<>();
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 0);
    server.createContext("/health", ex -> answer(ex, 200, ""));
    server.createContext(
        "/clock",
        ex -> {
          String preload = System.getenv("LD_PRELOAD");
          answer(
              ex,
              200,
              System.currentTimeMillis()
                  + " "
                  + System.nanoTime()
                  + " "
                  + (preload == null ? "-" : preload));
        });
    server.createContext(
        "/set",
        ex -> {
          if ("POST".equals(ex.getRequestMethod())) {
            String id = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (ids) {
              ids.add(id);
            }
            answer(ex, 200, "{}");
          } else {
            String list;
            synchronized (ids) {
              list = ids.stream().map(i -> "\"" + i + "\"").collect(Collectors.joining(","));
            }
            answer(ex, 200, "{\"ids\": [" + list + "]}");
          }
        });
    server.start();
    System.out.println("listening on " + args[0]);
  }

  private static void answer(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
    ex.close();
  }
}
