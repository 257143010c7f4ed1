package dev.firedrill.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.firedrill.check.history.JsonlHistoryReader;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.engine.fault.FileLedger;
import dev.firedrill.engine.fault.local.LocalProcessSetup;
import dev.firedrill.engine.fault.local.TestingHealthServer;
import dev.firedrill.engine.fault.toxiproxy.ToxiproxySetup;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.step.StepOutcome;
import dev.firedrill.engine.step.TestingDataDirServer;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import dev.firedrill.engine.validate.LoadedDrill;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Setup and teardown steps through the engine's run API, with real HTTP calls to a server on
 * loopback and real commands: a setup step makes the data directory a real process then uses, a
 * teardown runs after a Fail and after a cancel, a failed setup step ends the run Error with
 * nothing injected (the ledger and the history say so), and a failed teardown step is reported
 * while the verdict stays.
 */
class RunStepsIT {

  @TempDir Path dir;
  private StepService service;

  @BeforeEach
  void start() throws IOException {
    service = new StepService();
  }

  @AfterEach
  void stop() {
    service.close();
  }

  private LoadedDrill load(String text) throws IOException {
    Path file = dir.resolve("drill.yaml");
    Files.writeString(file, text);
    LoadResult loaded = new DrillLoader().loadFile(file);
    assertThat(loaded.problems()).isEmpty();
    return loaded.drills().getFirst();
  }

  /** A set drill against the in-JVM service, with these faults and steps. */
  private LoadedDrill serviceDrill(String duration, String steps) throws IOException {
    return load(
        """
        target: {namespace: shop}
        workload:
          type: set
          baseUrl: %s
          rate: 40
          duration: %s
          timeout: 500ms
          operations:
            add: {method: POST, path: /set, json: '{{value}}'}
            read: {path: /set, extract: /ids}
        invariants: [{type: noLostWrites}]
        recovery: 200ms
        %s
        """
            .formatted(service.url(), duration, steps));
  }

  private static RunRequest request(LoadedDrill drill, Path runDir) {
    return RunRequest.of(drill, runDir)
        .withSeed(5L)
        .withSetups(List.of(new ToxiproxySetup(), new LocalProcessSetup(Map.of())))
        .withLedger(new FileLedger(runDir));
  }

  private static List<Op> history(Path runDir) throws IOException {
    return JsonlHistoryReader.read(runDir.resolve("history.jsonl")).ops();
  }

  private static List<Op> notes(Path runDir, String f) throws IOException {
    return history(runDir).stream().filter(o -> o.isNemesis() && f.equals(o.f())).toList();
  }

