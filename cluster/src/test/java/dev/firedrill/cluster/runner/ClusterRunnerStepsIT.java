package dev.firedrill.cluster.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.firedrill.cluster.status.DrillRunStatuses;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.plan.Planner;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-cluster runner runs a drill's setup and teardown steps through the same engine as a local
 * run: an HTTP step calls the service from the runner, a command step runs in the runner's own
 * process (in a cluster: its pod) with {@code {{runDir}}} its run directory; a failed setup step is
 * named in the DrillRun's status. Against Fabric8's mock API server in CRUD mode and a real HTTP
 * service on loopback.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterRunnerStepsIT {

  static KubernetesClient client;

  @TempDir Path work;
  private HttpServer service;
  private final List<String> resets = new CopyOnWriteArrayList<>();
  private final List<String> elements = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    service.createContext(
        "/reset",
        ex -> {
          resets.add(ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("X-Run"));
          elements.clear();
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    service.createContext(
        "/set",
        ex -> {
          byte[] body;
          if ("POST".equals(ex.getRequestMethod())) {
            elements.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            body = "{}".getBytes(StandardCharsets.UTF_8);
          } else {
            body =
                ("{\"ids\":["
                        + String.join(",", elements.stream().map(e -> "\"" + e + "\"").toList())
                        + "]}")
                    .getBytes(StandardCharsets.UTF_8);
          }
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    service.start();
  }

  @AfterEach
  void stop() {
    service.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + service.getAddress().getPort();
  }

  /** A DrillRun of a drill with these steps, its snapshot and plan written as the operator does. */
  private void create(String name, String steps) {
    String text =
        """
        target: {namespace: shop, selector: {app: store}}
        workload:
          type: set
          baseUrl: %s
          rate: 20
          duration: 1s
          timeout: 500ms
          operations:
            add: {method: POST, path: /set, json: '{{value}}'}
            read: {path: /set, extract: /ids}
        invariants: [{type: noLostWrites}]
        recovery: 200ms
        %s
        """
            .formatted(url(), steps);
    LoadResult loaded = new DrillLoader().load("drill.yaml", text);
    assertThat(loaded.problems()).isEmpty();
    DrillSpec spec = loaded.drills().getFirst().spec();
    DrillRun run = new DrillRun();
    run.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").build());
    run.setSpec(DrillRunSpec.of("store", DrillRunSpec.Trigger.MANUAL));
    DrillRun created = client.resource(run).create();
    created.setStatus(
        DrillRunStatuses.snapshot(
            DrillRunStatuses.initial(), spec, 1, Planner.plan(spec, 3L), "run" + name.length()));
    client.resource(created).updateStatus();
  }

  private int run(String name, ByteArrayOutputStream console) throws IOException {
    PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
    return new ClusterRunner(client, work, out, (c, r) -> List.of()).run("shop", name);
  }

  private DrillRun fetch(String name) {
    return client.resources(DrillRun.class).inNamespace("shop").withName(name).get();
  }

  @Test
  void setupAndTeardownStepsRunInTheRunner() throws Exception {
    create(
        "steps",
        """
        setup:
          - name: reset
            http: {method: POST, url: "%s/reset", headers: {X-Run: "{{runId}}"}}
        teardown:
          - name: note
            command: {argv: [sh, -c, 'echo "{{runId}}" > "{{runDir}}/torn-down"']}
        """
            .formatted(url()));
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    int exit = run("steps", console);

    assertThat(exit).as(console.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(resets).containsExactly("POST run5");
    assertThat(Files.readString(work.resolve("steps/torn-down")).strip()).isEqualTo("run5");
    assertThat(fetch("steps").getStatus().verdict()).isEqualTo(Verdict.PASS);
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains("setup step 'reset' done (HTTP 204)")
        .contains("teardown step 'note' done (exit 0)");
  }

  @Test
  void aFailedSetupStepIsNamedInTheStatus() throws Exception {
    create(
        "broken",
        """
        setup:
          - name: fixtures
            http: {url: "%s/missing", expectStatus: [200]}
        """
            .formatted(url()));
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    int exit = run("broken", console);

    assertThat(exit).isEqualTo(2);
    var status = fetch("broken").getStatus();
    assertThat(status.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(status.message())
        .startsWith("setup step 'fixtures' failed: unexpected status 404 (expected [200])")
        .endsWith("nothing was tested");
    assertThat(status.faults()).as("nothing was ever in the ledger").isEmpty();
    assertThat(elements).as("no load was sent").isEmpty();
  }
}
