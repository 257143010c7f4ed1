package dev.firedrill.engine.fault.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.engine.model.Bandwidth;
import dev.firedrill.engine.model.DataLimit;
import dev.firedrill.engine.model.Direction;
import dev.firedrill.engine.model.Latency;
import dev.firedrill.engine.model.NetworkFault;
import dev.firedrill.engine.model.Partition;
import dev.firedrill.engine.model.Pause;
import dev.firedrill.engine.model.ProxySpec;
import dev.firedrill.engine.model.ResetPeer;
import dev.firedrill.engine.model.SlowClose;
import dev.firedrill.engine.model.TimeoutFault;
import dev.firedrill.engine.plan.PlannedFault;
import dev.firedrill.proxy.ToxiproxyServer;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault driver against the embedded server, through the real Java client. */
class ToxiproxyDriverIT {
  private static final List<String> DB = List.of("db");

  private ToxiproxyServer server;
  private TestingEchoUpstream upstream;
  private ToxiproxyDriver driver;
  private ToxiproxyClient client;
  private int listenPort;

  @BeforeEach
  void start() throws Exception {
    server = ToxiproxyServer.start("127.0.0.1", 0);
    upstream = new TestingEchoUpstream();
    driver =
        ToxiproxyDriver.connect(
            URI.create("http://127.0.0.1:" + server.apiPort()), Duration.ofSeconds(5));
    client = new ToxiproxyClient("127.0.0.1", server.apiPort());
    listenPort = freePort();
    driver.ensureProxies(
        List.of(new ProxySpec("db", "127.0.0.1:" + listenPort, upstream.address())));
  }

  @AfterEach
  void stop() throws IOException {
    driver.close();
    server.close();
    upstream.close();
  }

  @Test
  void ensureProxiesIsRepeatableAndReenablesAPartitionedProxy() throws Exception {
    driver.inject("db", new Partition(DB));
    driver.ensureProxies(
        List.of(new ProxySpec("db", "127.0.0.1:" + listenPort, upstream.address())));
    Proxy db = client.getProxy("db");
    assertThat(db.isEnabled()).isTrue();
    assertThat(db.getListen()).isEqualTo("127.0.0.1:" + listenPort);
    assertThat(roundTripMillis()).isLessThan(1_000);
  }

  @Test
  void latencyOnBothStreamsUsesDeterministicNamesAndHealsIdempotently() throws Exception {
    NetworkFault latency = new Latency(DB, "100ms", "10ms", Direction.BOTH, 1.0);
    driver.inject("db", latency);
    assertThat(toxics())
        .containsOnlyKeys("firedrill-latency-upstream", "firedrill-latency-downstream");
    var toxic = client.getProxy("db").toxics().get("firedrill-latency-downstream", Toxic.class);
    assertThat(toxic).isInstanceOf(eu.rekawek.toxiproxy.model.toxic.Latency.class);
    assertThat(((eu.rekawek.toxiproxy.model.toxic.Latency) toxic).getJitter()).isEqualTo(10);
    assertThat(roundTripMillis()).isGreaterThanOrEqualTo(170);

    driver.heal("db", latency);
    driver.heal("db", latency);
    assertThat(toxics()).isEmpty();
    assertThat(roundTripMillis()).isLessThan(150);
  }

  @Test
  void injectingAgainReplacesTheToxicLeftBehind() throws Exception {
    driver.inject("db", new Latency(DB, "100ms", null, Direction.DOWNSTREAM, 1.0));
    driver.inject("db", new Latency(DB, "40ms", null, Direction.DOWNSTREAM, 1.0));
    var toxic = client.getProxy("db").toxics().get("firedrill-latency-downstream", Toxic.class);
    assertThat(((eu.rekawek.toxiproxy.model.toxic.Latency) toxic).getLatency()).isEqualTo(40);
    assertThat(toxics()).hasSize(1);
  }

