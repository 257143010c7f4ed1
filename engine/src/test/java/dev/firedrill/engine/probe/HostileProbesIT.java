package dev.firedrill.engine.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.HttpProbe;
import dev.firedrill.engine.model.PrometheusProbe;
import dev.firedrill.engine.workload.http.TestingHostileServer;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Probes against a real hostile HTTP server on loopback: a probe's timeout covers the body (an
 * endless chunked answer is a timed-out sample, not a probe thread held for good), and a 50 MB
 * answer is read no further than the probe's cap.
 */
class HostileProbesIT {

  private TestingHostileServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    server = new TestingHostileServer();
  }

  @AfterEach
  void stop() {
    http.close();
    server.close();
  }

  @Test
  void anHttpProbeOfABodyThatNeverEndsTimesOut() {
    long start = System.nanoTime();
    ProbeSample s =
        new HttpProber(
                "p", new HttpProbe(server.url() + "/endless", null, null, null, "300ms"), http)
            .sample();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(s.healthy()).isFalse();
    assertThat(s.error())
        .startsWith("HttpTimeoutException: timeout after 300ms: HTTP 200 but the body did not end");
    assertThat(took).isLessThan(Duration.ofMillis(1300));
  }

  @Test
  void anHttpProbeReadsAHugeBodyOnlyToItsCap() {
    ProbeSample s =
        new HttpProber("p", new HttpProbe(server.url() + "/huge", null, null, null, "2s"), http)
            .sample();

    assertThat(s.healthy()).as(s.error()).isTrue();
    assertThat(server.bytesSent()).isLessThan(TestingHostileServer.HUGE_BYTES / 5);
  }

  @Test
  void aPrometheusAnswerPastTheCapIsUnhealthy() {
    ProbeSample s =
        new PrometheusProber(
                "p", new PrometheusProbe(server.url() + "/huge", "up", null, null), http)
            .sample();

    assertThat(s.healthy()).isFalse();
    assertThat(s.error())
        .isEqualTo("the answer is over 1048576 bytes; a query for one sample answers in far fewer");
    assertThat(server.bytesSent()).isLessThan(TestingHostileServer.HUGE_BYTES / 5);
  }

  @Test
  void aPrometheusAnswerThatNeverEndsTimesOut() {
    long start = System.nanoTime();
    ProbeSample s =
        new PrometheusProber(
                "p", new PrometheusProbe(server.url() + "/endless", "up", null, null), http)
            .sample();

    assertThat(s.healthy()).isFalse();
    assertThat(s.error()).startsWith("HttpTimeoutException: timeout after 5000ms: HTTP 200");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(7));
  }
}