  @Test
  void aSetupStepMakesTheFreshDataDirectoryAProcessUses() throws Exception {
    int port = TestingHealthServer.freePort();
    List<String> command = TestingDataDirServer.command(port, "{{runDir}}/data");
    String drill =
        """
        target:
          processes:
            - name: store
              command: [%s]
              port: %d
              health: http://127.0.0.1:%d/health
        workload:
          type: set
          baseUrl: http://127.0.0.1:%d
          rate: 40
          duration: 1500ms
          timeout: 500ms
          operations:
            add: {method: POST, path: /set, json: '{{value}}'}
            read: {path: /set, extract: /ids}
        faults:
          - {name: freeze, at: 500ms, duration: 200ms, pause: {processes: [store]}}
        invariants: [{type: noLostWrites}]
        recovery: 200ms
        setup:
          - name: data-dir
            command: {argv: [mkdir, "{{runDir}}/data"]}
          - name: marker
            command:
              argv: [sh, -c, 'echo "$RUN" > "{{runDir}}/data/run-id"']
              env: {RUN: "{{runId}}"}
        """
            .formatted(
                String.join(", ", command.stream().map(a -> "\"" + a + "\"").toList()),
                port,
                port,
                port);
    LoadedDrill loaded = load(drill);
    List<Path> runs = List.of(dir.resolve("run-1"), dir.resolve("run-2"));
    List<RunResult> results = new ArrayList<>();
    for (Path runDir : runs) {
      results.add(Engine.run(request(loaded, runDir)));
    }

    for (int i = 0; i < runs.size(); i++) {
      RunResult r = results.get(i);
      Path data = runs.get(i).resolve("data");
      assertThat(r.verdict()).as(r.message()).isEqualTo(Verdict.PASS);
      assertThat(r.steps()).extracting(StepOutcome::name).containsExactly("data-dir", "marker");
      assertThat(r.steps()).allMatch(StepOutcome::ok);
      assertThat(Files.readString(data.resolve("run-id")).strip()).isEqualTo(r.runId());
      List<String> stored = Files.readAllLines(data.resolve("elements"));
      long acknowledged =
          history(runs.get(i)).stream()
              .filter(o -> !o.isNemesis() && "add".equals(o.f()) && o.type() == OpType.OK)
              .count();
      assertThat(stored)
          .as("the process wrote this run's elements, and only those, into a fresh data directory")
          .hasSize((int) acknowledged)
          .isNotEmpty();
      assertThat(r.load().ok()).isEqualTo(r.load().invoked());
    }
    assertThat(results.get(0).runId()).isNotEqualTo(results.get(1).runId());
    assertThat(notes(runs.get(0), "setup"))
        .extracting(Op::key)
        .containsExactly("data-dir", "marker");
  }

  @Test
  void teardownRunsAfterAFail() throws Exception {
    service.lossy = true;
    Path runDir = dir.resolve("run");
    LoadedDrill drill =
        serviceDrill(
            "1s",
            """
            teardown:
              - name: reset
                http:
                  method: POST
                  url: %s/reset
                  headers: {X-Run: "{{runId}}"}
                  body: '{"seed": {{seed}}}'
              - name: cleanup
                command: {argv: [touch, "{{runDir}}/cleaned"]}
            """
                .formatted(service.url()));

    RunResult r = Engine.run(request(drill, runDir));

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(service.resets).containsExactly("POST " + r.runId() + " {\"seed\": 5}");
    assertThat(runDir.resolve("cleaned")).exists();
    assertThat(r.steps())
        .extracting(StepOutcome::phase, StepOutcome::name, StepOutcome::ok, StepOutcome::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("teardown", "reset", true, "HTTP 204"),
            org.assertj.core.groups.Tuple.tuple("teardown", "cleanup", true, "exit 0"));
    List<Op> all = history(runDir);
    Op reset = notes(runDir, "teardown").getFirst();
    assertThat(reset.key()).isEqualTo("reset");
    assertThat(all.indexOf(reset))
        .as("teardown comes after the final reads")
        .isGreaterThan(all.indexOf(all.stream().filter(o -> !o.isNemesis()).toList().getLast()));
  }

  @Test
  void teardownRunsAfterACancel() throws Exception {
    Path runDir = dir.resolve("run");
    LoadedDrill drill =
        serviceDrill(
            "60s",
            """
            teardown:
              - name: reset
                http: {method: DELETE, url: "%s/reset"}
            """
                .formatted(service.url()));
    RunHandle handle = Engine.start(request(drill, runDir));
    await().atMost(Duration.ofSeconds(20)).until(() -> service.adds() > 5);

    handle.cancel("stop, please");
    RunResult r = handle.result().get();

    assertThat(r.verdict()).isEqualTo(Verdict.ABORTED);
    assertThat(r.message()).isEqualTo("stop, please");
    assertThat(service.resets).singleElement().asString().startsWith("DELETE ");
    assertThat(notes(runDir, "teardown"))
        .singleElement()
        .satisfies(o -> {
          assertThat(o.key()).isEqualTo("reset");
          assertThat(o.error()).isNull();
        });
  }

