package dev.firedrill.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The differences that running Toxiproxy's own client-against-server tests found, each as Toxiproxy
 * 2.12 behaves (read in its {@code api.go}, {@code proxy.go}, {@code proxy_collection.go} and
 * checked against a build of it by hand).
 */
class ToxiproxyCompatIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ToxiproxyServer server;
  private TestingHttp http;

  @BeforeEach
  void start() throws IOException {
    server = ToxiproxyServer.start("127.0.0.1", 0);
    http = new TestingHttp(server.apiPort());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void routedAnswersCarryAUniqueRequestIdAndUnroutedOnesNone() {
    Set<String> ids = new HashSet<>();
    for (HttpResponse<String> routed :
        List.of(
            http.get("/version"),
            http.get("/proxies"),
            http.get("/proxies/nope"),
            http.post("/reset", null))) {
      String id = routed.headers().firstValue("X-Toxiproxy-Request-Id").orElseThrow();
      assertThat(id).matches("[0-9a-v]{20}");
      ids.add(id);
    }
    assertThat(ids).hasSize(4);
    assertThat(http.get("/nowhere").headers().firstValue("X-Toxiproxy-Request-Id")).isEmpty();
    assertThat(http.call("PUT", "/proxies", "{}").headers().firstValue("X-Toxiproxy-Request-Id"))
        .isEmpty();
  }

  @Test
  void errorsAreSentAsGosHttpErrorSendsThem() {
    HttpResponse<String> missing = http.get("/proxies/nope");
    assertThat(missing.body()).isEqualTo("{\"error\":\"proxy not found\",\"status\":404}\n");
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(missing.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  void populateComparesTheResolvedListenAddressSoToxicsSurvive() throws IOException {
    int port = freePort();
    createProxy("db", "127.0.0.1:" + port);
    http.post("/proxies/db/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":5}}");

    var populated =
        http.post(
            "/populate",
            "[{\"name\":\"db\",\"listen\":\"localhost:"
                + port
                + "\",\"upstream\":\"127.0.0.1:1\"}]");
    assertThat(populated.statusCode()).isEqualTo(201);
    JsonNode db = JSON.readTree(http.get("/proxies/db").body());
    assertThat(db.get("listen").asText()).isEqualTo("127.0.0.1:" + port);
    assertThat(db.get("toxics").get(0).get("name").asText()).isEqualTo("latency_downstream");
  }

  @Test
  void patchingTheSameAddressByAnotherNameKeepsOpenConnections() throws Exception {
    try (TestingEchoServer echo = TestingEchoServer.echo()) {
      int port = freePort();
      http.post(
          "/proxies",
          "{\"name\":\"db\",\"listen\":\"127.0.0.1:"
              + port
              + "\",\"upstream\":\""
              + echo.address()
              + "\"}");
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        socket.setSoTimeout(5_000);
        assertThat(roundTrip(socket)).isEqualTo(7);
        var patched = http.call("PATCH", "/proxies/db", "{\"listen\":\"localhost:" + port + "\"}");
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(roundTrip(socket)).isEqualTo(7); // not restarted: the connection lives
      }
    }
  }

  @Test
  void aBindErrorNamesTheResolvedAddress() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      var response =
          http.post(
              "/proxies",
              "{\"name\":\"db\",\"listen\":\"localhost:" + port + "\",\"upstream\":\"x:1\"}");
      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(JSON.readTree(response.body()).get("error").asText())
          .isEqualTo("listen tcp 127.0.0.1:" + port + ": bind: address already in use");
    }
  }

  @Test
  void anAddressThisMachineDoesNotHaveIsReportedAsSuch() throws IOException {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): documentation only, never a local address.
    var response =
        http.post(
            "/proxies", "{\"name\":\"db\",\"listen\":\"192.0.2.1:7070\",\"upstream\":\"x:1\"}");
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(JSON.readTree(response.body()).get("error").asText())
        .isEqualTo("listen tcp 192.0.2.1:7070: bind: cannot assign requested address");
  }

  @Test
  void theNoopToxicPassesDataUnchanged() throws Exception {
    try (TestingEchoServer echo = TestingEchoServer.echo()) {
      int port = freePort();
      createProxy("db", "127.0.0.1:" + port, echo.address());
      var created = http.post("/proxies/db/toxics", "{\"type\":\"noop\"}");
      assertThat(created.statusCode()).isEqualTo(200);
      assertThat(created.body())
          .isEqualTo(
              "{\"attributes\":{},\"name\":\"noop_downstream\",\"type\":\"noop\","
                  + "\"stream\":\"downstream\",\"toxicity\":1}");
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        socket.setSoTimeout(5_000);
        assertThat(roundTrip(socket)).isEqualTo(7);
      }
    }
  }

  @Test
  void proxiesAreListedSortedByName() throws IOException {
    for (String name : List.of("web", "b", "db", "a", "Zed")) {
      createProxy(name, "127.0.0.1:0");
    }
    List<String> names = new ArrayList<>();
    JSON.readTree(http.get("/proxies").body()).fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("Zed", "a", "b", "db", "web");
  }

  @Test
  void populateLeavesAnExistingProxysEnabledAsItIs() throws IOException {
    int port = freePort();
    createProxy("db", "127.0.0.1:" + port);
    http.call("PATCH", "/proxies/db", "{\"enabled\":false}");
    var populated =
        http.post(
            "/populate",
            "[{\"name\":\"db\",\"listen\":\"127.0.0.1:"
                + port
                + "\",\"upstream\":\"127.0.0.1:1\",\"enabled\":true}]");
    assertThat(populated.statusCode()).isEqualTo(201);
    assertThat(JSON.readTree(populated.body()).at("/proxies/0/enabled").asBoolean()).isFalse();
    assertThat(JSON.readTree(http.get("/proxies/db").body()).get("enabled").asBoolean()).isFalse();
  }

  @Test
  void populateErrorsCarryTheProxiesThatWereCreated() throws IOException {
    var invalid = http.post("/populate", "[{\"name\":\"a\"}]");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(invalid.body()).get("proxies").isNull()).isTrue();

    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String busy = "127.0.0.1:" + taken.getLocalPort();
      var first =
          http.post(
              "/populate",
              "[{\"name\":\"b\",\"listen\":\"" + busy + "\",\"upstream\":\"127.0.0.1:1\"}]");
      assertThat(first.statusCode()).isEqualTo(500);
      JsonNode body = JSON.readTree(first.body());
      assertThat(body.get("error").asText())
          .isEqualTo("listen tcp " + busy + ": bind: address already in use");
      assertThat(body.get("proxies").isNull()).isTrue();

      var after =
          http.post(
              "/populate",
              "[{\"name\":\"c\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"},"
                  + "{\"name\":\"b\",\"listen\":\""
                  + busy
                  + "\",\"upstream\":\"127.0.0.1:1\"}]");
      assertThat(after.statusCode()).isEqualTo(500);
      JsonNode proxies = JSON.readTree(after.body()).get("proxies");
      assertThat(proxies.size()).isEqualTo(1);
      assertThat(proxies.get(0).get("name").asText()).isEqualTo("c");
    }
  }

  private void createProxy(String name, String listen) {
    createProxy(name, listen, "127.0.0.1:1");
  }

  private void createProxy(String name, String listen, String upstream) {
    var response =
        http.post(
            "/proxies",
            "{\"name\":\""
                + name
                + "\",\"listen\":\""
                + listen
                + "\",\"upstream\":\""
                + upstream
                + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  private static int roundTrip(Socket socket) throws IOException {
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    out.write(7);
    out.flush();
    return in.read();
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
