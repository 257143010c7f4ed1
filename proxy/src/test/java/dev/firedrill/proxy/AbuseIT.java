package dev.firedrill.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hostile or broken input neither kills the server nor leaks threads or descriptors. */
class AbuseIT {

  @Test
  void survivesGarbageHalfRequestsChurnAndAnUnreachableUpstream() throws Exception {
    try (ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0)) {
      TestingHttp http = new TestingHttp(server.apiPort());
      int deadPort = closedPort();
      http.post(
          "/proxies",
          "{\"name\":\"dead\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:"
              + deadPort
              + "\"}");
      String listen = server.proxies().get("dead").listen();
      int proxyPort = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
      long fdsBefore = openFileDescriptors();

      Random random = new Random(7);
      for (int i = 0; i < 50; i++) {
        sendRaw(server.apiPort(), garbage(random));
        sendRaw(
            server.apiPort(),
            "POST /proxies HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"na".getBytes());
        assertUpstreamFailureClosesClient(proxyPort);
      }
      for (int i = 0; i < 50; i++) {
        String name = "churn" + i;
        http.post(
            "/proxies",
            "{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\"}");
        http.post("/proxies/" + name + "/toxics", "{\"type\":\"timeout\"}");
        assertThat(http.call("DELETE", "/proxies/" + name, null).statusCode()).isEqualTo(204);
      }

      assertThat(http.get("/version").statusCode()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> {
            assertThat(server.liveThreads()).isEqualTo(1); // the "dead" proxy's accept loop
            assertThat(server.proxies().get("dead").linkCount()).isZero();
            assertThat(openFileDescriptors()).isLessThanOrEqualTo(fdsBefore + 4);
          });
    }
  }

  private static void assertUpstreamFailureClosesClient(int proxyPort) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxyPort)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(1);
      int read;
      try {
        read = socket.getInputStream().read();
      } catch (java.net.SocketException e) {
        read = -1; // reset: closed just the same
      }
      assertThat(read).isEqualTo(-1);
    }
  }

  private static byte[] garbage(Random random) {
    byte[] bytes = new byte[1 + random.nextInt(2048)];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Writes and closes without reading: a broken client. */
  private static void sendRaw(int port, byte[] bytes) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = socket.getOutputStream();
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      // The server may close first: that is a valid answer to garbage.
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  private static long openFileDescriptors() {
    return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getOpenFileDescriptorCount();
  }
}
