package dev.firedrill.operator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.cluster.report.ReportStore;
import dev.firedrill.cluster.runner.TestingKubelet;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.operator.WithLockingApiServer;
import dev.firedrill.operator.api.v1alpha1.Drill;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import dev.firedrill.operator.drill.DrillValidation;
import dev.firedrill.proxy.ToxiproxyServer;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whole DrillRuns through the running operator (Quarkus, JOSDK, informers) against Fabric8's mock
 * API server in CRUD mode. The runner is the real CLI, started by {@link TestingKubelet} with the
 * arguments of the Job the operator created; the system under test is the demo shop's processes and
 * a set service on loopback; the drill's Toxiproxy is the embedded server on loopback. Ran here: no
 * kind cluster (see the *E2E tests for one).
 */
@QuarkusTest
@WithLockingApiServer
class DrillRunOperatorIT {

  private static final String SHOP = "shop";
  private static final String OPERATOR_NS = "firedrill-system";
  private static final Path CLI =
      Path.of("..", "cli", "target", "firedrill-cli.jar").toAbsolutePath();
  private static final Path DEMO =
      Path.of("..", "demo", "target", "firedrill-demo.jar").toAbsolutePath();
  private static final AtomicInteger NAMES = new AtomicInteger();

  @Inject KubernetesClient client;

  private TestingRuns runs;

  private static ToxiproxyServer toxiproxy;
  private static Path tmp;
  private TestingKubelet kubelet;
  private final List<Process> shop = new ArrayList<>();
  private final List<TestingSetService> services = new ArrayList<>();

  @BeforeAll
  static void startProxy() throws IOException {
    assertThat(CLI).as("the packaged CLI: build it first (./mvnw -pl cli -am package)").exists();
    assertThat(DEMO).as("the demo shop jar").exists();
    toxiproxy = ToxiproxyServer.start("127.0.0.1", 0);
    tmp = Files.createTempDirectory("firedrill-kubelet");
  }

  @AfterAll
  static void stopProxy() {
    toxiproxy.close();
  }

  @BeforeEach
  void setUp() {
    runs = new TestingRuns(client);
    runs.namespace(SHOP, Map.of(DrillValidation.ENABLED_LABEL, DrillValidation.ENABLED_VALUE));
    runs.namespace("legacy", Map.of());
    runs.namespace(OPERATOR_NS, Map.of());
    kubelet = new TestingKubelet(client, OPERATOR_NS, CLI, tmp);
  }

  @AfterEach
  void tearDown() {
    kubelet.close();
    shop.forEach(Process::destroyForcibly);
    services.forEach(TestingSetService::close);
    client.configMaps().inNamespace(OPERATOR_NS).withName("firedrill-kill-switch").delete();
  }

  // --- the end-to-end verdicts --------------------------------------------------------------