  @Test
  void everyFaultBecomesItsToxic() throws Exception {
    driver.inject("db", new Bandwidth(DB, 50L, Direction.UPSTREAM, 1.0));
    driver.inject("db", new SlowClose(DB, "2s", null, 1.0));
    driver.inject("db", new ResetPeer(DB, "1s", null, 1.0));
    driver.inject("db", new TimeoutFault(DB, null, Direction.UPSTREAM, 0.0));
    driver.inject("db", new DataLimit(DB, 4096L, null, 0.5));
    Map<String, Toxic> toxics = toxics();
    assertThat(toxics)
        .containsOnlyKeys(
            "firedrill-bandwidth-upstream",
            "firedrill-slowClose-downstream",
            "firedrill-resetPeer-downstream",
            "firedrill-timeout-upstream",
            "firedrill-dataLimit-downstream");
    assertThat(toxics.get("firedrill-bandwidth-upstream"))
        .isInstanceOfSatisfying(
            eu.rekawek.toxiproxy.model.toxic.Bandwidth.class,
            t -> assertThat(t.getRate()).isEqualTo(50));
    assertThat(toxics.get("firedrill-slowClose-downstream"))
        .isInstanceOfSatisfying(
            eu.rekawek.toxiproxy.model.toxic.SlowClose.class,
            t -> assertThat(t.getDelay()).isEqualTo(2_000));
    assertThat(toxics.get("firedrill-resetPeer-downstream"))
        .isInstanceOfSatisfying(
            eu.rekawek.toxiproxy.model.toxic.ResetPeer.class,
            t -> assertThat(t.getTimeout()).isEqualTo(1_000));
    assertThat(toxics.get("firedrill-timeout-upstream").getToxicity()).isZero();
    assertThat(toxics.get("firedrill-dataLimit-downstream"))
        .isInstanceOfSatisfying(
            eu.rekawek.toxiproxy.model.toxic.LimitData.class,
            t -> {
              assertThat(t.getBytes()).isEqualTo(4096);
              assertThat(t.getToxicity()).isEqualTo(0.5f);
            });
  }

  @Test
  void asTheEnginesFaultDriverItActsOnEveryTargetProxy() throws Exception {
    driver.ensureProxies(
        List.of(
            new ProxySpec("db", "127.0.0.1:" + listenPort, upstream.address()),
            new ProxySpec("cache", "127.0.0.1:" + freePort(), upstream.address())));
    var latency = new Latency(List.of("db", "cache"), "50ms", null, null, null);
    var planned =
        new PlannedFault(
            "slow", 0, Duration.ZERO, Duration.ofSeconds(5), latency, List.of("db", "cache"), 1);
    assertThat(driver.handles(latency)).isTrue();
    assertThat(driver.handles(new Pause(List.of("app")))).isFalse();

    assertThat(driver.inject(planned)).isEqualTo("proxies db, cache");
    assertThat(client.getProxy("cache").toxics().getAll()).hasSize(1);
    assertThat(toxics()).containsOnlyKeys("firedrill-latency-downstream");

    driver.heal(planned);
    driver.heal(planned);
    assertThat(client.getProxy("cache").toxics().getAll()).isEmpty();
    assertThat(toxics()).isEmpty();
  }

  @Test
  void partitionRefusesConnectionsUntilHealed() throws Exception {
    driver.inject("db", new Partition(DB));
    assertThatThrownBy(this::roundTripMillis).isInstanceOf(ConnectException.class);
    driver.heal("db", new Partition(DB));
    driver.heal("db", new Partition(DB));
    assertThat(roundTripMillis()).isLessThan(1_000);
  }

  @Test
  void healingWhatWasNeverInjectedOrAMissingProxyIsFine() throws Exception {
    driver.heal("db", new TimeoutFault(DB, null, null, null));
    driver.heal("gone", new Latency(List.of("gone"), "1s", null, null, null));
    driver.heal("gone", new Partition(List.of("gone")));
    assertThat(toxics()).isEmpty();
    assertThatThrownBy(() -> driver.inject("gone", new Partition(List.of("gone"))))
        .isInstanceOf(ToxiproxyException.class)
        .hasMessageContaining("gone");
  }

  @Test
  void everyCallTimesOutAgainstAServerThatNeverAnswers() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ToxiproxyDriver stuck =
            ToxiproxyDriver.connect(
                URI.create("http://127.0.0.1:" + silent.getLocalPort()), Duration.ofMillis(300))) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> stuck.heal("db", new Latency(DB, "1s", null, null, null)))
          .isInstanceOf(ToxiproxyException.class);
      assertThatThrownBy(() -> stuck.inject("db", new Partition(DB)))
          .isInstanceOf(ToxiproxyException.class);
      assertThatThrownBy(() -> stuck.ensureProxies(List.of()))
          .isInstanceOf(ToxiproxyException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void anUnreachableServerIsAnErrorEvenWhenHealing() throws Exception {
    int closedPort = freePort();
    try (ToxiproxyDriver nowhere =
        ToxiproxyDriver.connect(
            URI.create("http://127.0.0.1:" + closedPort), Duration.ofSeconds(2))) {
      assertThatThrownBy(() -> nowhere.heal("db", new Latency(DB, "1s", null, null, null)))
          .isInstanceOf(ToxiproxyException.class);
    }
  }

  private Map<String, Toxic> toxics() throws IOException {
    Map<String, Toxic> byName = new java.util.TreeMap<>();
    for (Toxic toxic : client.getProxy("db").toxics().getAll()) {
      byName.put(toxic.getName(), toxic);
    }
    return byName;
  }

  private long roundTripMillis() throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listenPort)) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(5_000);
      long started = System.nanoTime();
      socket.getOutputStream().write(7);
      assertThat(socket.getInputStream().read()).isEqualTo(7);
      return (System.nanoTime() - started) / 1_000_000;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
