package dev.firedrill.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.proxy.link.LinkRuntime;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each toxic's effect on real sockets on 127.0.0.1, driven through the official Java client.
 * Tolerances are wide upwards (a shared 2-core machine) and tight downwards (a toxic that did not
 * apply fails the lower bound).
 */
class ToxicEffectsIT {
  private static final byte[] PAYLOAD = randomBytes(64 * 1024);

  private ToxiproxyServer server;
  private TestingEchoServer upstream;
  private Proxy proxy;
  private int port;

  /** The data path under test; {@link ToxicEffectsOnEventLoopIT} runs every case on the other. */
  LinkRuntime.Threads threads() {
    return ToxiproxyServer.defaultThreads();
  }

  @BeforeEach
  void start() throws IOException {
    server = ToxiproxyServer.start("127.0.0.1", 0, threads());
    upstream = TestingEchoServer.greeting(PAYLOAD);
    ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", server.apiPort());
    proxy = client.createProxy("db", "127.0.0.1:0", upstream.address());
    port = Integer.parseInt(proxy.getListen().substring(proxy.getListen().lastIndexOf(':') + 1));
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    upstream.close();
  }

  @Test
  void withoutToxicsBytesPassUnchanged() throws IOException {
    try (Socket socket = connect()) {
      assertThat(readExactly(socket, PAYLOAD.length)).isEqualTo(PAYLOAD);
      byte[] ping = "ping".getBytes();
      socket.getOutputStream().write(ping);
      assertThat(readExactly(socket, ping.length)).isEqualTo(ping);
    }
  }