  @Test
  void aFailedSetupStepEndsTheRunErrorWithNothingInjected() throws Exception {
    int port = TestingHealthServer.freePort();
    Path runDir = dir.resolve("run");
    String drill =
        """
        target:
          processes:
            - name: store
              command: [%s]
              port: %d
              health: http://127.0.0.1:%d/health
        workload:
          type: set
          baseUrl: http://127.0.0.1:%d
          duration: 2s
          operations:
            add: {method: POST, path: /set, json: '{{value}}'}
            read: {path: /set, extract: /ids}
        faults:
          - {name: freeze, at: 0s, duration: 200ms, pause: {processes: [store]}}
        invariants: [{type: noLostWrites}]
        setup:
          - name: load-fixtures
            command: {argv: [sh, -c, 'echo loading; echo "disk full" >&2; exit 3']}
          - name: never
            command: {argv: [touch, "{{runDir}}/never"]}
        teardown:
          - name: cleanup
            command: {argv: [touch, "{{runDir}}/cleaned"]}
        """
            .formatted(
                String.join(
                    ", ",
                    TestingDataDirServer.command(port, "{{runDir}}/data").stream()
                        .map(a -> "\"" + a + "\"")
                        .toList()),
                port,
                port,
                port);

    RunResult r = Engine.run(request(load(drill), runDir));

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.verdict().exitCode()).isEqualTo(2);
    assertThat(r.message())
        .startsWith("setup step 'load-fixtures' failed: exit code 3 (expected 0)")
        .contains("output ends: loading | disk full")
        .endsWith("nothing was tested");
    assertThat(FileLedger.read(runDir)).as("no fault was ever recorded").isEmpty();
    assertThat(r.nemesis()).isEmpty();
    List<Op> all = history(runDir);
    assertThat(all).noneMatch(o -> "inject".equals(o.f()));
    assertThat(all).as("no operation was sent").allMatch(Op::isNemesis);
    assertThat(notes(runDir, "setup"))
        .singleElement()
        .satisfies(o -> {
          assertThat(o.key()).isEqualTo("load-fixtures");
          assertThat(o.error()).isEqualTo("exit code 3 (expected 0)");
        });
    assertThat(runDir.resolve("never")).as("setup stops at the failed step").doesNotExist();
    assertThat(runDir.resolve("cleaned")).as("teardown still runs").exists();
    assertThat(Files.readString(runDir.resolve("logs/setup-load-fixtures.log")))
        .isEqualTo("loading\ndisk full\n");
    JsonNode results = new ObjectMapper().readTree(runDir.resolve("results.json").toFile());
    assertThat(results.path("exitCode").asInt()).isEqualTo(2);
    assertThat(results.path("steps").get(0).path("output").asText()).contains("disk full");
  }

  @Test
  void aSetupStepThatHangsIsKilledAtItsTimeout() throws Exception {
    Path runDir = dir.resolve("run");
    LoadedDrill drill =
        serviceDrill(
            "1s",
            """
            setup:
              - name: hang
                command: {argv: [sh, -c, 'sleep 30 & echo "$!" > "{{runDir}}/child"; wait']}
                timeout: 500ms
            """);
    long start = System.nanoTime();

    RunResult r = Engine.run(request(drill, runDir));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.message()).startsWith("setup step 'hang' failed: timeout after 500ms (killed)");
    long child = Long.parseLong(Files.readString(runDir.resolve("child")).strip());
    await()
        .atMost(Duration.ofSeconds(5))
        .alias("the step's grandchild is killed with it")
        .until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
    assertThat(service.adds()).isZero();
  }

  @Test
  void aCancelDuringASetupStepStopsItAndTheTeardownStillRuns() throws Exception {
    Path runDir = dir.resolve("run");
    LoadedDrill drill =
        serviceDrill(
            "1s",
            """
            setup:
              - name: slow
                command: {argv: [sh, -c, 'echo "$$" > "{{runDir}}/pid"; exec sleep 30']}
            teardown:
              - name: reset
                http: {url: "%s/reset"}
            """
                .formatted(service.url()));
    RunHandle handle = Engine.start(request(drill, runDir));
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(runDir.resolve("pid")));

    handle.cancel("stop, please");
    RunResult r = handle.result().get();

    assertThat(r.verdict()).isEqualTo(Verdict.ABORTED);
    assertThat(r.message()).isEqualTo("stop, please");
    long pid = Long.parseLong(Files.readString(runDir.resolve("pid")).strip());
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .as("the step's command is killed")
        .isFalse();
    assertThat(service.resets).singleElement().asString().startsWith("GET ");
    assertThat(service.adds()).as("no load after a cancelled setup").isZero();
  }

  @Test
  void aFailedTeardownStepIsReportedAndTheVerdictStays() throws Exception {
    Path runDir = dir.resolve("run");
    LoadedDrill drill =
        serviceDrill(
            "1s",
            """
            setup:
              - name: reset
                http: {method: DELETE, url: "%1$s/reset", expectStatus: [204]}
            teardown:
              - name: compact
                http: {method: POST, url: "%1$s/broken", body: now}
              - name: cleanup
                command: {argv: [touch, "{{runDir}}/cleaned"]}
            """
                .formatted(service.url()));

    RunResult r = Engine.run(request(drill, runDir));

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.message())
        .isEqualTo(
            "teardown step 'compact' failed: unexpected status 500 (expected 2xx); output ends:"
                + " disk <full>");
    assertThat(runDir.resolve("cleaned")).as("later teardown steps still run").exists();
    assertThat(notes(runDir, "teardown"))
        .extracting(Op::key, Op::error)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("compact", "unexpected status 500 (expected 2xx)"),
            org.assertj.core.groups.Tuple.tuple("cleanup", null));
    JsonNode results = new ObjectMapper().readTree(runDir.resolve("results.json").toFile());
    assertThat(results.path("verdict").asText()).isEqualTo("Pass");
    assertThat(results.path("exitCode").asInt()).isZero();
    assertThat(results.path("steps")).hasSize(3);
    assertThat(results.path("steps").get(1).path("ok").asBoolean()).isFalse();
    String html = Files.readString(runDir.resolve("report.html"));
    assertThat(html)
        .contains("Setup and teardown")
        .contains("compact")
        .contains("disk &lt;full&gt;")
        .doesNotContain("disk <full>");
  }

  /**
   * The system under test for these runs, in the test's JVM: a set store ({@code /set}, losing
   * every element after the first while {@code lossy}), {@code /reset} (records each call, empties
   * the set, answers 204), {@code /broken} (500 with a body).
   */
  private static final class StepService implements AutoCloseable {
    final List<String> resets = new CopyOnWriteArrayList<>();
    volatile boolean lossy;
    private final List<String> elements = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    StepService() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext("/set", this::set);
      server.createContext("/reset", this::reset);
      server.createContext("/broken", ex -> answer(ex, 500, "disk <full>"));
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int adds() {
      return elements.size();
    }

    private void set(HttpExchange ex) throws IOException {
      if ("POST".equals(ex.getRequestMethod())) {
        elements.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        answer(ex, 200, "{}");
        return;
      }
      List<String> shown = lossy ? elements.subList(0, Math.min(1, elements.size())) : elements;
      StringBuilder json = new StringBuilder("{\"ids\":[");
      for (int i = 0; i < shown.size(); i++) {
        json.append(i == 0 ? "\"" : ",\"").append(shown.get(i)).append('"');
      }
      answer(ex, 200, json.append("]}").toString());
    }

    private void reset(HttpExchange ex) throws IOException {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String run = ex.getRequestHeaders().getFirst("X-Run");
      resets.add(ex.getRequestMethod() + " " + (run == null ? "" : run) + " " + body);
      elements.clear();
      ex.sendResponseHeaders(204, -1);
      ex.close();
    }

    private static void answer(HttpExchange ex, int status, String text) throws IOException {
      byte[] body = text.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
