package dev.firedrill.engine.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.firedrill.engine.model.HttpProbe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpProberIT {

  private HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private String base;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          if (path.equals("/slow")) {
            try {
              Thread.sleep(300);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          boolean wrongMethod = path.equals("/post-only") && !ex.getRequestMethod().equals("POST");
          ex.sendResponseHeaders(path.equals("/down") ? 503 : wrongMethod ? 405 : 200, -1);
          ex.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    http.close();
  }

  private ProbeSample sample(String path, List<Integer> expect, String maxLatency, String timeout) {
    return new HttpProber("p", new HttpProbe(base + path, null, expect, maxLatency, timeout), http)
        .sample();
  }

  @Test
  void statusAndLatencyDecideHealth() {
    assertThat(sample("/ok", null, null, null))
        .extracting(ProbeSample::healthy, ProbeSample::status)
        .containsExactly(true, 200);
    assertThat(sample("/down", null, null, null))
        .extracting(ProbeSample::healthy, ProbeSample::error)
        .containsExactly(false, "unexpected status 503");
    assertThat(sample("/down", List.of(503), null, null).healthy()).isTrue();
    ProbeSample slow = sample("/slow", null, "100ms", null);
    assertThat(slow.healthy()).isFalse();
    assertThat(slow.error()).startsWith("slow: ");
    assertThat(slow.latency().toMillis()).isGreaterThanOrEqualTo(300);
    ProbeSample timedOut = sample("/slow", null, null, "100ms");
    assertThat(timedOut.healthy()).isFalse();
    assertThat(timedOut.error()).startsWith("HttpTimeoutException");
  }

  @Test
  void theProbesMethodIsTheOneSent() {
    assertThat(
            new HttpProber("p", new HttpProbe(base + "/post-only", null, null, null, null), http)
                .sample()
                .status())
        .as("GET by default")
        .isEqualTo(405);
    assertThat(
            new HttpProber("p", new HttpProbe(base + "/post-only", "POST", null, null, null), http)
                .sample()
                .healthy())
        .isTrue();
  }

  @Test
  void anUnreachableServiceIsUnhealthy() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    ProbeSample s =
        new HttpProber(
                "p",
                new HttpProbe("http://127.0.0.1:" + closed + "/", null, null, null, "1s"),
                http)
            .sample();

    assertThat(s.healthy()).isFalse();
    assertThat(s.status()).isNull();
    assertThat(s.error()).startsWith("ConnectException");
  }
}
