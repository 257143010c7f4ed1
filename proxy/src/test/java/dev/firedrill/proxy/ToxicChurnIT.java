package dev.firedrill.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.firedrill.proxy.link.LinkRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Toxics added, updated and removed while data flows: every byte still arrives intact and in order,
 * and nothing is left running afterwards.
 */
class ToxicChurnIT {
  private static final int CONNECTIONS = 8;
  private static final int BYTES = 64 * 1024;
  private static final int MAX_ROUNDS = 2_000;

  @ParameterizedTest
  @EnumSource(LinkRuntime.Threads.class)
  void bytesSurviveToxicsChangingUnderThem(LinkRuntime.Threads threads) throws Exception {
    try (TestingEchoServer upstream = TestingEchoServer.echo();
        ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0, threads)) {
      TestingHttp http = new TestingHttp(server.apiPort());
      http.post(
          "/proxies",
          "{\"name\":\"churn\",\"listen\":\"127.0.0.1:0\",\"upstream\":\""
              + upstream.address()
              + "\"}");
      String listen = server.proxies().get("churn").listen();
      int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));

      CompletableFuture<Void> churn = CompletableFuture.runAsync(() -> churn(http));
      try (ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS)) {
        List<Future<Integer>> results = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
          int seed = c;
          results.add(clients.submit(() -> echoesIntactWhile(churn, port, seed)));
        }
        int rounds = 0;
        for (Future<Integer> result : results) {
          int intact = result.get(60, TimeUnit.SECONDS);
          assertThat(intact).as("rounds echoed intact, -1 on a mismatch").isPositive();
          rounds += intact;
        }
        assertThat(rounds).as("rounds overlapping the churn").isGreaterThan(2 * CONNECTIONS);
      }
      churn.get(60, TimeUnit.SECONDS);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> {
            assertThat(server.liveThreads()).isEqualTo(1);
            assertThat(server.eventLoopConnections()).isZero();
          });
    }
  }

  /** Adds, updates and removes toxics that delay or reshape but never lose data; bounded. */
  private static void churn(TestingHttp http) {
    String[] toxics = {
      "{\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"%s\",\"attributes\":{\"latency\":2,\"jitter\":1}}",
      "{\"name\":\"cut\",\"type\":\"slicer\",\"stream\":\"%s\",\"attributes\":{\"average_size\":500,\"size_variation\":100}}",
      "{\"name\":\"bw\",\"type\":\"bandwidth\",\"stream\":\"%s\",\"attributes\":{\"rate\":20000}}",
      "{\"name\":\"half\",\"type\":\"latency\",\"stream\":\"%s\",\"toxicity\":0.5,\"attributes\":{\"latency\":1}}"
    };
    Random random = new Random(3);
    for (int i = 0; i < 120; i++) {
      String stream = random.nextBoolean() ? "upstream" : "downstream";
      String body = String.format(toxics[random.nextInt(toxics.length)], stream);
      String name = body.substring(9, body.indexOf('"', 9));
      switch (random.nextInt(3)) {
        case 0 -> http.post("/proxies/churn/toxics", body);
        case 1 -> http.call("PATCH", "/proxies/churn/toxics/" + name, "{\"toxicity\":0.7}");
        default -> http.call("DELETE", "/proxies/churn/toxics/" + name, null);
      }
    }
    http.post("/reset", null);
  }

  /** Echoes 64 KB rounds until the churn ends (bounded); the rounds done, -1 on a mismatch. */
  private static int echoesIntactWhile(CompletableFuture<Void> churn, int port, int seed)
      throws IOException {
    Random random = new Random(seed);
    byte[] sent = new byte[BYTES];
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      int round = 0;
      for (; round < MAX_ROUNDS && !churn.isDone(); round++) {
        random.nextBytes(sent);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(out, sent));
        byte[] received = in.readNBytes(BYTES);
        writer.join();
        if (!Arrays.equals(sent, received)) {
          return -1;
        }
      }
      return round;
    }
  }

  private static void write(OutputStream out, byte[] bytes) {
    try {
      for (int at = 0; at < bytes.length; at += 4096) {
        out.write(bytes, at, Math.min(4096, bytes.length - at));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
