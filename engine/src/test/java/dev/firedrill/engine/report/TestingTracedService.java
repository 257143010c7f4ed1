package dev.firedrill.engine.report;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A process for tests, two roles. {@code front PORT BACK_URL}: {@code POST /set} logs a plain-text
 * line {@code <time> front accepted <element> trace_id=<id>}, forwards the element to the back with
 * the same {@code traceparent} and answers 200 whatever the back did (a phantom write when it
 * dropped it). {@code back PORT}: {@code POST /set} stores the element, except every third one,
 * which it drops; either way it logs a JSON line {@code {"time", "level", "msg", "traceId"}};
 * {@code GET /set} answers {@code {"ids": [...]}}. Both answer {@code GET /health}.
 */
public final class TestingTracedService {

  private TestingTracedService() {}

  public static void main(String[] args) throws IOException {
    boolean front = args[0].equals("front");
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1])), 0);
    server.createContext("/health", ex -> answer(ex, ""));
    if (front) {
      URI back = URI.create(args[2] + "/set");
      HttpClient http = HttpClient.newHttpClient();
      server.createContext(
          "/set",
          ex -> {
            String element = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String parent = ex.getRequestHeaders().getFirst("traceparent");
            System.out.println(
                Instant.now() + " front accepted " + element + " trace_id=" + trace(parent));
            try {
              HttpRequest.Builder forward =
                  HttpRequest.newBuilder(back).POST(HttpRequest.BodyPublishers.ofString(element));
              if (parent != null) {
                forward.header("traceparent", parent);
              }
              http.send(forward.build(), HttpResponse.BodyHandlers.discarding());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            answer(ex, "{}");
          });
    } else {
      List<String> ids = new ArrayList<>();
      int[] count = {0};
      server.createContext(
          "/set",
          ex -> {
            if ("POST".equals(ex.getRequestMethod())) {
              String element =
                  new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
              String trace = trace(ex.getRequestHeaders().getFirst("traceparent"));
              boolean drop;
              synchronized (ids) {
                drop = ++count[0] % 3 == 0;
                if (!drop) {
                  ids.add(element);
                }
              }
              System.out.println(
                  "{\"time\": \""
                      + Instant.now()
                      + "\", \"level\": \""
                      + (drop ? "WARN" : "INFO")
                      + "\", \"msg\": \""
                      + (drop ? "dropped " : "stored ")
                      + element
                      + "\", \"traceId\": \""
                      + trace
                      + "\"}");
              answer(ex, "{}");
            } else {
              String list;
              synchronized (ids) {
                list = ids.stream().map(i -> "\"" + i + "\"").collect(Collectors.joining(","));
              }
              answer(ex, "{\"ids\": [" + list + "]}");
            }
          });
    }
    server.start();
    System.out.println(Instant.now() + " " + args[0] + " listening on " + args[1]);
  }

  private static String trace(String parent) {
    if (parent == null) {
      return "-";
    }
    String[] parts = parent.split("-");
    return parts.length > 1 ? parts[1] : "-";
  }

  private static void answer(HttpExchange ex, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
    ex.close();
  }
}
