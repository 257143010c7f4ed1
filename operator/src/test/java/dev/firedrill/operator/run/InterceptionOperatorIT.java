package dev.firedrill.operator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.cluster.fault.ServiceInterception;
import dev.firedrill.cluster.report.ReportStore;
import dev.firedrill.cluster.runner.ClusterRunner;
import dev.firedrill.cluster.runner.TestingKubelet;
import dev.firedrill.engine.fault.FaultLedger;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.operator.WithLockingApiServer;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import dev.firedrill.operator.drill.DrillValidation;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Service interception end to end, through the running operator against Fabric8's mock API server
 * in CRUD mode. The test creates the Kubernetes Service; {@link TestingToxiproxyController} plays
 * the Deployment controller, kubelet and DNS for the run's Toxiproxy (a real {@code firedrill
 * proxy} process); {@link TestingKubelet} runs the runner Job as the real CLI. The Service's
 * backend is a real set store on loopback, reachable by the proxy through the shadow Service's DNS
 * name (the proxy's hosts file); the workload reaches the store only through the intercepted
 * proxy's listen port, which is where the redirected Service sends its clients (its new targetPort,
 * on the Toxiproxy pod). Ran here: no kind cluster.
 */
@QuarkusTest
@WithLockingApiServer
class InterceptionOperatorIT {

  private static final String SHOP = "shop";
  private static final String OPERATOR_NS = "firedrill-system";
  private static final Path CLI =
      Path.of("..", "cli", "target", "firedrill-cli.jar").toAbsolutePath();
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final int LISTEN = ServiceInterception.FIRST_LISTEN_PORT;

  @Inject KubernetesClient client;

  private TestingRuns runs;

  private static Path tmp;
  private TestingKubelet kubelet;
  private TestingToxiproxyController toxiproxies;
  private TestingSetService store;

  @BeforeAll
  static void cli() throws IOException {
    assertThat(CLI).as("the packaged CLI: build it first (./mvnw -pl cli -am package)").exists();
    tmp = Files.createTempDirectory("firedrill-interception");
  }

