package dev.firedrill.cluster.fault.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.fault.toxiproxy.ToxiproxyDriver;
import dev.firedrill.engine.model.Latency;
import dev.firedrill.engine.model.ProxySpec;
import dev.firedrill.engine.plan.PlannedFault;
import dev.firedrill.engine.run.RunSignals;
import dev.firedrill.proxy.ToxiproxyServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The traffic a network fault saw, on Firedrill's embedded proxy (real toxics). The embedded proxy
 * has no {@code /metrics}, and no real Toxiproxy runs on this machine, so the byte counters come
 * from a small HTTP server serving Toxiproxy's metric page with counters the test sets; the case
 * against the embedded proxy's own (absent) endpoint is tested as it is.
 */
class MeteredToxiproxyDriverIT {

  private ToxiproxyServer proxy;
  private ToxiproxyDriver driver;
  private HttpServer metrics;
  private final AtomicLong bytes = new AtomicLong();
  private final List<String> notes = new CopyOnWriteArrayList<>();
  private final List<String> inconclusive = new CopyOnWriteArrayList<>();
  private final RunSignals signals =
      new RunSignals() {
        @Override
        public void note(String f, String key, Map<String, ?> value, String error) {
          notes.add(f + " " + key + " " + value.get("proxy") + " " + value.get("bytes"));
        }

        @Override
        public void guardrail(String reason) {}

        @Override
        public void inconclusive(String reason) {
          inconclusive.add(reason);
        }
      };

  @BeforeEach
  void start() throws Exception {
    proxy = ToxiproxyServer.start("127.0.0.1", 0);
    driver =
        ToxiproxyDriver.connect(
            URI.create("http://127.0.0.1:" + proxy.apiPort()), Duration.ofSeconds(5));
    driver.ensureProxies(List.of(new ProxySpec("db", "127.0.0.1:" + freePort(), "127.0.0.1:1")));
    metrics = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    metrics.createContext(
        "/metrics",
        ex -> {
          byte[] page =
              ("toxiproxy_proxy_received_bytes_total{direction=\"upstream\",listener=\"x\","
                      + "proxy=\"db\",upstream=\"y\"} "
                      + bytes.get()
                      + "\n")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, page.length);
          ex.getResponseBody().write(page);
          ex.close();
        });
    metrics.start();
  }

  @AfterEach
  void stop() {
    driver.close();
    proxy.close();
    metrics.stop(0);
  }

  @Test
  void aFaultWhoseLinkCarriedBytesNotesThemAndOneThatCarriedNoneIsInconclusive() throws Exception {
    MeteredToxiproxyDriver metered =
        new MeteredToxiproxyDriver(
            driver,
            new ProxyTraffic(
                URI.create("http://127.0.0.1:" + metrics.getAddress().getPort() + "/metrics")),
            signals,
            System::nanoTime);

    PlannedFault used = latency(0);
    LedgerEntry e = metered.prepare(used).getFirst();
    metered.inject(used, e);
    bytes.addAndGet(512);
    metered.heal(e);

    PlannedFault idle = latency(1);
    LedgerEntry f = metered.prepare(idle).getFirst();
    metered.inject(idle, f);
    metered.heal(f);

    assertThat(notes).containsExactly("traffic slow#0 db 512", "traffic slow#1 db 0");
    assertThat(inconclusive)
        .singleElement()
        .asString()
        .startsWith("fault slow#1 (latency) saw no traffic on proxy db while in effect");
    assertThat(proxyToxics()).isEmpty(); // the wrapped driver healed both
  }

  @Test
  void withoutProxyMetricsTheTrafficIsUnknownAndNothingIsNoted() throws Exception {
    MeteredToxiproxyDriver metered =
        new MeteredToxiproxyDriver(
            driver,
            new ProxyTraffic(URI.create(driver.url() + "/metrics")),
            signals,
            System::nanoTime);
    PlannedFault fault = latency(0);
    LedgerEntry e = metered.prepare(fault).getFirst();
    metered.inject(fault, e);
    assertThat(proxyToxics()).hasSize(1);
    metered.heal(e);

    assertThat(notes).isEmpty();
    assertThat(inconclusive).isEmpty();
    assertThat(proxyToxics()).isEmpty();
  }

  private List<?> proxyToxics() throws Exception {
    return new eu.rekawek.toxiproxy.ToxiproxyClient("127.0.0.1", proxy.apiPort())
        .getProxy("db")
        .toxics()
        .getAll();
  }

  private static PlannedFault latency(int occurrence) {
    return new PlannedFault(
        "slow",
        occurrence,
        Duration.ZERO,
        Duration.ofSeconds(1),
        new Latency(List.of("db"), "100ms", null, null, null),
        List.of("db"),
        1);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
