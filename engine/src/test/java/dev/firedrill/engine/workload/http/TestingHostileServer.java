package dev.firedrill.engine.workload.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP server on loopback that misbehaves the way a system under test may: {@code /huge}
 * answers 200 with a 50 MB JSON body (sent with its length), {@code /endless} answers 200 and then
 * a chunked body that never ends (a chunk every 10 ms until the client goes away), {@code /ok} a
 * small JSON body. {@link #bytesSent()} counts the body bytes the server managed to write.
 */
public final class TestingHostileServer implements AutoCloseable {

  public static final long HUGE_BYTES = 50L * 1024 * 1024;

  private final HttpServer server;
  private final AtomicLong sent = new AtomicLong();

  public TestingHostileServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public long bytesSent() {
    return sent.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    ex.getRequestBody().readAllBytes();
    ex.getResponseHeaders().set("Content-Type", "application/json");
    String path = ex.getRequestURI().getPath();
    try (ex;
        OutputStream out = ex.getResponseBody()) {
      if (path.startsWith("/huge")) {
        ex.sendResponseHeaders(200, HUGE_BYTES);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        chunk[0] = '[';
        out.write(chunk);
        sent.addAndGet(chunk.length);
        chunk[0] = ' ';
        for (long left = HUGE_BYTES - chunk.length; left > 0; left -= chunk.length) {
          out.write(chunk, 0, (int) Math.min(left, chunk.length));
          sent.addAndGet(Math.min(left, chunk.length));
        }
      } else if (path.startsWith("/endless")) {
        ex.sendResponseHeaders(200, 0); // chunked
        out.write("[".getBytes(StandardCharsets.UTF_8));
        out.flush();
        while (true) {
          out.write("1,".getBytes(StandardCharsets.UTF_8));
          out.flush();
          sent.addAndGet(2);
          Thread.sleep(10);
        }
      } else {
        byte[] body = "{\"ids\": [1]}".getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, body.length);
        out.write(body);
      }
    } catch (IOException | InterruptedException gone) {
      // the client closed the connection: what this server is for
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
