package dev.firedrill.engine.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.firedrill.engine.model.RequestTemplate;
import dev.firedrill.engine.model.Workload;
import dev.firedrill.engine.model.WorkloadType;
import dev.firedrill.engine.workload.http.HttpOperationClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The warm-up against a real server on loopback: it sends the workload's reads only (a set's GET,
 * never its add), each with its own traceparent, at the load's rate, and records nothing.
 */
class WarmUpIT {

  private HttpServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final Set<String> traceparents = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        ex -> {
          seen.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
          traceparents.add(String.valueOf(ex.getRequestHeaders().getFirst("traceparent")));
          byte[] body = "{\"ids\":[]}".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          try (ex) {
            ex.getResponseBody().write(body);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aWarmUpSendsReadsOnlyAndRecordsNothing() {
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    Map<String, RequestTemplate> operations =
        Map.of(
            "add",
            new RequestTemplate("POST", null, "/set", null, null, "{{value}}", null, null, null),
            "read",
            new RequestTemplate("GET", null, "/set", null, null, null, null, "/ids", null));
    Workload workload =
        new Workload(
            WorkloadType.SET,
            url,
            null,
            null,
            100.0,
            4,
            "1s",
            "1s",
            "2s",
            1,
            null,
            null,
            null,
            operations);
    OpenLoop.Stats stats;
    try (HttpOperationClient http = new HttpOperationClient(url, Duration.ofSeconds(2))) {
      stats =
          WarmUp.run(
              Generators.of(workload, "warm"),
              (inv, p) -> http.send(operations.get(inv.operation()), inv.bindings(), inv.traceId()),
              100,
              4,
              Duration.ofMillis(500),
              Duration.ofSeconds(4),
              () -> false);
    }

    // 50 arrivals in 0.5 s at 100/s (how many find a client free depends on the machine's load)
    assertThat(stats.invoked() + stats.dropped()).isEqualTo(50);
    assertThat(stats.ok()).isEqualTo(stats.invoked()).isPositive();
    assertThat(seen).hasSize((int) stats.invoked()).containsOnly("GET /set");
    assertThat(traceparents).hasSize(seen.size()).allMatch(t -> t.matches("00-[0-9a-f]{32}-.*"));
  }

  @Test
  void aQueueHasNothingToWarmUpWith() {
    Workload queue =
        new Workload(
            WorkloadType.QUEUE,
            "http://127.0.0.1:1",
            null,
            null,
            100.0,
            4,
            "1s",
            "1s",
            "2s",
            1,
            null,
            null,
            null,
            Map.of(
                "enqueue",
                    new RequestTemplate("POST", null, "/q", null, null, "{}", null, null, null),
                "dequeue",
                    new RequestTemplate("DELETE", null, "/q", null, null, null, null, null, null),
                "drain",
                    new RequestTemplate(
                        "DELETE", null, "/q/all", null, null, null, null, null, null)));

    assertThat(WarmUp.reads(Generators.of(queue, "warm"))).isEmpty();
  }
}
