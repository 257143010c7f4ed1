package dev.firedrill.engine.fault.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.engine.fault.LedgerEntry;
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
import eu.rekawek.toxiproxy.model.ToxicDirection;
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

  /** A planned occurrence of {@code action} on {@code proxies}, as the planner makes it. */
  private static PlannedFault planned(
      String name, int n, NetworkFault action, List<String> proxies) {
    return new PlannedFault(name, n, Duration.ZERO, Duration.ofSeconds(5), action, proxies, 1);
  }

  /** Prepares and injects every target, as the nemesis does; returns the ledger entries. */
  private List<LedgerEntry> inject(PlannedFault fault) throws Exception {
    List<LedgerEntry> entries = driver.prepare(fault);
    for (LedgerEntry e : entries) {
      driver.inject(fault, e);
    }
    return entries;
  }

  private void heal(List<LedgerEntry> entries) throws Exception {
    for (LedgerEntry e : entries) {
      driver.heal(e);
    }
  }

  @Test
  void ensureProxiesIsRepeatableReenablesAPartitionedProxyAndRemovesLeftoverToxics()
      throws Exception {
    inject(planned("cut", 0, new Partition(DB), DB));
    inject(planned("slow", 3, new Latency(DB, "500ms", null, Direction.BOTH, 1.0), DB));
    client.getProxy("db").toxics().latency("someone-elses", ToxicDirection.UPSTREAM, 1);

    driver.ensureProxies(
        List.of(new ProxySpec("db", "127.0.0.1:" + listenPort, upstream.address())));

    Proxy db = client.getProxy("db");
    assertThat(db.isEnabled()).isTrue();
    assertThat(db.getListen()).isEqualTo("127.0.0.1:" + listenPort);
    assertThat(toxics())
        .as("only Firedrill's leftovers are removed")
        .containsOnlyKeys("someone-elses");
    assertThat(roundTripMillis()).isLessThan(1_000);
  }

  @Test
  void latencyOnBothStreamsNamesItsToxicsInTheLedgerAndHealsIdempotently() throws Exception {
    NetworkFault latency = new Latency(DB, "300ms", "10ms", Direction.BOTH, 1.0);
    List<LedgerEntry> entries = inject(planned("slow", 2, latency, DB));

    assertThat(entries)
        .singleElement()
        .satisfies(e -> {
          assertThat(e.driver()).isEqualTo("toxiproxy");
          assertThat(e.target()).isEqualTo("db");
          assertThat(e.occurrence()).isEqualTo("slow#2");
          assertThat(e.exclusive()).isNull();
          assertThat(e.undo())
              .containsEntry("url", "http://127.0.0.1:" + server.apiPort())
              .containsEntry(
                  "toxics",
                  "firedrill-slow-2-latency-upstream,firedrill-slow-2-latency-downstream");
        });
    assertThat(toxics())
        .containsOnlyKeys(
            "firedrill-slow-2-latency-upstream", "firedrill-slow-2-latency-downstream");
    var toxic =
        client.getProxy("db").toxics().get("firedrill-slow-2-latency-downstream", Toxic.class);
    assertThat(((eu.rekawek.toxiproxy.model.toxic.Latency) toxic).getJitter()).isEqualTo(10);
    assertThat(roundTripMillis()).isGreaterThanOrEqualTo(570);

    heal(entries);
    heal(entries);
    assertThat(toxics()).isEmpty();
    assertThat(roundTripMillis()).isLessThan(400);
  }

  @Test
  void overlappingFaultsOnOneProxyAndStreamEachHaveTheirOwnToxicAndHeal() throws Exception {
    List<LedgerEntry> slow =
        inject(planned("slow", 0, new Latency(DB, "300ms", null, Direction.DOWNSTREAM, 1.0), DB));
    List<LedgerEntry> slower =
        inject(
            planned("slower", 0, new Latency(DB, "1500ms", null, Direction.DOWNSTREAM, 1.0), DB));
    assertThat(toxics())
        .containsOnlyKeys(
            "firedrill-slow-0-latency-downstream", "firedrill-slower-0-latency-downstream");
    assertThat(roundTripMillis())
        .as("chained latency toxics delay each chunk to its read time plus the larger delay")
        .isGreaterThanOrEqualTo(1500);

    heal(slower);
    assertThat(toxics()).containsOnlyKeys("firedrill-slow-0-latency-downstream");
    assertThat(roundTripMillis()).as("the first fault is still in effect").isBetween(300L, 1499L);

    heal(slow);
    assertThat(toxics()).isEmpty();
    assertThat(roundTripMillis()).isLessThan(300);
  }

  @Test
  void aSameNamedToxicLeftBehindIsReplaced() throws Exception {
    var fault = planned("slow", 0, new Latency(DB, "100ms", null, Direction.DOWNSTREAM, 1.0), DB);
    inject(fault);
    driver.addToxics(
        "db",
        new Latency(DB, "40ms", null, Direction.DOWNSTREAM, 1.0),
        List.of("firedrill-slow-0-latency-downstream"));
    var toxic =
        client.getProxy("db").toxics().get("firedrill-slow-0-latency-downstream", Toxic.class);
    assertThat(((eu.rekawek.toxiproxy.model.toxic.Latency) toxic).getLatency()).isEqualTo(40);
    assertThat(toxics()).hasSize(1);
  }

  @Test
  void everyFaultBecomesItsToxic() throws Exception {
    inject(planned("bw", 0, new Bandwidth(DB, 50L, Direction.UPSTREAM, 1.0), DB));
    inject(planned("sc", 0, new SlowClose(DB, "2s", null, 1.0), DB));
    inject(planned("rp", 0, new ResetPeer(DB, "1s", null, 1.0), DB));
    inject(planned("to", 0, new TimeoutFault(DB, null, Direction.UPSTREAM, 0.0), DB));
    inject(planned("dl", 0, new DataLimit(DB, 4096L, null, 0.5), DB));
    Map<String, Toxic> toxics = toxics();
    assertThat(toxics)
        .containsOnlyKeys(
            "firedrill-bw-0-bandwidth-upstream",
            "firedrill-sc-0-slowClose-downstream",
            "firedrill-rp-0-resetPeer-downstream",
            "firedrill-to-0-timeout-upstream",
            "firedrill-dl-0-dataLimit-downstream");
    assertThat(toxics.get("firedrill-bw-0-bandwidth-upstream"))
        .isInstanceOfSatisfying(
            eu.rekawek.toxiproxy.model.toxic.Bandwidth.class,
            t -> assertThat(t.getRate()).isEqualTo(50));
    assertThat(toxics.get("firedrill-sc-0-slowClose-downstream"))
        .isInstanceOfSatisfying(
            eu.rekawek.toxiproxy.model.toxic.SlowClose.class,
            t -> assertThat(t.getDelay()).isEqualTo(2_000));
    assertThat(toxics.get("firedrill-rp-0-resetPeer-downstream"))
        .isInstanceOfSatisfying(
            eu.rekawek.toxiproxy.model.toxic.ResetPeer.class,
            t -> assertThat(t.getTimeout()).isEqualTo(1_000));
    assertThat(toxics.get("firedrill-to-0-timeout-upstream").getToxicity()).isZero();
    assertThat(toxics.get("firedrill-dl-0-dataLimit-downstream"))
        .isInstanceOfSatisfying(
            eu.rekawek.toxiproxy.model.toxic.LimitData.class,
            t -> {
              assertThat(t.getBytes()).isEqualTo(4096);
              assertThat(t.getToxicity()).isEqualTo(0.5f);
            });
  }

  @Test
  void asTheEnginesFaultDriverItPreparesOneEntryPerTargetProxy() throws Exception {
    driver.ensureProxies(
        List.of(
            new ProxySpec("db", "127.0.0.1:" + listenPort, upstream.address()),
            new ProxySpec("cache", "127.0.0.1:" + freePort(), upstream.address())));
    var latency = new Latency(List.of("db", "cache"), "50ms", null, null, null);
    var fault = planned("slow", 0, latency, List.of("db", "cache"));
    assertThat(driver.handles(fault)).isTrue();
    assertThat(
            driver.handles(
                new PlannedFault(
                    "p",
                    0,
                    Duration.ZERO,
                    Duration.ofSeconds(1),
                    new Pause(List.of("app")),
                    List.of("app"),
                    1)))
        .isFalse();

    List<LedgerEntry> entries = inject(fault);
    assertThat(entries).extracting(LedgerEntry::target).containsExactly("db", "cache");
    assertThat(client.getProxy("cache").toxics().getAll()).hasSize(1);
    assertThat(toxics()).containsOnlyKeys("firedrill-slow-0-latency-downstream");

    heal(entries);
    heal(entries);
    assertThat(client.getProxy("cache").toxics().getAll()).isEmpty();
    assertThat(toxics()).isEmpty();
  }

  @Test
  void aPartitionIsAnExclusiveResourceHealedByReenabling() throws Exception {
    List<LedgerEntry> cut = inject(planned("cut", 0, new Partition(DB), DB));
    assertThat(cut.getFirst().exclusive())
        .isEqualTo("toxiproxy http://127.0.0.1:" + server.apiPort() + " proxy db enabled");
    assertThatThrownBy(this::roundTripMillis).isInstanceOf(ConnectException.class);
    heal(cut);
    heal(cut);
    assertThat(roundTripMillis()).isLessThan(1_000);
  }

  @Test
  void healingWhatWasNeverInjectedOrAMissingProxyIsFine() throws Exception {
    heal(driver.prepare(planned("to", 0, new TimeoutFault(DB, null, null, null), DB)));
    List<String> gone = List.of("gone");
    heal(driver.prepare(planned("slow", 0, new Latency(gone, "1s", null, null, null), gone)));
    heal(driver.prepare(planned("cut", 0, new Partition(gone), gone)));
    assertThat(toxics()).isEmpty();
    assertThatThrownBy(() -> inject(planned("cut", 1, new Partition(gone), gone)))
        .isInstanceOf(ToxiproxyException.class)
        .hasMessageContaining("gone");
  }

  @Test
  void aHealerWithNoLiveRunUndoesAnEntryFromItsUrl() throws Exception {
    List<LedgerEntry> entries =
        inject(planned("slow", 0, new Latency(DB, "300ms", null, null, null), DB));
    driver.close(); // the run is gone; only its ledger entry is left

    try (ToxiproxyHealer healer = new ToxiproxyHealer(Duration.ofSeconds(5))) {
      healer.heal(entries.getFirst());
    }
    assertThat(toxics()).isEmpty();
    driver =
        ToxiproxyDriver.connect(
            URI.create("http://127.0.0.1:" + server.apiPort()), Duration.ofSeconds(5));
  }

  @Test
  void everyCallTimesOutAgainstAServerThatNeverAnswers() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ToxiproxyDriver stuck =
            ToxiproxyDriver.connect(
                URI.create("http://127.0.0.1:" + silent.getLocalPort()), Duration.ofMillis(300))) {
      long started = System.nanoTime();
      var slow = planned("slow", 0, new Latency(DB, "1s", null, null, null), DB);
      assertThatThrownBy(() -> stuck.heal(stuck.prepare(slow).getFirst()))
          .isInstanceOf(ToxiproxyException.class);
      assertThatThrownBy(() -> stuck.setEnabled("db", false))
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
      var slow = planned("slow", 0, new Latency(DB, "1s", null, null, null), DB);
      assertThatThrownBy(() -> nowhere.heal(nowhere.prepare(slow).getFirst()))
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
