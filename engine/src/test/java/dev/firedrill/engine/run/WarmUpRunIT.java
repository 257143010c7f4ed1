package dev.firedrill.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.firedrill.check.history.JsonlHistoryReader;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.engine.fault.FileLedger;
import dev.firedrill.engine.fault.local.LocalProcessSetup;
import dev.firedrill.engine.fault.toxiproxy.ToxiproxySetup;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code workload.warmup} through a whole run against a real set service on loopback: the service
 * gets the warm-up's reads, the history holds none of them, the load starts after the warm-up, and
 * the verdict is the load's.
 */
class WarmUpRunIT {

  @TempDir Path dir;
  private HttpServer server;
  private final List<String> elements = new CopyOnWriteArrayList<>();
  private final AtomicInteger gets = new AtomicInteger();
  private final AtomicInteger posts = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/set", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    String body;
    if ("POST".equals(ex.getRequestMethod())) {
      posts.incrementAndGet();
      elements.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      body = "{}";
    } else {
      gets.incrementAndGet();
      body =
          "{\"ids\":["
              + String.join(",", elements.stream().map(e -> "\"" + e + "\"").toList())
              + "]}";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(200, bytes.length);
    try (ex) {
      ex.getResponseBody().write(bytes);
    }
  }

  @Test
  void theWarmUpsReadsReachTheServiceButNotTheHistory() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("drill.yaml"),
            """
            description: warm-up test
            target: {namespace: shop}
            workload:
              type: set
              baseUrl: http://127.0.0.1:%d
              rate: 40
              duration: 1s
              warmup: 1s
              timeout: 1s
              operations:
                add: {method: POST, path: /set, json: '{{value}}'}
                read: {path: /set, extract: /ids}
            invariants: [{type: noLostWrites}]
            recovery: 200ms
            """
                .formatted(server.getAddress().getPort()));
    LoadResult loaded = new DrillLoader().loadFile(file);
    assertThat(loaded.problems()).isEmpty();
    Path runDir = dir.resolve("run");

    RunResult r =
        Engine.run(
            RunRequest.of(loaded.drills().getFirst(), runDir)
                .withSeed(5L)
                .withSetups(List.of(new ToxiproxySetup(), new LocalProcessSetup(Map.of())))
                .withLedger(new FileLedger(runDir)));

    assertThat(r.verdict()).as(r.message()).isEqualTo(Verdict.PASS);
    List<Op> ops = JsonlHistoryReader.read(runDir.resolve("history.jsonl")).ops();
    List<Op> invokes = ops.stream().filter(o -> o.type() == OpType.INVOKE).toList();
    long reads = invokes.stream().filter(o -> o.f().equals("read")).count();
    long adds = invokes.stream().filter(o -> o.f().equals("add")).count();
    // every write the service saw is in the history; the warm-up's reads are not
    assertThat(posts.get()).isEqualTo(adds);
    assertThat(gets.get() - reads).isPositive();
    // and the load began after the warm-up: after its last arrival (at 39/40 s), so the history's
    // first operation is at least that far into the run
    assertThat(invokes.getFirst().time()).isGreaterThanOrEqualTo(975_000_000L);
  }
}
