package dev.firedrill.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.InetAddress;
import java.net.PasswordAuthentication;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The API is safe on a network: requests that never finish are cut off, names the API could not
 * address are refused, an empty listen stays on loopback, a token keeps strangers out, and {@code
 * /reset} and {@code /populate} do what they can and report every failure.
 */
class ApiOnANetworkIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void slowAndHalfOpenRequestsAreCutOffWhileTheApiKeepsAnswering() throws Exception {
    try (ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0)) {
      List<Socket> halfOpen = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.apiPort());
        socket
            .getOutputStream()
            .write(
                "POST /proxies HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"na"
                    .getBytes(StandardCharsets.US_ASCII));
        halfOpen.add(socket);
      }
      Socket silent = new Socket(InetAddress.getLoopbackAddress(), server.apiPort());
      Socket slow = new Socket(InetAddress.getLoopbackAddress(), server.apiPort());
      AtomicBoolean slowCutOff = new AtomicBoolean();
      Thread trickle = Thread.ofVirtual().start(() -> trickle(slow, slowCutOff));
      long started = System.nanoTime();
      try {
        assertThat(new TestingHttp(server.apiPort()).get("/version").statusCode()).isEqualTo(200);
        await()
            .atMost(Duration.ofSeconds(25))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> slowCutOff.get() && halfOpen.stream().allMatch(ApiOnANetworkIT::closed));
        double seconds = (System.nanoTime() - started) / 1e9;
        // Cut off by the request time limit, not by anything sooner.
        assertThat(seconds).isGreaterThan(dev.firedrill.proxy.api.ApiServer.REQUEST_SECONDS - 1);
        assertThat(new TestingHttp(server.apiPort()).get("/version").statusCode()).isEqualTo(200);
        // A connection that sends nothing goes on the JDK's idle sweep, every 10 s.
        await().atMost(Duration.ofSeconds(25)).until(() -> closed(silent));
      } finally {
        trickle.interrupt();
        for (Socket socket : halfOpen) {
          socket.close();
        }
        silent.close();
        slow.close();
      }
    }
  }

  @Test
  void namesTheApiCouldNotAddressAreRefusedAtCreate() throws IOException {
    try (ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0)) {
      TestingHttp http = new TestingHttp(server.apiPort());
      for (String name : List.of("a/b", "/", ".", "..")) {
        var created =
            http.post(
                "/proxies",
                "{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\"}");
        assertThat(created.statusCode()).isEqualTo(400);
        assertThat(error(created)).startsWith("invalid proxy name \"" + name + "\": ");
      }
      var populated =
          http.post(
              "/populate",
              "[{\"name\":\"ok\",\"upstream\":\"x:1\"},{\"name\":\"x/y\",\"upstream\":\"x:1\"}]");
      assertThat(populated.statusCode()).isEqualTo(400);
      assertThat(error(populated)).startsWith("invalid proxy name \"x/y\" at proxy 2: ");
      assertThat(http.get("/proxies").body()).isEqualTo("{}"); // nothing created

      http.post("/proxies", "{\"name\":\"db\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\"}");
      var toxic = http.post("/proxies/db/toxics", "{\"type\":\"latency\",\"name\":\"t/1\"}");
      assertThat(toxic.statusCode()).isEqualTo(400);
      assertThat(error(toxic)).startsWith("invalid toxic name \"t/1\": ");
      assertThat(http.get("/proxies/db/toxics").body()).isEqualTo("[]");
    }
  }

  @Test
  void anEmptyListenStaysOnLoopback() throws IOException {
    try (ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0)) {
      TestingHttp http = new TestingHttp(server.apiPort());
      var omitted = http.post("/proxies", "{\"name\":\"a\",\"upstream\":\"x:1\"}");
      var empty = http.post("/proxies", "{\"name\":\"b\",\"listen\":\"\",\"upstream\":\"x:1\"}");
      for (var created : List.of(omitted, empty)) {
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).get("listen").asText())
            .matches("127\\.0\\.0\\.1:\\d+")
            .doesNotEndWith(":0");
      }
    }
  }

  @Test
  void withATokenOnlyRequestsCarryingItAreServed() throws Exception {
    try (ToxiproxyServer server = ToxiproxyServer.startWithToken("127.0.0.1", 0, "s3cret")) {
      assertThat(server.apiHasToken()).isTrue();
      assertThat(server.apiBeyondLoopback()).isFalse();
      String base = "http://127.0.0.1:" + server.apiPort();
      HttpClient plain = HttpClient.newHttpClient();

      HttpResponse<String> none = send(plain, base, null);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate"))
          .hasValue("Basic realm=\"firedrill proxy\"");
      assertThat(JSON.readTree(none.body()).get("status").asInt()).isEqualTo(401);
      assertThat(send(plain, base, "Bearer s3cre").statusCode()).isEqualTo(401);
      assertThat(send(plain, base, "Bearer s3cret!").statusCode()).isEqualTo(401);
      assertThat(send(plain, base, "Basic !!notbase64").statusCode()).isEqualTo(401);
      assertThat(send(plain, base, "Bearer s3cret").statusCode()).isEqualTo(200);
      String basic = Base64.getEncoder().encodeToString("anyone:s3cret".getBytes());
      assertThat(send(plain, base, "Basic " + basic).statusCode()).isEqualTo(200);

      // A JDK client with an Authenticator answers the 401's challenge by itself.
      HttpClient authenticating =
          HttpClient.newBuilder()
              .authenticator(
                  new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                      return new PasswordAuthentication("toxiproxy", "s3cret".toCharArray());
                    }
                  })
              .build();
      assertThat(send(authenticating, base, null).statusCode()).isEqualTo(200);
    }
    assertThatThrownBy(() -> ToxiproxyServer.startWithToken("127.0.0.1", 0, ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resetEnablesAndClearsEveryProxyItCanAndReportsEachOneItCannot() throws IOException {
    try (ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0)) {
      TestingHttp http = new TestingHttp(server.apiPort());
      int a = freePort();
      int b = freePort();
      for (String proxy : List.of("a:" + a, "b:" + b, "c:0")) {
        String[] nameAndPort = proxy.split(":");
        http.post(
            "/proxies",
            "{\"name\":\""
                + nameAndPort[0]
                + "\",\"listen\":\"127.0.0.1:"
                + nameAndPort[1]
                + "\",\"upstream\":\"127.0.0.1:1\"}");
        http.post("/proxies/" + nameAndPort[0] + "/toxics", "{\"type\":\"latency\"}");
        http.call("PATCH", "/proxies/" + nameAndPort[0], "{\"enabled\":false}");
      }
      try (ServerSocket takeA = bind(a);
          ServerSocket takeB = bind(b)) {
        var reset = http.post("/reset", null);
        assertThat(reset.statusCode()).isEqualTo(500);
        JsonNode body = JSON.readTree(reset.body());
        assertThat(body.get("error").asText())
            .isEqualTo(
                "proxy a: listen tcp 127.0.0.1:"
                    + a
                    + ": bind: address already in use; proxy b: listen tcp 127.0.0.1:"
                    + b
                    + ": bind: address already in use");
        assertThat(body.get("errors").size()).isEqualTo(2);
        assertThat(body.at("/errors/1/proxy").asText()).isEqualTo("b");
      }
      JsonNode all = JSON.readTree(http.get("/proxies").body());
      assertThat(all.at("/c/enabled").asBoolean()).isTrue();
      for (String name : List.of("a", "b", "c")) {
        assertThat(all.get(name).get("toxics").size()).as(name).isZero();
      }
      assertThat(http.post("/reset", null).statusCode()).isEqualTo(204); // the ports are free again
    }
  }

  @Test
  void populateCreatesEveryProxyItCanAndReportsEachOneItCannot() throws IOException {
    try (ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0);
        ServerSocket taken = bind(0)) {
      TestingHttp http = new TestingHttp(server.apiPort());
      String busy = "127.0.0.1:" + taken.getLocalPort();
      var populated =
          http.post(
              "/populate",
              "[{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"},"
                  + "{\"name\":\"b\",\"listen\":\""
                  + busy
                  + "\",\"upstream\":\"127.0.0.1:1\"},"
                  + "{\"name\":\"c\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}]");
      assertThat(populated.statusCode()).isEqualTo(500);
      JsonNode body = JSON.readTree(populated.body());
      assertThat(body.get("error").asText())
          .isEqualTo("listen tcp " + busy + ": bind: address already in use");
      assertThat(body.at("/errors/0/proxy").asText()).isEqualTo("b");
      assertThat(body.get("proxies").size()).isEqualTo(2);
      assertThat(body.at("/proxies/1/name").asText()).isEqualTo("c");
      List<String> names = new ArrayList<>();
      JSON.readTree(http.get("/proxies").body()).fieldNames().forEachRemaining(names::add);
      assertThat(names).containsExactly("a", "c");
    }
  }

  /** Sends a request line one byte at a time until the server closes the connection. */
  private static void trickle(Socket socket, AtomicBoolean cutOff) {
    byte[] request = "GET /version HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes();
    try {
      OutputStream out = socket.getOutputStream();
      for (int i = 0; ; i++) {
        out.write(i < request.length ? request[i] : 'z');
        out.flush();
        Thread.sleep(250);
      }
    } catch (IOException e) {
      cutOff.set(true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the server closed the connection: a read sees the end (or a reset). */
  private static boolean closed(Socket socket) {
    try {
      socket.setSoTimeout(1);
      InputStream in = socket.getInputStream();
      while (true) {
        int read = in.read();
        if (read < 0) {
          return true;
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true;
    } catch (IOException e) {
      return true;
    }
  }

  private static HttpResponse<String> send(HttpClient client, String base, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/version")).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String error(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body()).get("error").asText();
  }

  private static ServerSocket bind(int port) throws IOException {
    return new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = bind(0)) {
      return probe.getLocalPort();
    }
  }
}