  @BeforeEach
  void setUp() throws IOException {
    runs = new TestingRuns(client);
    runs.namespace(SHOP, Map.of(DrillValidation.ENABLED_LABEL, DrillValidation.ENABLED_VALUE));
    runs.namespace(OPERATOR_NS, Map.of());
    store = new TestingSetService();
    Path hosts = tmp.resolve("hosts");
    // Cluster DNS for the proxy process: the shadow Service resolves to the store's loopback.
    Files.writeString(
        hosts,
        "127.0.0.1 localhost\n127.0.0.1 "
            + ServiceInterception.shadowName("store")
            + "."
            + SHOP
            + ".svc\n");
    // Runner Jobs of earlier tests would be started again by this test's kubelet: none are left.
    client.batch().v1().jobs().inNamespace(OPERATOR_NS).delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> client.batch().v1().jobs().inNamespace(OPERATOR_NS).list().getItems().isEmpty());
    kubelet = new TestingKubelet(client, OPERATOR_NS, CLI, tmp);
    toxiproxies = new TestingToxiproxyController(client, SHOP, CLI, hosts, tmp);
    client.services().inNamespace(SHOP).withName("store").delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.services().inNamespace(SHOP).withName("store").get() == null);
    client.resource(storeService()).create();
  }

  @AfterEach
  void tearDown() {
    kubelet.close();
    toxiproxies.close();
    store.close();
  }

  @Test
  void aServiceIsRoutedThroughTheRunsToxiproxyAndRestoredByteForByte() throws Exception {
    Service original = service("store");
    runs.drill(SHOP, "through-store", storeDrill("8s", "3s", "2s"));
    DrillRun run = runs.run(SHOP, "through-store-1", "through-store");
    String toxiproxy = RunToxiproxy.name(run, SHOP);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> {
          DrillRunStatus s = runs.get(run).getStatus();
          assertThat(s).isNotNull();
          assertThat(s.phase()).as(s.message()).isEqualTo(RunPhase.RUNNING);
        });
    DrillRunStatus running = runs.get(run).getStatus();
    Service redirected = service("store");
    assertThat(redirected.getSpec().getSelector()).isEqualTo(RunToxiproxy.podLabels(run));
    assertThat(redirected.getSpec().getPorts())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.getPort()).isEqualTo(store.port());
          assertThat(p.getTargetPort()).isEqualTo(new IntOrString(LISTEN));
        });
    assertThat(redirected.getMetadata().getAnnotations())
        .containsKey(ServiceInterception.ANNOTATION)
        .containsEntry("team", "storage");
    assertThat(service(ServiceInterception.shadowName("store")).getSpec().getSelector())
        .isEqualTo(original.getSpec().getSelector());
    int api = toxiproxies.apiPort(toxiproxy);
    assertThat(running.toxiproxyUrl()).isEqualTo("http://127.0.0.1:" + api);
    String token = assertTokenInSecretsOnly(run, toxiproxy);
    assertThat(get(api, "/proxies/to-store", null).statusCode())
        .as("the run's Toxiproxy API without its token")
        .isEqualTo(401);
    JsonNode link = new ObjectMapper().readTree(get(api, "/proxies/to-store", token).body());
    assertThat(link.path("listen").asText())
        .as("every address, as a pod's port")
        .endsWith(":" + LISTEN);
    assertThat(link.path("upstream").asText())
        .isEqualTo(ServiceInterception.shadowName("store") + ".shop.svc:" + store.port());
    assertThat(running.faults())
        .anySatisfy(e -> {
          assertThat(e.driver()).isEqualTo(ServiceInterception.KIND);
          assertThat(e.target()).isEqualTo("shop/store");
          assertThat(e.state()).isEqualTo(LedgerEntry.State.INJECTED);
        });

    DrillRunStatus status = runs.awaitTerminal(run, Duration.ofSeconds(90));

    assertThat(status.verdict()).as(status.message()).isEqualTo(Verdict.PASS);
    assertThat(status.operations().ok()).as("acknowledged through the proxy").isPositive();
    assertThat(status.operations().fail() + status.operations().info())
        .as("the partition of the intercepted link failed operations")
        .isPositive();
    assertThat(store.size()).as("writes reached the store through the proxy").isPositive();
    assertFailuresOnlyWhileCut(run);
    assertRestored(original, toxiproxy);
    assertThat(status.faults())
        .isNotEmpty()
        .allSatisfy(e -> {
          assertThat(e.state()).isEqualTo(LedgerEntry.State.HEALED);
          assertThat(e.error()).as("healed through the tokened API, not refused").isNull();
        });
    assertThat(JSON.asJson(status)).as("the status").doesNotContain(token);
    assertThat(events(run)).as("the run's Events").isNotEmpty().noneMatch(m -> m.contains(token));
  }

  @Test
  void aServiceLeftByACrashedRunIsTakenOverAndRestoredWhenTheRunIsDeleted() throws Exception {
    Service original = service("store");
    // A run that no longer exists left the Service redirected: only its annotation says so.
    new ServiceInterception(
            client,
            FaultLedger.NONE,
            InstantSource.system(),
            new ServiceInterception.Run(
                "shop/crashed-0", null, Map.of("app.kubernetes.io/name", "gone-toxiproxy"), LISTEN))
        .interceptAll(
            SHOP,
            TestingRuns.spec("crashed", storeDrill("90s", "1s", "60s")).toxiproxy().proxies());
    assertThat(ServiceInterception.interceptedBy(service("store"))).isEqualTo("shop/crashed-0");

    runs.drill(SHOP, "long-cut", storeDrill("90s", "1s", "60s"));
    DrillRun run = runs.run(SHOP, "long-cut-1", "long-cut");
    String toxiproxy = RunToxiproxy.name(run, SHOP);
    awaitPartitionInjected(run);
    assertThat(ServiceInterception.interceptedBy(service("store"))).isEqualTo("shop/long-cut-1");

    client.resource(runs.get(run)).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            client.resources(DrillRun.class).inNamespace(SHOP).withName("long-cut-1").get()
                == null);

    assertRestored(original, toxiproxy);
  }

  @Test
  void aRunnerDeathWithTheTokenSecretGoneIsSaidAndHealedWithoutIt() throws Exception {
    Service original = service("store");
    runs.drill(SHOP, "lost-token", storeDrill("90s", "1s", "60s"));
    DrillRun run = runs.run(SHOP, "lost-token-1", "lost-token");
    String toxiproxy = RunToxiproxy.name(run, SHOP);
    awaitPartitionInjected(run);
    String token =
        RunToxiproxyToken.token(client.secrets().inNamespace(SHOP).withName(toxiproxy).get());
    client.secrets().inNamespace(SHOP).withName(toxiproxy).delete();
    kubelet.killRunnerOf("lost-token-1"); // no runner left to heal with its own copy

    DrillRunStatus status = runs.awaitTerminal(run, Duration.ofSeconds(60));

    assertThat(status.phase()).as(status.message()).isEqualTo(RunPhase.ERRORED);
    assertThat(events(run))
        .anySatisfy(m ->
            assertThat(m)
                .startsWith("TokenMissing ")
                .contains("token Secret shop/" + toxiproxy)
                .contains("without the token"))
        .noneMatch(m -> m.contains(token));
    assertThat(JSON.asJson(status)).doesNotContain(token);
    assertRestored(original, toxiproxy);
  }

  @Test
  void servicesThatCannotBeInterceptedRefuseTheRunAndChangeNothing() throws Exception {
    client
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("legacy")
                .withNamespace(SHOP)
                .endMetadata()
                .withNewSpec()
                .withType("ExternalName")
                .withExternalName("legacy.example.com")
                .endSpec()
                .build())
        .createOr(existing -> existing.update());
    String legacyBefore = JSON.asJson(service("legacy").getSpec());
    runs.drill(
        SHOP,
        "refused",
        storeDrill("8s", "3s", "2s")
            .replace(
                "proxies: [{name: to-store, service: store}]",
                "proxies: [{name: to-store, service: nowhere}, {name: old, service: legacy}]"));
    DrillRun run = runs.run(SHOP, "refused-1", "refused");

    DrillRunStatus status = runs.awaitTerminal(run, Duration.ofSeconds(20));

    assertThat(status.phase()).isEqualTo(RunPhase.ERRORED);
    assertThat(status.message())
        .isEqualTo(
            "cannot intercept: Service shop/nowhere not found: nothing to intercept (fix: create"
                + " it, or name an existing Service in toxiproxy.proxies[].service); Service"
                + " shop/legacy has no selector (its endpoints are not chosen by labels), so it"
                + " cannot be routed through Toxiproxy; give the proxy listen and upstream"
                + " instead")
        .doesNotContain("\n");
    assertThat(JSON.asJson(service("legacy").getSpec())).isEqualTo(legacyBefore);
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(SHOP)
                .withName(RunToxiproxy.name(run, SHOP))
                .get())
        .as("no Toxiproxy deployed")
        .isNull();
    assertThat(runs.runnerJob(OPERATOR_NS, run)).as("no runner").isNull();
  }

  // --- helpers ----------------------------------------------------------------------------------

  /**
   * The run's token is in its Secrets only: the one beside the proxy (owned by the run), the
   * runner's copy, and both pods take it from them through secretKeyRef. Returns the token.
   */
  private String assertTokenInSecretsOnly(DrillRun run, String toxiproxy) {
    Secret secret = client.secrets().inNamespace(SHOP).withName(toxiproxy).get();
    String token = RunToxiproxyToken.token(secret);
    assertThat(token).as("the run's token Secret").hasSize(64);
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(runs.get(run).getMetadata().getUid()));
    String runnerSecret = RunToxiproxy.name(run, OPERATOR_NS);
    assertThat(
            RunToxiproxyToken.token(
                client.secrets().inNamespace(OPERATOR_NS).withName(runnerSecret).get()))
        .isEqualTo(token);
    var deployment = client.apps().deployments().inNamespace(SHOP).withName(toxiproxy).get();
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
        .filteredOn(v -> v.getName().equals(RunToxiproxyToken.PROXY_ENV))
        .singleElement()
        .satisfies(
            v -> assertThat(v.getValueFrom().getSecretKeyRef().getName()).isEqualTo(toxiproxy));
    var job = runs.runnerJob(OPERATOR_NS, run);
    assertThat(job).isNotNull();
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
        .filteredOn(v -> v.getName().equals(ClusterRunner.TOKEN_ENV))
        .singleElement()
        .satisfies(
            v -> assertThat(v.getValueFrom().getSecretKeyRef().getName()).isEqualTo(runnerSecret));
    assertThat(JSON.asJson(deployment) + JSON.asJson(job)).as("no literal").doesNotContain(token);
    return token;
  }

  /** Until the run's ledger holds its partition as injected. */
  private void awaitPartitionInjected(DrillRun run) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> {
          DrillRunStatus s = runs.get(run).getStatus();
          assertThat(s).isNotNull();
          assertThat(s.faults())
              .as(s.message())
              .anySatisfy(e -> {
                assertThat(e.action()).isEqualTo("partition");
                assertThat(e.state()).isEqualTo(LedgerEntry.State.INJECTED);
              });
        });
  }

  private List<String> events(DrillRun run) {
    return client.v1().events().inNamespace(SHOP).list().getItems().stream()
        .filter(e -> run.getMetadata().getName().equals(e.getInvolvedObject().getName()))
        .map(e -> e.getReason() + " " + e.getMessage())
        .toList();
  }

  private static HttpResponse<String> get(int port, String path, String token) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The Service, its shadow and the run's Toxiproxy are as they were before the run. */
  private void assertRestored(Service original, String toxiproxy) {
    Service after = service("store");
    assertThat(JSON.asJson(after.getSpec()))
        .as("the spec, byte for byte")
        .isEqualTo(JSON.asJson(original.getSpec()));
    assertThat(after.getMetadata().getAnnotations())
        .isEqualTo(original.getMetadata().getAnnotations());
    assertThat(service(ServiceInterception.shadowName("store"))).as("shadow").isNull();
    assertThat(client.apps().deployments().inNamespace(SHOP).withName(toxiproxy).get())
        .as("the run's Toxiproxy Deployment")
        .isNull();
    assertThat(service(toxiproxy)).as("the run's Toxiproxy Service").isNull();
    assertThat(client.secrets().inNamespace(SHOP).withName(toxiproxy).get())
        .as("the run's token Secret")
        .isNull();
    await().atMost(Duration.ofSeconds(10)).until(() -> toxiproxies.process(toxiproxy) == null);
  }

  /**
   * Operations failed, and only while the intercepted link was cut: the workload's traffic went
   * through the run's Toxiproxy (from the run's history, in its report ConfigMap).
   */
  private void assertFailuresOnlyWhileCut(DrillRun run) throws IOException {
    byte[] history =
        new ReportStore(client).read(SHOP, run.getMetadata().getName()).get("history.jsonl");
    assertThat(history).as("the run's history in its report").isNotNull();
    List<JsonNode> ops = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : new String(history, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        ops.add(json.readTree(line));
      }
    }
    long inject = time(ops, "inject");
    long heal = time(ops, "heal");
    // Judged by when each failed operation was invoked (its process's last invoke), not by when
    // its failure was recorded: on a loaded machine a request sent just before the heal can take
    // its whole timeout to fail. The slack covers the nemesis's own clock reads around the cut.
    long slack = Duration.ofMillis(500).toNanos();
    java.util.Map<String, Long> invoked = new java.util.HashMap<>();
    List<Long> failedInvokes = new ArrayList<>();
    for (JsonNode o : ops) {
      String process = o.path("process").asText();
      if ("nemesis".equals(process)) {
        continue;
      }
      switch (o.path("type").asText()) {
        case "invoke" -> invoked.put(process, o.path("time").asLong());
        case "fail" -> failedInvokes.add(invoked.getOrDefault(process, o.path("time").asLong()));
        default -> {}
      }
    }
    assertThat(failedInvokes)
        .as("invocation times of the failed operations; cut from %d to %d", inject, heal)
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t).isBetween(inject - slack, heal + slack));
  }

  private static long time(List<JsonNode> ops, String f) {
    return ops.stream()
        .filter(o -> "nemesis".equals(o.path("process").asText()) && f.equals(o.path("f").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + f + " in the history"))
        .path("time")
        .asLong();
  }

  /** A drill whose only proxy is the Service {@code store} and whose fault partitions that link. */
  private static String storeDrill(String duration, String at, String cut) {
    return """
    target: {namespace: shop, selector: {app: store}}
    toxiproxy:
      proxies: [{name: to-store, service: store}]
    workload:
      type: set
      baseUrl: http://127.0.0.1:%d
      rate: 20
      duration: %s
      timeout: 500ms
      operations:
        add: {method: POST, path: /set, json: '{{value}}'}
        read: {path: /set, extract: /ids}
    faults:
      - {name: cut, at: %s, duration: %s, partition: {proxies: [to-store]}}
    invariants: [{type: noLostWrites}]
    recovery: 1s
    """
        .formatted(LISTEN, duration, at, cut);
  }

  /** The Service {@code store}: its port is the store's loopback port, as the shadow keeps it. */
  private Service storeService() {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("store")
        .withNamespace(SHOP)
        .addToLabels("app", "store")
        .addToAnnotations("team", "storage")
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withClusterIP("10.96.0.17")
        .addToSelector("app", "store")
        .addToSelector("tier", "api")
        .addNewPort()
        .withName("http")
        .withPort(store.port())
        .withProtocol("TCP")
        .withTargetPort(new IntOrString("http"))
        .endPort()
        .withSessionAffinity("None")
        .endSpec()
        .build();
  }

  private Service service(String name) {
    return client.services().inNamespace(SHOP).withName(name).get();
  }
}
