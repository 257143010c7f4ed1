package dev.firedrill.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Toxiproxy's HTTP API over raw HTTP: routes, status codes, JSON shapes and error bodies. */
class ApiIT {
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
  void createsAProxyWith201AndListsProxiesKeyedByName() throws IOException {
    var created =
        http.post(
            "/proxies",
            "{\"name\":\"db\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode proxy = JSON.readTree(created.body());
    assertThat(fieldNames(proxy))
        .containsExactly("name", "listen", "upstream", "enabled", "toxics");
    assertThat(proxy.get("listen").asText()).matches("127\\.0\\.0\\.1:\\d+").doesNotEndWith(":0");
    assertThat(proxy.get("enabled").asBoolean()).isTrue();

    JsonNode index = JSON.readTree(http.get("/proxies").body());
    assertThat(index.isObject()).isTrue();
    assertThat(index.get("db").get("upstream").asText()).isEqualTo("127.0.0.1:1");
  }

  @Test
  void refusesDuplicatesMissingFieldsAndUnknownProxies() {
    String body = "{\"name\":\"db\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}";
    http.post("/proxies", body);
    assertError(http.post("/proxies", body), 409, "proxy already exists");
    assertError(
        http.post("/proxies", "{\"upstream\":\"x:1\"}"), 400, "missing required field: name");
    assertError(http.post("/proxies", "{\"name\":\"x\"}"), 400, "missing required field: upstream");
    assertError(http.get("/proxies/nope"), 404, "proxy not found");
    assertError(http.call("DELETE", "/proxies/nope", null), 404, "proxy not found");
    assertError(http.get("/proxies/db/toxics/nope"), 404, "toxic not found");
  }

  @Test
  void badBodiesGetToxiproxysErrors() {
    assertError(http.post("/proxies", "{not json"), 400, "bad request body: ");
    assertError(http.post("/proxies", ""), 400, "bad request body: EOF");
    assertError(
        http.post("/proxies", "{\"name\":5,\"upstream\":\"x:1\"}"),
        400,
        "bad request body: json: cannot unmarshal number into Go struct field Proxy.name of type string");
    String huge = "[" + "1,".repeat(600_000) + "1]";
    assertError(
        http.post("/populate", huge), 400, "bad request body: http: request body too large");
    createProxy("db");
    assertError(
        http.post("/proxies/db/toxics", "{\"type\":\"nonsense\"}"), 400, "invalid toxic type");
    assertError(
        http.post("/proxies/db/toxics", "{\"type\":\"latency\",\"stream\":\"sideways\"}"),
        400,
        "stream was invalid, can be either upstream or downstream");
    assertError(
        http.post(
            "/proxies/db/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":\"x\"}}"),
        400,
        "bad request body: json: cannot unmarshal string");
  }

  @Test
  void refusesNegativeAndAbsurdAttributesWith400() {
    createProxy("db");
    assertError(
        http.post("/proxies/db/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":-1}}"),
        400,
        "bad request body: attribute latency must be between");
    assertError(
        http.post("/proxies/db/toxics", "{\"type\":\"timeout\",\"attributes\":{\"timeout\":9e18}}"),
        400,
        "bad request body: ");
    assertError(
        http.post("/proxies/db/toxics", "{\"type\":\"latency\",\"toxicity\":1.5}"),
        400,
        "bad request body: toxicity must be between 0 and 1");
    assertThat(http.get("/proxies/db/toxics").body()).isEqualTo("[]");
  }

