package dev.firedrill.bench.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Toxiproxy server binary of the user's own build, run as a child process beside the embedded
 * proxy so that both are measured in one run. The benchmark never builds or downloads it: the path
 * is an argument (docs/benchmarks.md says how it was built for the figures there).
 */
final class ToxiproxyProcess implements AutoCloseable {
  private final Process process;
  private final HttpClient http = HttpClient.newHttpClient();
  private final int apiPort;

  private ToxiproxyProcess(Process process, int apiPort) {
    this.process = process;
    this.apiPort = apiPort;
  }

  /** Starts {@code binary -host 127.0.0.1 -port N} and waits until its API answers. */
  static ToxiproxyProcess start(Path binary) throws IOException, InterruptedException {
    if (!Files.isExecutable(binary)) {
      throw new IOException(binary + ": not an executable Toxiproxy server binary");
    }
    int port = freePort();
    Path log = Files.createTempFile("toxiproxy-bench", ".log");
    Process process =
        new ProcessBuilder(binary.toString(), "-host", "127.0.0.1", "-port", String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    ToxiproxyProcess started = new ToxiproxyProcess(process, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        started.version();
        return started;
      } catch (IOException e) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IOException(binary + " did not start; its output is in " + log, e);
        }
        Thread.sleep(50);
      }
    }
  }

  /** What {@code GET /version} answers, e.g. {@code {"version": "2.12.0"}}. */
  String version() throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri("/version")).timeout(Duration.ofSeconds(2)).build());
  }

  /** Creates a proxy from 127.0.0.1 on a free port to {@code upstream}; returns the port. */
  int proxy(String name, String upstream) throws IOException, InterruptedException {
    int port = freePort();
    String body =
        "{\"name\":\""
            + name
            + "\",\"listen\":\"127.0.0.1:"
            + port
            + "\",\"upstream\":\""
            + upstream
            + "\"}";
    send(
        HttpRequest.newBuilder(uri("/proxies"))
            .timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
    return port;
  }

  /** The child's process id, for its CPU time ({@link CpuClock}). */
  long pid() {
    return process.pid();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private String send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException(request.uri() + ": " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + apiPort + path);
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
