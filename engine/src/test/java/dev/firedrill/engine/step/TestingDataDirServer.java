package dev.firedrill.engine.step;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A process for tests: a set store that keeps its elements in {@code <dataDir>/elements}, one a
 * line, as a store keeps its data in a data directory it does not create. {@code POST /set} (the
 * element as the body) appends, {@code GET /set} answers {@code {"ids":[...]}}; both answer 500
 * while the data directory does not exist. Arguments: port, data directory.
 */
public final class TestingDataDirServer {

  private TestingDataDirServer() {}

  /** The command that starts this server, with the JDK running the tests. */
  public static List<String> command(int port, String dataDir) {
    String jvm = ProcessHandle.current().info().command().orElse("java");
    String cp = dev.firedrill.engine.fault.local.TestingHealthServer.classpath();
    return List.of(
        jvm, "-cp", cp, TestingDataDirServer.class.getName(), Integer.toString(port), dataDir);
  }

  public static void main(String[] args) throws IOException {
    Path data = Path.of(args[1]);
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 64);
    server.createContext("/health", ex -> answer(ex, 200, "ok"));
    server.createContext("/set", ex -> set(ex, data.resolve("elements")));
    server.start();
  }

  private static synchronized void set(HttpExchange ex, Path file) throws IOException {
    try {
      if ("POST".equals(ex.getRequestMethod())) {
        String element = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Files.writeString(
            file, element + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        answer(ex, 200, "{}");
      } else {
        List<String> ids = Files.exists(file) ? Files.readAllLines(file) : List.of();
        if (!Files.isDirectory(file.getParent())) {
          throw new NoSuchFileException(file.getParent().toString());
        }
        StringBuilder json = new StringBuilder("{\"ids\":[");
        for (int i = 0; i < ids.size(); i++) {
          json.append(i == 0 ? "\"" : ",\"").append(ids.get(i)).append('"');
        }
        answer(ex, 200, json.append("]}").toString());
      }
    } catch (IOException e) {
      answer(ex, 500, "no data directory: " + e.getMessage());
    }
  }

  private static void answer(HttpExchange ex, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }
}
