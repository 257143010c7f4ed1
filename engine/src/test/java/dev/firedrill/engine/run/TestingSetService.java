package dev.firedrill.engine.run;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A real HTTP set store on loopback, in the test's JVM: {@code POST /set} with the element as the
 * body adds it, {@code GET /set} answers {@code {"ids":[...]}}. Correct: it never loses an element.
 */
final class TestingSetService implements AutoCloseable {

  private final HttpServer server;
  private final List<String> elements = new ArrayList<>();
  private final List<String> traceparents = new java.util.concurrent.CopyOnWriteArrayList<>();

  TestingSetService() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/set", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Every {@code traceparent} header received, in arrival order. */
  List<String> traceparents() {
    return List.copyOf(traceparents);
  }

  private void handle(HttpExchange ex) throws IOException {
    String traceparent = ex.getRequestHeaders().getFirst("traceparent");
    if (traceparent != null) {
      traceparents.add(traceparent);
    }
    byte[] body;
    if ("POST".equals(ex.getRequestMethod())) {
      String element = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      synchronized (elements) {
        elements.add(element);
      }
      body = "{}".getBytes(StandardCharsets.UTF_8);
    } else {
      StringBuilder json = new StringBuilder("{\"ids\":[");
      synchronized (elements) {
        for (int i = 0; i < elements.size(); i++) {
          json.append(i == 0 ? "\"" : ",\"").append(elements.get(i)).append('"');
        }
      }
      body = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
