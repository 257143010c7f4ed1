package dev.firedrill.engine.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.firedrill.engine.model.Outcome;
import dev.firedrill.engine.model.RequestTemplate;
import dev.firedrill.engine.model.Workload;
import dev.firedrill.engine.model.WorkloadType;
import dev.firedrill.engine.workload.http.Completion;
import dev.firedrill.engine.workload.http.HttpOperationClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The open loop over the real HTTP client against a real server on loopback that holds every
 * response for {@link #HOLD}: an arrival that finds every client busy is dropped and counted, never
 * held until a client frees up (which would start it at least a hold late).
 */
class OpenLoopDropIT {

  private static final Duration HOLD = Duration.ofMillis(300);
  private static final int CLIENTS = 4;

  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::hold);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void hold(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    ex.getRequestBody().readAllBytes();
    try {
      Thread.sleep(HOLD); // the server is slow: that is what this server is for
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    byte[] body = "{\"ids\":[]}".getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, body.length);
    try (ex) {
      ex.getResponseBody().write(body);
    }
  }

  /** Records every invocation and completion as the loop reports them. */
  private static final class Recording implements OperationRecorder {
    final List<Invocation> invoked = new CopyOnWriteArrayList<>();
    final List<Completion> completed = new CopyOnWriteArrayList<>();

    @Override
    public void invoked(int process, Invocation invocation) {
      invoked.add(invocation);
    }

    @Override
    public void completed(int process, Invocation invocation, Completion completion) {
      completed.add(completion);
    }
  }

  @Test
  void anArrivalThatFindsEveryClientBusyIsDroppedNotDelayed() {
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    RequestTemplate add =
        new RequestTemplate("POST", null, "/set", null, null, "{{value}}", null, null, null);
    RequestTemplate read =
        new RequestTemplate("GET", null, "/set", null, null, null, null, "/ids", null);
    Workload workload =
        new Workload(
            WorkloadType.SET,
            url,
            200.0,
            CLIENTS,
            "1s",
            "5s",
            1,
            null,
            Map.of("add", add, "read", read));
    Recording recorder = new Recording();
    OpenLoop.Stats stats;
    OpenLoop loop;
    try (HttpOperationClient http = new HttpOperationClient(url, Duration.ofSeconds(5))) {
      loop =
          new OpenLoop(
              Generators.of(workload, "drop"),
              (inv, p) ->
                  http.send(
                      workload.operations().get(inv.operation()), inv.bindings(), inv.traceId()),
              recorder,
              3);
      stats = loop.run(200, CLIENTS, Duration.ofSeconds(1), Duration.ofSeconds(5), () -> false);
    }

    // 200 arrivals (one every 5 ms for 1 s); a client is busy at least HOLD per operation, so at
    // most ceil(1 s / HOLD) = 4 operations each: every other arrival was dropped, and counted.
    assertThat(stats.invoked() + stats.dropped()).isEqualTo(200);
    assertThat(stats.invoked()).isBetween((long) CLIENTS, 4L * CLIENTS);
    assertThat(stats.dropped()).isGreaterThanOrEqualTo(200 - 4L * CLIENTS);
    // what was invoked was sent, recorded with its trace id, and answered
    assertThat(requests.get()).isEqualTo(stats.invoked());
    assertThat(recorder.invoked).hasSize((int) stats.invoked());
    assertThat(recorder.completed)
        .hasSize((int) stats.invoked())
        .allSatisfy(c -> assertThat(c.outcome()).isEqualTo(Outcome.OK));
    assertThat(recorder.completed.stream().map(Completion::traceId))
        .containsExactlyInAnyOrderElementsOf(
            recorder.invoked.stream().map(Invocation::traceId).toList());
    // no operation started later than its arrival by anything near a hold: none was queued
    assertThat(loop.maxLateness()).isLessThan(HOLD.dividedBy(2));
  }
}