  @Test
  void aSeededBugFailsWithItsAnomalyInTheStatusAndPassesWithoutIt() throws Exception {
    DrillRunStatus bugOn = duplicatePayments("duplicate-payments");
    assertThat(bugOn.verdict()).as(bugOn.message()).isEqualTo(Verdict.FAIL);
    assertThat(bugOn.phase()).isEqualTo(RunPhase.COMPLETED);
    assertThat(bugOn.invariants())
        .singleElement()
        .satisfies(i -> {
          assertThat(i.invariant()).isEqualTo("noDuplicates");
          assertThat(i.validity()).isEqualTo("invalid");
        });
    assertThat(bugOn.anomalies())
        .isNotEmpty()
        .allSatisfy(a -> {
          assertThat(a.kind()).isEqualTo("duplicate");
          assertThat(a.traceIds()).isNotEmpty();
        });
    assertThat(bugOn.faults())
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.state()).isEqualTo(LedgerEntry.State.HEALED));

    DrillRunStatus bugOff = duplicatePayments("");
    assertThat(bugOff.verdict()).as(bugOff.message()).isEqualTo(Verdict.PASS);
    assertThat(bugOff.anomalyCount()).isIn(null, 0);
  }

  @Test
  void theCiGateAppliesTheDrillFollowsTheRunAndExitsWithItsVerdict() throws Exception {
    String yaml = duplicatePaymentsDrill("duplicate-payments");
    Path file = tmp.resolve("gate-" + NAMES.incrementAndGet() + ".yaml");
    Files.writeString(
        file,
        "apiVersion: firedrill.dev/v1alpha1\nkind: Drill\nmetadata: {name: gate, namespace: shop}\nspec:\n"
            + yaml.indent(2));
    Path junit = tmp.resolve("ci/out.xml");
    Path reports = tmp.resolve("ci/report");
    ProcessBuilder pb =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                CLI.toString(),
                "run",
                "--cluster",
                file.toString(),
                "--wait",
                "--junit",
                junit.toString(),
                "--report-dir",
                reports.toString(),
                "--timeout",
                "3m")
            .redirectErrorStream(true);
    pb.environment().putAll(kubelet.env());
    Process gate = pb.start();
    String output =
        new String(gate.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(gate.waitFor(4, java.util.concurrent.TimeUnit.MINUTES)).isTrue();

    assertThat(gate.exitValue()).as(output).isEqualTo(1);
    assertThat(output)
        .contains("applied Drill shop/gate, started DrillRun gate-ci-")
        .contains("FAIL");
    assertThat(Files.readString(junit)).contains("<failure");
    assertThat(reports.resolve("report.html")).exists();
    assertThat(reports.resolve("history.jsonl")).exists();
    shop.forEach(Process::destroyForcibly);
    shop.clear();
  }

  /** The demo's duplicate-payments drill, in cluster form, against the shop with {@code bugs}. */
  private DrillRunStatus duplicatePayments(String bugs) throws Exception {
    String name = "dup-" + NAMES.incrementAndGet();
    runs.drill(SHOP, name, duplicatePaymentsDrill(bugs));
    DrillRun run = runs.run(SHOP, name, name);
    DrillRunStatus status = runs.awaitTerminal(run, Duration.ofSeconds(120));
    Job job = runs.runnerJob(OPERATOR_NS, run);
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs())
        .containsExactly(
            "run", "--in-cluster", "--drill-run", SHOP + "/" + name, "--out", "/tmp/runs");
    assertThat(status.reportUrl()).isEqualTo("configmap:shop/" + name + "-report");
    Map<String, byte[]> files = new ReportStore(client).read(SHOP, name);
    JsonNode results = new ObjectMapper().readTree(files.get("results.json"));
    assertThat(results.path("verdict").asText())
        .isEqualTo(status.verdict() == Verdict.PASS ? "Pass" : "Fail");
    assertThat(files).containsKeys("history.jsonl", "junit.xml", "report.html");
    shop.forEach(Process::destroyForcibly);
    shop.clear();
    return status;
  }

  /** Starts the shop with {@code bugs} and a proxy to its payments; returns the drill's spec. */
  private String duplicatePaymentsDrill(String bugs) throws Exception {
    int payments = freePort();
    int orders = freePort();
    String proxyName = "orders-to-payments-" + NAMES.incrementAndGet();
    int listen = freePort();
    shop.add(shopProcess(bugs, "payments", "--port", Integer.toString(payments)));
    shop.add(
        shopProcess(
            bugs,
            "orders",
            "--port",
            Integer.toString(orders),
            "--payments-url",
            "http://127.0.0.1:" + listen));
    toxiproxyClient().createProxy(proxyName, "127.0.0.1:" + listen, "127.0.0.1:" + payments);
    awaitHealthy(payments);
    awaitHealthy(orders);
    return """
    description: Retried charges are applied once, even when the payment answers come late.
    target: {namespace: shop, selector: {app: orders}}
    toxiproxy:
      url: %s
      proxies: [{name: %s, listen: "127.0.0.1:%d", upstream: "127.0.0.1:%d"}]
    workload:
      type: set
      baseUrl: http://127.0.0.1:%d
      rate: 20
      concurrency: 4
      duration: 7s
      timeout: 3s
      operations:
        add:
          method: POST
          path: /orders
          json: '{"orderId": "{{value}}", "item": "widget", "quantity": 1}'
          status: {"503": fail}
        read: {baseUrl: "http://127.0.0.1:%d", path: /payments, extract: /payments}
    faults:
      - {name: late-payment-answers, at: 2500ms, duration: 3500ms,
         latency: {proxies: [%s], latency: 800ms, stream: downstream}}
    invariants: [{type: noDuplicates}]
    recovery: 1s
    """
        .formatted(toxiproxyUrl(), proxyName, listen, payments, orders, payments, proxyName);
  }

  // --- healing that survives any crash --------------------------------------------------------

  @Test
  void aRunnerThatDiesMidFaultIsHealedByTheOperator() throws Exception {
    String running = partitionRun("dies");
    String job = RunnerJobs.name(runs.get(SHOP, "dies"));
    assertThat(enabled(running)).isFalse();

    kubelet.process(job).destroyForcibly(); // SIGKILL: the runner heals nothing

    DrillRunStatus status = runs.awaitTerminal(runs.get(SHOP, "dies"), Duration.ofSeconds(30));
    assertThat(status.phase()).as(kubelet.log(job)).isEqualTo(RunPhase.ERRORED);
    assertThat(status.message()).startsWith("the runner died before its verdict: its Job failed");
    assertThat(enabled(running)).as("the operator healed the partition from the ledger").isTrue();
    assertThat(status.faults())
        .allSatisfy(e -> assertThat(e.state()).isEqualTo(LedgerEntry.State.HEALED));
  }

  @Test
  void theKillSwitchHealsAndAbortsEveryRunWithinFiveSeconds() throws Exception {
    String first = partitionRun("switch-a");
    long engaged = System.nanoTime();
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("firedrill-kill-switch")
                .withNamespace(OPERATOR_NS)
                .endMetadata()
                .addToData("engaged", "true")
                .build())
        .create();

    DrillRunStatus status = runs.awaitTerminal(runs.get(SHOP, "switch-a"), Duration.ofSeconds(5));
    Duration took = Duration.ofNanos(System.nanoTime() - engaged);

    assertThat(status.phase()).isEqualTo(RunPhase.ABORTED);
    assertThat(status.message()).isEqualTo("the kill switch is engaged");
    assertThat(enabled(first)).isTrue();
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    DrillRun refused = runs.run(SHOP, "refused", "switch-a-drill");
    assertThat(runs.awaitTerminal(refused, Duration.ofSeconds(10)).message())
        .isEqualTo("refused: the kill switch is engaged");
  }

  @Test
  void deletingARunUnderWayHealsItFirst() throws Exception {
    String running = partitionRun("deleted");
    client.resource(runs.get(SHOP, "deleted")).delete();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() ->
            client.resources(DrillRun.class).inNamespace(SHOP).withName("deleted").get() == null);
    assertThat(enabled(running)).isTrue();
  }

  @Test
  void aRunFromBeforeAnOperatorRestartIsHealedFromItsLedgerAndAborted() throws Exception {
    String proxy = "restart-" + NAMES.incrementAndGet();
    var link =
        toxiproxyClient().createProxy(proxy, "127.0.0.1:" + freePort(), "127.0.0.1:" + freePort());
    link.disable(); // what the runner of the previous operator's run had injected
    runs.drill(SHOP, "restart-drill", partitionDrill(proxy));
    DrillRun run = new DrillRun();
    run.setMetadata(new ObjectMetaBuilder().withName("restart").withNamespace(SHOP).build());
    run.setSpec(DrillRunSpec.of("restart-drill", DrillRunSpec.Trigger.MANUAL));
    Drill drill = client.resources(Drill.class).inNamespace(SHOP).withName("restart-drill").get();
    LedgerEntry injected =
        new LedgerEntry(
            "cut#0",
            "partition",
            "toxiproxy",
            proxy,
            Map.of("url", toxiproxyUrl(), "proxy", proxy, "enabled", "true"),
            "toxiproxy " + toxiproxyUrl() + " proxy " + proxy + " enabled",
            LedgerEntry.State.INJECTED,
            "2026-12-01T10:00:00Z",
            null,
            null);
    run.setStatus(
        new DrillRunStatus(
            RunPhase.RUNNING,
            null,
            "running",
            "2026-12-01T10:00:00Z",
            null,
            1L,
            drill.getSpec(),
            3L,
            "abcdefgh",
            "firedrill-restart-old",
            null,
            null,
            List.of(injected),
            null,
            null,
            null,
            null,
            null,
            null));
    client.resource(run).create();

    DrillRunStatus status = runs.awaitTerminal(runs.get(SHOP, "restart"), Duration.ofSeconds(20));

    assertThat(status.phase()).isEqualTo(RunPhase.ABORTED);
    assertThat(status.message())
        .isEqualTo("the operator restarted mid-run; the run was healed from its ledger");
    assertThat(toxiproxyClient().getProxy(proxy).isEnabled()).isTrue();
  }

  // --- refusals ---------------------------------------------------------------------------------

  @Test
  void aRunInANamespaceNotEnabledIsRefusedWithTheFix() throws Exception {
    Drill drill = new Drill();
    drill.setMetadata(
        new ObjectMetaBuilder().withName("legacy-drill").withNamespace("legacy").build());
    drill.setSpec(
        TestingRuns.spec(
            "legacy-drill", partitionDrill("p").replace("namespace: shop", "namespace: legacy")));
    client.resource(drill).create();
    DrillRun run = new DrillRun();
    run.setMetadata(new ObjectMetaBuilder().withName("legacy-run").withNamespace("legacy").build());
    run.setSpec(DrillRunSpec.of("legacy-drill", DrillRunSpec.Trigger.MANUAL));
    client.resource(run).create();

    DrillRunStatus status = runs.awaitTerminal(run, Duration.ofSeconds(20));

    assertThat(status.phase()).isEqualTo(RunPhase.ERRORED);
    assertThat(status.message())
        .contains(
            "namespace legacy is not enabled for drills (fix: kubectl label namespace legacy"
                + " firedrill.dev/drills=enabled)");
    assertThat(runs.runnerJob(OPERATOR_NS, run)).as("no runner").isNull();
  }

  @Test
  void aDryRunShowsItsPlanAndInjectsNothing() throws Exception {
    runs.drill(SHOP, "dry-drill", partitionDrill("p-dry"));
    DrillRun run = new DrillRun();
    run.setMetadata(new ObjectMetaBuilder().withName("dry").withNamespace(SHOP).build());
    run.setSpec(new DrillRunSpec("dry-drill", DrillRunSpec.Trigger.CI, 5L, true, null));
    client.resource(run).create();

    DrillRunStatus status = runs.awaitTerminal(run, Duration.ofSeconds(20));

    assertThat(status.phase()).isEqualTo(RunPhase.COMPLETED);
    assertThat(status.verdict()).isNull();
    assertThat(status.planned())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.occurrence()).isEqualTo("cut#0");
          assertThat(p.at()).isEqualTo("500ms");
        });
    assertThat(status.seed()).isEqualTo(5L);
    assertThat(runs.runnerJob(OPERATOR_NS, run)).isNull();
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** A run of a long partition; returns once the partition is in the run's ledger as injected. */
  private String partitionRun(String name) throws Exception {
    String proxy = name + "-" + NAMES.incrementAndGet();
    runs.drill(SHOP, name + "-drill", partitionDrill(proxy));
    DrillRun run = runs.run(SHOP, name, name + "-drill");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> {
          DrillRunStatus s = runs.get(SHOP, name).getStatus();
          assertThat(s).isNotNull();
          assertThat(s.faults())
              .as(kubelet.log(RunnerJobs.name(run)))
              .anySatisfy(e -> assertThat(e.state()).isEqualTo(LedgerEntry.State.INJECTED));
        });
    return proxy;
  }

  /** A drill whose only fault partitions {@code proxy} from 500 ms for a minute. */
  private String partitionDrill(String proxy) throws IOException {
    TestingSetService service = new TestingSetService();
    services.add(service);
    int listen = freePort();
    return """
    target: {namespace: shop, selector: {app: orders}}
    toxiproxy:
      url: %s
      proxies: [{name: %s, listen: "127.0.0.1:%d", upstream: "127.0.0.1:%d"}]
    workload:
      type: set
      baseUrl: http://127.0.0.1:%d
      rate: 20
      duration: 90s
      timeout: 500ms
      operations:
        add: {method: POST, path: /set, json: '{{value}}'}
        read: {path: /set, extract: /ids}
    faults:
      - {name: cut, at: 500ms, duration: 60s, partition: {proxies: [%s]}}
    invariants: [{type: noLostWrites}]
    recovery: 1s
    """
        .formatted(toxiproxyUrl(), proxy, listen, service.port(), listen, proxy);
  }

  private static boolean enabled(String proxy) throws IOException {
    return toxiproxyClient().getProxy(proxy).isEnabled();
  }

  private static String toxiproxyUrl() {
    return "http://127.0.0.1:" + toxiproxy.apiPort();
  }

  private static ToxiproxyClient toxiproxyClient() {
    return new ToxiproxyClient("127.0.0.1", toxiproxy.apiPort());
  }

  private static Process shopProcess(String bugs, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-cp", DEMO.toString(), "dev.firedrill.demo.ShopMain"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(tmp.resolve(args[0] + "-" + NAMES.incrementAndGet() + ".log").toFile());
    pb.environment().put("FIREDRILL_DEMO_BUGS", bugs);
    return pb.start();
  }

  private static void awaitHealthy(int port) {
    HttpClient http = HttpClient.newHttpClient();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() ->
            http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                            .build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
