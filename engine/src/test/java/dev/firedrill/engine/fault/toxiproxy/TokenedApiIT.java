package dev.firedrill.engine.fault.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.Direction;
import dev.firedrill.engine.model.Latency;
import dev.firedrill.engine.model.Partition;
import dev.firedrill.engine.model.ProxySpec;
import dev.firedrill.engine.plan.PlannedFault;
import dev.firedrill.proxy.ToxiproxyServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver and the healer against the embedded server started with a token, as a cluster run's
 * own Toxiproxy is: without the token every call is refused (401), with it the official Java client
 * and the JDK calls alike inject and heal, and the ledger entries carry no token.
 */
class TokenedApiIT {
  private static final String TOKEN = "0123456789abcdef0123456789abcdef";
  private static final List<String> DB = List.of("db");

  private ToxiproxyServer server;
  private TestingEchoUpstream upstream;
  private URI api;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = ToxiproxyServer.startWithToken("127.0.0.1", 0, TOKEN);
    upstream = new TestingEchoUpstream();
    api = URI.create("http://127.0.0.1:" + server.apiPort());
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    server.close();
    upstream.close();
  }

  @Test
  void withoutTheTokenTheDriverIsRefused() throws Exception {
    assertThat(status(null)).isEqualTo(401);
    ToxiproxyDriver stranger = keep(ToxiproxyDriver.connect(api, Duration.ofSeconds(5)));
    assertThatThrownBy(() -> stranger.ensureProxies(List.of(db())))
        .isInstanceOf(ToxiproxyException.class)
        .hasMessageContaining("401");
    ToxiproxyDriver wrong =
        keep(ToxiproxyDriver.connect(api, Duration.ofSeconds(5), "not-" + TOKEN));
    assertThatThrownBy(() -> wrong.ensureProxies(List.of(db())))
        .isInstanceOf(ToxiproxyException.class)
        .hasMessageContaining("401");
    assertThat(server.proxies().all()).as("no proxy was opened").isEmpty();
  }

  @Test
  void withTheTokenTheDriverInjectsAndTheHealerHealsFromTheLedgerAlone() throws Exception {
    ToxiproxyDriver driver = keep(ToxiproxyDriver.connect(api, Duration.ofSeconds(5), TOKEN));
    driver.ensureProxies(List.of(db()));
    PlannedFault cut = planned("cut", new Partition(DB));
    PlannedFault slow = planned("slow", new Latency(DB, "500ms", null, Direction.BOTH, 1.0));
    List<LedgerEntry> entries = new ArrayList<>();
    for (PlannedFault f : List.of(cut, slow)) {
      for (LedgerEntry e : driver.prepare(f)) {
        driver.inject(f, e);
        entries.add(e);
      }
    }
    assertThat(server.proxies().get("db").enabled()).isFalse();
    assertThat(server.proxies().get("db").toxics()).isNotEmpty();
    assertThat(entries)
        .allSatisfy(e -> assertThat(e.undo().toString()).doesNotContain(TOKEN))
        .allSatisfy(e -> assertThat(e.undo()).containsEntry("url", api.toString()));
    driver.close();
    closing.remove(driver);

    try (ToxiproxyHealer stranger = new ToxiproxyHealer(Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> stranger.heal(entries.getFirst()))
          .isInstanceOf(ToxiproxyException.class)
          .hasMessageContaining("401");
    }
    try (ToxiproxyHealer healer =
        new ToxiproxyHealer(Duration.ofSeconds(5), Map.of(api.toString(), TOKEN))) {
      for (LedgerEntry e : entries) {
        healer.heal(e);
      }
    }
    assertThat(server.proxies().get("db").enabled()).isTrue();
    assertThat(server.proxies().get("db").toxics()).isEmpty();
  }

  private ProxySpec db() throws Exception {
    return new ProxySpec("db", "127.0.0.1:" + freePort(), upstream.address());
  }

  private static PlannedFault planned(String name, dev.firedrill.engine.model.FaultAction action) {
    return new PlannedFault(name, 0, Duration.ZERO, Duration.ofSeconds(5), action, DB, 1);
  }

  private int status(String authorization) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(api.resolve("/proxies")).GET();
    if (authorization != null) {
      r.header("Authorization", authorization);
    }
    return HttpClient.newHttpClient()
        .send(r.build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private ToxiproxyDriver keep(ToxiproxyDriver driver) {
    closing.add(driver);
    return driver;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
