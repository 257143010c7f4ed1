package dev.firedrill.engine.workload.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.Outcome;
import dev.firedrill.engine.model.RequestTemplate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Workload operations against a real hostile HTTP server on loopback: a 50 MB body is read no
 * further than the cap (the read's value is unknown, not 50 MB in memory), and a body that never
 * ends stops at the operation's timeout.
 */
class HostileResponsesIT {

  private TestingHostileServer server;
  private HttpOperationClient client;

  @BeforeEach
  void start() throws Exception {
    server = new TestingHostileServer();
    client = new HttpOperationClient(server.url(), Duration.ofMillis(500));
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private static RequestTemplate read(String path) {
    return new RequestTemplate(
        null, null, path, Map.of(), Map.of(), null, Map.of(), "/ids", Map.of());
  }

  @Test
  void aFiftyMegabyteBodyIsCutAtTheCapAndTheReadIsUnknown() {
    Completion c = client.send(read("/huge"), Bindings.of());

    assertThat(c.outcome()).isEqualTo(Outcome.INFO);
    assertThat(c.value()).isNull();
    assertThat(c.status()).isEqualTo(200);
    assertThat(c.error())
        .isEqualTo(
            "response body over 1048576 bytes: not read past that, so what it read is unknown");
    // The server could write only what the socket buffers held past the cap before the close.
    assertThat(server.bytesSent()).isLessThan(TestingHostileServer.HUGE_BYTES / 5);
  }

  @Test
  void aWriteWithAFiftyMegabyteBodyIsDecidedByItsStatus() {
    RequestTemplate write =
        new RequestTemplate(
            "POST", null, "/huge", Map.of(), Map.of(), "{}", Map.of(), null, Map.of());
    Completion c = client.send(write, Bindings.of());

    assertThat(c.outcome()).isEqualTo(Outcome.OK);
    assertThat(server.bytesSent()).isLessThan(TestingHostileServer.HUGE_BYTES / 5);
  }

  @Test
  void aBodyThatNeverEndsStopsAtTheTimeout() {
    long start = System.nanoTime();
    Completion c = client.send(read("/endless"), Bindings.of());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(c.outcome()).isEqualTo(Outcome.INFO);
    assertThat(c.status()).isEqualTo(200);
    assertThat(c.error()).startsWith("timeout after 500ms: HTTP 200 but the body did not end (");
    assertThat(took).isLessThan(Duration.ofMillis(500).plus(BoundedExchange.GRACE).plusSeconds(1));
    // and the client is still good for the next operation
    assertThat(client.send(read("/ok"), Bindings.of()).outcome()).isEqualTo(Outcome.OK);
  }
}
