package dev.firedrill.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.firedrill.proxy.link.LinkRuntime;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A thousand concurrent connections through one proxy, then proof that closing them leaves no
 * data-path thread, no connection on an event loop, no platform thread and no file descriptor
 * behind; and that closing the server stops the event loops too.
 */
class ConnectionsIT {
  private static final int CONNECTIONS = 1_000;

  @ParameterizedTest
  @EnumSource(LinkRuntime.Threads.class)
  void aThousandConnectionsWorkAndLeaveNothingBehind(LinkRuntime.Threads threads)
      throws IOException {
    try (TestingEchoServer upstream = TestingEchoServer.echo();
        ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0, threads)) {
      ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", server.apiPort());
      Proxy proxy = client.createProxy("many", "127.0.0.1:0", upstream.address());
      int port =
          Integer.parseInt(proxy.getListen().substring(proxy.getListen().lastIndexOf(':') + 1));
      warmUp(port); // the JDK opens its I/O pollers lazily: keep them out of the count
      await().atMost(Duration.ofSeconds(5)).until(() -> server.liveThreads() == 1); // accept loop
      long fdsBefore = openFileDescriptors();
      int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

      List<Socket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < CONNECTIONS; i++) {
          Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
          socket.setSoTimeout(10_000);
          sockets.add(socket);
        }
        for (int i = 0; i < CONNECTIONS; i++) {
          Socket socket = sockets.get(i);
          socket.getOutputStream().write(i & 0xff);
          assertThat(socket.getInputStream().read()).isEqualTo(i & 0xff);
        }
        assertThat(server.proxies().get("many").linkCount()).isEqualTo(CONNECTIONS);
        assertThat(upstream.openConnections()).isEqualTo(CONNECTIONS);
      } catch (Exception e) {
        throw new AssertionError(e);
      } finally {
        for (Socket socket : sockets) {
          socket.close();
        }
      }

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> {
            assertThat(server.liveThreads()).isEqualTo(1);
            assertThat(server.eventLoopConnections()).isZero();
            assertThat(upstream.openConnections()).isZero();
            assertThat(openFileDescriptors()).isLessThanOrEqualTo(fdsBefore);
            assertThat(ManagementFactory.getThreadMXBean().getThreadCount())
                .isLessThanOrEqualTo(threadsBefore + 2);
          });
      server.close();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> server.liveThreads() == 0 && server.eventLoopThreads() == 0);
    }
  }

  private static void warmUp(int port) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(1);
      assertThat(socket.getInputStream().read()).isEqualTo(1);
    }
  }

  private static long openFileDescriptors() {
    return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getOpenFileDescriptorCount();
  }
}
