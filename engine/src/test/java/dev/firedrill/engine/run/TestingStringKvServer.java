package dev.firedrill.engine.run;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A process for tests: a string key-value store over HTTP, on the port given as the first argument.
 * {@code GET /kv/KEY} answers {@code {"value": "..."}} (404 when the key has no value), {@code PUT
 * /kv/KEY} with form field {@code value} replaces it, {@code POST /kv/KEY/append} with form field
 * {@code value} appends to it; {@code GET /health} answers 200. Every operation on the store is
 * atomic. With a second argument N, every Nth append is acknowledged but not applied: a lost
 * append.
 */
public final class TestingStringKvServer {
  private static final Map<String, String> STORE = new HashMap<>();
  private static int appends;

  private TestingStringKvServer() {}

  public static void main(String[] args) throws IOException {
    int loseEvery = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/health",
        ex -> {
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    server.createContext("/kv/", ex -> handle(ex, loseEvery));
    server.start();
    System.out.println("listening on " + args[0]);
  }

  private static void handle(HttpExchange ex, int loseEvery) throws IOException {
    String path = ex.getRequestURI().getPath().substring("/kv/".length());
    String method = ex.getRequestMethod();
    String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String value = field(form, "value");
    String body = null;
    int status = 200;
    synchronized (STORE) {
      if (method.equals("GET")) {
        String v = STORE.get(path);
        if (v == null) {
          status = 404;
        } else {
          body = "{\"value\":\"" + v + "\"}";
        }
      } else if (method.equals("PUT")) {
        STORE.put(path, value);
      } else if (method.equals("POST") && path.endsWith("/append")) {
        String key = path.substring(0, path.length() - "/append".length());
        appends++;
        if (loseEvery == 0 || appends % loseEvery != 0) {
          STORE.merge(key, value, String::concat);
        }
      } else {
        status = 405;
      }
    }
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
    ex.close();
  }

  private static String field(String form, String name) {
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return "";
  }
}
