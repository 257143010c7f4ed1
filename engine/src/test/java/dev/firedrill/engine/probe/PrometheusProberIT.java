package dev.firedrill.engine.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.firedrill.engine.model.PrometheusProbe;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against a real Prometheus server (Debian's {@code prometheus} package, which .ci/run installs).
 * Outside CI a machine without it skips these tests with a message saying how to install it; in CI
 * its absence is a failure.
 */
class PrometheusProberIT {

  private static final Path BINARY = Path.of("/usr/bin/prometheus");
  private static Process prometheus;
  private static String url;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startPrometheus() throws Exception {
    if (!Files.isExecutable(BINARY)) {
      String hint = "Prometheus is not installed: apt-get install prometheus";
      if (System.getenv("CI") != null) {
        throw new IllegalStateException(hint + " (.ci/run installs it)");
      }
      Assumptions.abort(hint);
    }
    Path dir = Files.createTempDirectory("prometheus");
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1h\nscrape_configs: []\n");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    url = "http://127.0.0.1:" + port;
    prometheus =
        new ProcessBuilder(
                BINARY.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("log").toFile())
            .start();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(PrometheusProberIT::ready);
  }

  @AfterAll
  static void stopPrometheus() throws InterruptedException {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
  }

  private static boolean ready() {
    try {
      HttpRequest r =
          HttpRequest.newBuilder(URI.create(url + "/-/ready"))
              .timeout(Duration.ofSeconds(1))
              .build();
      return HTTP.send(r, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static ProbeSample sample(String query, Double min, Double max) {
    return new PrometheusProber("p", new PrometheusProbe(url, query, min, max), HTTP).sample();
  }

  @Test
  void aVectorOfOneWithinBoundsIsHealthy() {
    assertThat(sample("vector(3)", 1.0, 5.0))
        .extracting(ProbeSample::healthy, ProbeSample::value)
        .containsExactly(true, 3.0);
  }

  @Test
  void aScalarIsRead() {
    assertThat(sample("scalar(vector(2))", null, 2.0))
        .extracting(ProbeSample::healthy, ProbeSample::value)
        .containsExactly(true, 2.0);
  }

  @Test
  void aValueOutsideTheBoundsIsUnhealthy() {
    ProbeSample s = sample("vector(9)", 1.0, 5.0);

    assertThat(s.healthy()).isFalse();
    assertThat(s.error()).isEqualTo("value 9.0 outside [1.0, 5.0]");
  }

  @Test
  void anEmptyResultOrABadQueryIsUnhealthy() {
    assertThat(sample("up{job=\"none\"}", null, null).error())
        .isEqualTo("the query returned 0 series of type vector; it must return one sample");
    ProbeSample bad = sample("sum(", null, null);
    assertThat(bad.healthy()).isFalse();
    assertThat(bad.status()).isEqualTo(400);
  }
}