  @Test
  void portInUseIsToxiproxys500() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String listen = "127.0.0.1:" + taken.getLocalPort();
      var response =
          http.post(
              "/proxies", "{\"name\":\"db\",\"listen\":\"" + listen + "\",\"upstream\":\"x:1\"}");
      assertError(response, 500, "listen tcp " + listen + ": bind: address already in use");
    }
    assertThat(http.get("/proxies").body()).isEqualTo("{}");
  }

  @Test
  void toxicDefaultsAndOrderFollowToxiproxy() throws IOException {
    createProxy("db");
    var created =
        http.post("/proxies/db/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":100}}");
    assertThat(created.statusCode()).isEqualTo(200);
    assertThat(created.body())
        .isEqualTo(
            "{\"attributes\":{\"latency\":100,\"jitter\":0},\"name\":\"latency_downstream\","
                + "\"type\":\"latency\",\"stream\":\"downstream\",\"toxicity\":1}");
    http.post("/proxies/db/toxics", "{\"type\":\"limit_data\",\"stream\":\"upstream\"}");
    assertError(
        http.post("/proxies/db/toxics", "{\"type\":\"latency\"}"), 409, "toxic already exists");

    JsonNode list = JSON.readTree(http.get("/proxies/db/toxics").body());
    assertThat(list.get(0).get("name").asText()).isEqualTo("limit_data_upstream");
    assertThat(list.get(1).get("name").asText()).isEqualTo("latency_downstream");
  }

  @Test
  void patchAndTheOlderPostUpdateToxicsAndProxies() throws IOException {
    createProxy("db");
    http.post(
        "/proxies/db/toxics",
        "{\"type\":\"latency\",\"attributes\":{\"latency\":100,\"jitter\":5}}");
    var patched =
        http.call(
            "PATCH", "/proxies/db/toxics/latency_downstream", "{\"attributes\":{\"latency\":7}}");
    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(patched.body()).get("attributes").toString())
        .isEqualTo("{\"latency\":7,\"jitter\":5}");
    var posted = http.post("/proxies/db/toxics/latency_downstream", "{\"toxicity\":0.5}");
    assertThat(JSON.readTree(posted.body()).get("toxicity").asDouble()).isEqualTo(0.5);

    var disabled = http.call("PATCH", "/proxies/db", "{\"enabled\":false}");
    assertThat(JSON.readTree(disabled.body()).get("enabled").asBoolean()).isFalse();
    var enabled = http.post("/proxies/db", "{\"enabled\":true}");
    assertThat(JSON.readTree(enabled.body()).get("enabled").asBoolean()).isTrue();
  }

  @Test
  void deleteResetPopulateAndVersion() throws IOException {
    createProxy("db");
    http.post("/proxies/db/toxics", "{\"type\":\"latency\"}");
    http.call("PATCH", "/proxies/db", "{\"enabled\":false}");
    assertThat(http.post("/reset", null).statusCode()).isEqualTo(204);
    JsonNode db = JSON.readTree(http.get("/proxies/db").body());
    assertThat(db.get("enabled").asBoolean()).isTrue();
    assertThat(db.get("toxics").size()).isZero();

    var populated =
        http.post(
            "/populate",
            "[{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"},"
                + "{\"name\":\"b\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:2\",\"enabled\":false}]");
    assertThat(populated.statusCode()).isEqualTo(201);
    JsonNode proxies = JSON.readTree(populated.body()).get("proxies");
    assertThat(proxies.size()).isEqualTo(2);
    assertThat(proxies.get(1).get("enabled").asBoolean()).isFalse();
    assertError(
        http.post("/populate", "[{\"name\":\"c\"}]"),
        400,
        "missing required field: upstream at proxy 1");

    assertThat(http.call("DELETE", "/proxies/db", null).statusCode()).isEqualTo(204);
    assertThat(http.get("/version").body()).isEqualTo("{\"version\": \"2.12.0\"}\n");
    assertThat(http.get("/nowhere").statusCode()).isEqualTo(404);
    assertThat(http.call("PUT", "/proxies", "{}").statusCode()).isEqualTo(405);
  }

  private void createProxy(String name) {
    var response =
        http.post(
            "/proxies",
            "{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}");
    assertThat(response.statusCode()).isEqualTo(201);
  }

  private static void assertError(HttpResponse<String> response, int status, String messageStart) {
    assertThat(response.statusCode()).isEqualTo(status);
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("error").asText()).startsWith(messageStart);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
