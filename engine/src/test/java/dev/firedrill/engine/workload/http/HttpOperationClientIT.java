package dev.firedrill.engine.workload.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.firedrill.engine.model.Outcome;
import dev.firedrill.engine.model.RequestTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against real HTTP servers and sockets on loopback. */
class HttpOperationClientIT {

  private HttpServer server;
  private HttpOperationClient client;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
    client =
        new HttpOperationClient(
            "http://127.0.0.1:" + server.getAddress().getPort(), Duration.ofMillis(500));
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    seen.add(
        ex.getRequestMethod()
            + " "
            + ex.getRequestURI().getRawPath()
            + (ex.getRequestURI().getRawQuery() == null
                ? ""
                : "?" + ex.getRequestURI().getRawQuery())
            + " "
            + ex.getRequestHeaders().getFirst("Content-Type")
            + " "
            + body
            + " idem="
            + ex.getRequestHeaders().getFirst("Idempotency-Key")
            + " tp="
            + ex.getRequestHeaders().getFirst("traceparent"));
    String path = ex.getRequestURI().getPath();
    if (path.startsWith("/slow")) {
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    int status = path.startsWith("/status/") ? Integer.parseInt(path.substring(8)) : 200;
    byte[] out =
        "{\"node\": {\"value\": \"v1\"}, \"ids\": [1, 2]}".getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, out.length);
    ex.getResponseBody().write(out);
    ex.close();
  }

  private static RequestTemplate template(
      String method,
      String path,
      String json,
      Map<String, String> form,
      String extract,
      Map<String, Outcome> status) {
    return new RequestTemplate(
        method,
        null,
        path,
        Map.of("q", "{{key}}"),
        Map.of("Idempotency-Key", "{{idempotencyKey}}"),
        json,
        form,
        extract,
        status);
  }

  @Test
  void okReadExtractsTheValueAndSendsEscapedPlaceholdersAndATraceparent() {
    Completion c =
        client.send(
            template("POST", "/items/{{key}}", "{\"v\": \"{{value}}\"}", null, "/node/value", null),
            Bindings.of("key", "a b/c", "value", "say \"hi\"\n", "idempotencyKey", "k-1"));

    assertThat(c.outcome()).isEqualTo(Outcome.OK);
    assertThat(c.value().asText()).isEqualTo("v1");
    assertThat(c.traceId()).matches("[0-9a-f]{32}");
    assertThat(seen)
        .singleElement()
        .asString()
        .startsWith(
            "POST /items/a%20b%2Fc?q=a+b%2Fc application/json {\"v\": \"say \\\"hi\\\"\\n\"} idem=k-1 tp=00-"
                + c.traceId()
                + "-");
  }

  @Test
  void formBodiesAreUrlEncoded() {
    client.send(
        template("PUT", "/k", null, Map.of("value", "{{value}}"), null, null),
        Bindings.of("value", "a&b=c"));

    assertThat(seen)
        .singleElement()
        .asString()
        .startsWith("PUT /k?q= application/x-www-form-urlencoded value=a%26b%3Dc");
  }

  @Test
  void statusesAreClassifiedByTheTemplateThenByDefault() {
    Map<String, Outcome> status =
        Map.of("404", Outcome.ABSENT, "412", Outcome.FAIL, "5xx", Outcome.INFO, "409", Outcome.OK);

    assertThat(
            client.send(
                template(null, "/status/404", null, null, "/node/value", status), Bindings.of()))
        .extracting(Completion::outcome, Completion::value, Completion::status)
        .containsExactly(Outcome.OK, null, 404);
    assertThat(
            client
                .send(template(null, "/status/412", null, null, null, status), Bindings.of())
                .outcome())
        .isEqualTo(Outcome.FAIL);
    assertThat(
            client
                .send(template(null, "/status/503", null, null, null, status), Bindings.of())
                .outcome())
        .isEqualTo(Outcome.INFO);
    assertThat(
            client
                .send(template(null, "/status/409", null, null, null, status), Bindings.of())
                .outcome())
        .isEqualTo(Outcome.OK);
    assertThat(
            client
                .send(template(null, "/status/400", null, null, null, Map.of()), Bindings.of())
                .outcome())
        .isEqualTo(Outcome.FAIL);
    assertThat(
            client
                .send(template(null, "/status/500", null, null, null, Map.of()), Bindings.of())
                .outcome())
        .isEqualTo(Outcome.INFO);
    assertThat(client.send(template(null, "/", null, null, "/no/such", Map.of()), Bindings.of()))
        .extracting(Completion::outcome, Completion::error)
        .containsExactly(Outcome.INFO, "response has no /no/such");
  }

  @Test
  void aTimeoutAfterTheRequestWasSentIsInfo() {
    Completion c = client.send(template("POST", "/slow", "{}", null, null, null), Bindings.of());

    assertThat(c.outcome()).isEqualTo(Outcome.INFO);
    assertThat(c.error()).startsWith("timeout");
    assertThat(seen).hasSize(1);
  }

  @Test
  void aRefusedConnectionIsFail() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (HttpOperationClient refused =
        new HttpOperationClient("http://127.0.0.1:" + closedPort, Duration.ofMillis(500))) {
      Completion c = refused.send(template("POST", "/x", "{}", null, null, null), Bindings.of());

      assertThat(c.outcome()).isEqualTo(Outcome.FAIL);
      assertThat(c.error()).startsWith("connect:");
    }
  }

  @Test
  void aResetAfterTheRequestWasSentIsInfo() throws Exception {
    try (ServerSocket resetter = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          Thread.ofVirtual()
              .start(() -> {
                try (Socket s = resetter.accept()) {
                  InputStream in = s.getInputStream();
                  in.read(new byte[4096]); // the request arrived
                  s.setSoLinger(true, 0); // close with RST
                } catch (IOException ignored) {
                  // the test asserts what the client saw
                }
              });
      try (HttpOperationClient c =
          new HttpOperationClient(
              "http://127.0.0.1:" + resetter.getLocalPort(), Duration.ofSeconds(2))) {
        Completion completion =
            c.send(template("POST", "/x", "{}", null, null, null), Bindings.of());

        assertThat(completion.outcome()).isEqualTo(Outcome.INFO);
        assertThat(completion.status()).isNull();
      }
      acceptor.join(Duration.ofSeconds(5));
    }
  }
}