  @Test
  void latencyDelaysEachChunkWithinTolerance() throws IOException {
    try (Socket socket = connect()) {
      readExactly(socket, PAYLOAD.length);
      proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 150); // on an open connection
      long started = System.nanoTime();
      socket.getOutputStream().write(1);
      readExactly(socket, 1);
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertThat(millis).isBetween(145L, 1_000L);
    }
  }

  @Test
  void toxicityZeroNeverApplies() throws IOException {
    proxy.toxics().latency("never", ToxicDirection.DOWNSTREAM, 2_000).setToxicity(0f);
    for (int i = 0; i < 20; i++) {
      long started = System.nanoTime();
      try (Socket socket = connect()) {
        readExactly(socket, PAYLOAD.length);
      }
      assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1_000L);
    }
  }

  @Test
  void toxicityIsDecidedOncePerConnection() throws IOException {
    proxy.toxics().latency("half", ToxicDirection.DOWNSTREAM, 100).setToxicity(0.5f);
    int slow = 0;
    int fast = 0;
    for (int i = 0; i < 20; i++) {
      try (Socket socket = connect()) {
        readExactly(socket, PAYLOAD.length);
        boolean first = roundTripMillis(socket) >= 95;
        boolean second = roundTripMillis(socket) >= 95;
        assertThat(second).as("same decision for the whole connection").isEqualTo(first);
        if (first) {
          slow++;
        } else {
          fast++;
        }
      }
    }
    assertThat(slow).isPositive(); // both fail together with probability 2 / 2^20
    assertThat(fast).isPositive();
  }

  @Test
  void partitionRefusesNewConnectionsAndClosesOpenOnes() throws IOException {
    try (Socket open = connect()) {
      readExactly(open, PAYLOAD.length);
      proxy.disable();
      assertClosedWithin(open, 2_000);
      assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
    }
    proxy.enable();
    try (Socket again = connect()) {
      assertThat(readExactly(again, PAYLOAD.length)).isEqualTo(PAYLOAD);
    }
  }

  @Test
  void timeoutZeroIsABlackholeAndRemovingItClosesHeldConnections() throws IOException {
    var blackhole = proxy.toxics().timeout("hole", ToxicDirection.DOWNSTREAM, 0);
    try (Socket socket = connect()) {
      socket.setSoTimeout(500);
      assertThatThrownBy(() -> socket.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
      blackhole.remove();
      assertClosedWithin(socket, 2_000);
    }
  }

  @Test
  void resetRemovesToxicsAndClosesWhatATimeoutHeld() throws IOException {
    proxy.toxics().timeout("hole", ToxicDirection.DOWNSTREAM, 0);
    try (Socket socket = connect()) {
      socket.setSoTimeout(300);
      assertThatThrownBy(() -> socket.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
      new ToxiproxyClient("127.0.0.1", server.apiPort()).reset();
      assertClosedWithin(socket, 2_000);
    }
    assertThat(proxy.toxics().getAll()).isEmpty();
  }

  @Test
  void anUpdateAppliesToOpenConnections() throws IOException {
    var latency = proxy.toxics().latency("slow", ToxicDirection.UPSTREAM, 0);
    try (Socket socket = connect()) {
      readExactly(socket, PAYLOAD.length);
      assertThat(roundTripMillis(socket)).isLessThan(100);
      latency.setLatency(150).setJitter(20);
      assertThat(roundTripMillis(socket)).isBetween(125L, 1_000L);
    }
  }

  @Test
  void timeoutClosesTheConnectionAfterItsDelay() throws IOException {
    proxy.toxics().timeout("cut", ToxicDirection.DOWNSTREAM, 200);
    long started = System.nanoTime();
    try (Socket socket = connect()) {
      assertClosedWithin(socket, 3_000);
    }
    assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(190L);
  }

  @Test
  void slicerDeliversIdenticalBytes() throws IOException {
    proxy.toxics().slicer("slices", ToxicDirection.DOWNSTREAM, 100, 0).setSizeVariation(60);
    try (Socket socket = connect()) {
      assertThat(readExactly(socket, PAYLOAD.length)).isEqualTo(PAYLOAD);
    }
  }

  @Test
  void limitDataClosesAfterExactlyNBytes() throws IOException {
    proxy.toxics().limitData("cap", ToxicDirection.DOWNSTREAM, 1_000);
    try (Socket socket = connect()) {
      socket.setSoTimeout(3_000);
      byte[] received = socket.getInputStream().readAllBytes();
      assertThat(received).isEqualTo(Arrays.copyOf(PAYLOAD, 1_000));
    }
  }

  @Test
  void limitDataKeepsItsCountAcrossAnUpdate() throws IOException {
    try (TestingEchoServer echo = TestingEchoServer.echo()) {
      ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", server.apiPort());
      Proxy echoProxy = client.createProxy("echo", "127.0.0.1:0", echo.address());
      var cap = echoProxy.toxics().limitData("cap", ToxicDirection.DOWNSTREAM, 1_000);
      String listen = echoProxy.getListen();
      try (Socket socket =
          new Socket(
              InetAddress.getLoopbackAddress(),
              Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)))) {
        socket.setSoTimeout(3_000);
        socket.getOutputStream().write(PAYLOAD, 0, 600);
        assertThat(readExactly(socket, 600)).isEqualTo(Arrays.copyOf(PAYLOAD, 600));
        cap.setBytes(1_500); // 600 already counted: 900 more may pass, not 1,500
        socket.getOutputStream().write(PAYLOAD, 600, 1_000);
        byte[] rest = socket.getInputStream().readAllBytes();
        assertThat(rest).isEqualTo(Arrays.copyOfRange(PAYLOAD, 600, 1_500));
      }
    }
  }

  @Test
  void bandwidthLimitsTheRate() throws IOException {
    proxy.toxics().bandwidth("thin", ToxicDirection.DOWNSTREAM, 100); // 100 KB/s
    long started = System.nanoTime();
    try (Socket socket = connect()) {
      assertThat(readExactly(socket, PAYLOAD.length)).isEqualTo(PAYLOAD);
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertThat(millis).isBetween(500L, 3_000L); // 65.5 KB at 100 KB/s: ~655 ms
  }

  @Test
  void bandwidthZeroHoldsDataUntilRemoved() throws IOException {
    var held = proxy.toxics().bandwidth("held", ToxicDirection.DOWNSTREAM, 0);
    try (Socket socket = connect()) {
      socket.setSoTimeout(400);
      assertThatThrownBy(() -> socket.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
      held.remove();
      socket.setSoTimeout(3_000);
      assertThat(readExactly(socket, PAYLOAD.length)).isEqualTo(PAYLOAD);
    }
  }

  @Test
  void resetPeerResetsTheConnection() throws IOException {
    proxy.toxics().resetPeer("rst", ToxicDirection.UPSTREAM, 0);
    try (Socket socket = connect()) {
      readExactly(socket, PAYLOAD.length);
      socket.getOutputStream().write(1);
      socket.setSoTimeout(3_000);
      assertThatThrownBy(() -> socket.getInputStream().read())
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("reset");
    }
  }

  @Test
  void slowCloseDelaysTheClose() throws IOException {
    proxy.toxics().slowClose("lazy", ToxicDirection.DOWNSTREAM, 300);
    try (Socket socket = connect()) {
      readExactly(socket, PAYLOAD.length);
      long started = System.nanoTime();
      socket.shutdownOutput(); // the echo server then closes, and the proxy delays passing it on
      assertClosedWithin(socket, 3_000);
      assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(290L);
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(5_000);
    return socket;
  }

  private static long roundTripMillis(Socket socket) throws IOException {
    long started = System.nanoTime();
    socket.getOutputStream().write(1);
    readExactly(socket, 1);
    return (System.nanoTime() - started) / 1_000_000;
  }

  private static byte[] readExactly(Socket socket, int length) throws IOException {
    byte[] data = socket.getInputStream().readNBytes(length);
    assertThat(data).hasSize(length);
    return data;
  }

  /** The peer closed (EOF or reset) within the time limit. */
  private static void assertClosedWithin(Socket socket, int millis) throws IOException {
    socket.setSoTimeout(millis);
    InputStream in = socket.getInputStream();
    try {
      assertThat(in.read()).isEqualTo(-1);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("still open after " + millis + " ms", e);
    } catch (SocketException e) {
      assertThat(e.getMessage()).containsIgnoringCase("reset");
    }
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(42).nextBytes(bytes);
    return bytes;
  }
}
