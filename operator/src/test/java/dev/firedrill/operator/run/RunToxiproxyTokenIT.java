package dev.firedrill.operator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.cluster.runner.ClusterRunner;
import dev.firedrill.cluster.status.DrillRunStatuses;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.fault.toxiproxy.ToxiproxyDriver;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.Partition;
import dev.firedrill.engine.model.ProxySpec;
import dev.firedrill.engine.plan.PlannedFault;
import dev.firedrill.engine.plan.Planner;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import dev.firedrill.operator.config.TestingOperatorConfig;
import dev.firedrill.proxy.ToxiproxyServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token of a run's own embedded Toxiproxy, against Fabric8's mock API server in CRUD mode and a
 * real embedded proxy on loopback started with the token of the run's Secret, as its Deployment
 * runs it: the Secrets are the run's, the pods refer to them and hold no literal, the API refuses a
 * caller without the token, and the operator's heal path heals a real partition through it.
 */
@EnableKubernetesMockClient(crud = true)
class RunToxiproxyTokenIT {

  static KubernetesClient client;

  private static final String OPERATOR_NS = "firedrill-system";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final TestingOperatorConfig CONFIG = new TestingOperatorConfig(OPERATOR_NS);
  private static final DrillSpec SPEC = PaymentsCutDrill.SPEC;

  private final RunInterception interception =
      new RunInterception(client, CONFIG, InstantSource.system());
  private DrillRun run;
  private ToxiproxyServer proxy;

  @BeforeEach
  void pendingRun() {
    client.secrets().inNamespace("shop").delete();
    client.secrets().inNamespace(OPERATOR_NS).delete();
    client.apps().deployments().inNamespace("shop").delete();
    client.services().inNamespace("shop").delete();
    client.resources(DrillRun.class).inNamespace("shop").delete();
    DrillRun r = new DrillRun();
    r.setMetadata(
        new ObjectMetaBuilder().withName("weekly-1").withNamespace("shop").withUid("u-1").build());
    r.setSpec(DrillRunSpec.of("d", DrillRunSpec.Trigger.MANUAL));
    run = client.resource(r).create();
    run.setStatus(
        DrillRunStatuses.snapshot(
            DrillRunStatuses.initial(), SPEC, 1, Planner.plan(SPEC, 1), "abc"));
    run = client.resource(run).updateStatus();
  }

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void theTokenLivesInSecretsOfTheRunAndThePodsReferToThemWithoutALiteral() {
    interception.deploy(run);

    String name = RunToxiproxy.name(run, "shop");
    Secret secret = client.secrets().inNamespace("shop").withName(name).get();
    assertThat(secret).as("the token Secret beside the proxy").isNotNull();
    String token = RunToxiproxyToken.token(secret);
    assertThat(token).as("256 random bits in hex").hasSize(64).matches("[0-9a-f]{64}");
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> {
          assertThat(o.getKind()).isEqualTo("DrillRun");
          assertThat(o.getUid()).isEqualTo(run.getMetadata().getUid());
        });
    assertThat(RunToxiproxy.ours(secret.getMetadata().getLabels(), run)).isTrue();
    String runnerName = RunToxiproxy.name(run, OPERATOR_NS);
    Secret runnerCopy = client.secrets().inNamespace(OPERATOR_NS).withName(runnerName).get();
    assertThat(RunToxiproxyToken.token(runnerCopy)).as("the runner's copy").isEqualTo(token);
    assertThat(runnerCopy.getMetadata().getOwnerReferences())
        .as("an owner reference cannot cross namespaces")
        .isEmpty();

    Deployment deployment = client.apps().deployments().inNamespace("shop").withName(name).get();
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
    assertFromSecret(container, RunToxiproxyToken.PROXY_ENV, name);
    assertThat(JSON.asJson(deployment)).doesNotContain(token);
    assertThat(container.getReadinessProbe().getTcpSocket())
        .as("a probe cannot carry the token but as a literal: a TCP probe")
        .isNotNull();

    DrillRun intercepted = withStatus(DrillRunStatuses.intercepted(run.getStatus(), "http://x:1"));
    Job job = RunnerJobs.job(intercepted, SPEC, CONFIG);
    assertFromSecret(
        job.getSpec().getTemplate().getSpec().getContainers().getFirst(),
        ClusterRunner.TOKEN_ENV,
        runnerName);
    assertThat(JSON.asJson(job)).doesNotContain(token);
    assertThat(JSON.asJson(intercepted.getStatus())).doesNotContain(token);

    interception.deploy(intercepted);
    assertThat(RunToxiproxyToken.token(client.secrets().inNamespace("shop").withName(name).get()))
        .as("a retried deploy keeps the first token")
        .isEqualTo(token);

    interception.tearDown(intercepted, List.of());
    assertThat(client.secrets().inNamespace("shop").withName(name).get()).isNull();
    assertThat(client.secrets().inNamespace(OPERATOR_NS).withName(runnerName).get()).isNull();
  }

  @Test
  void theHealPathHealsARealPartitionThroughTheTokenedApi() throws Exception {
    DrillRun cut = cutOnTheRunsProxy();
    assertThat(status(null)).as("a caller without the token").isEqualTo(401);
    assertThat(proxy.proxies().get("to-payments").enabled()).isFalse();

    RunInterception.Tokens tokens = interception.tokens(cut);
    assertThat(tokens.missing()).isNull();
    List<LedgerEntry> left = new RunHealing(client).heal(cut, tokens.byUrl());

    assertThat(left).isEmpty();
    assertThat(proxy.proxies().get("to-payments").enabled()).as("healed").isTrue();
    DrillRunStatus after = client.resource(cut).get().getStatus();
    assertThat(after.faults())
        .singleElement()
        .satisfies(e -> assertThat(e.state()).isEqualTo(LedgerEntry.State.HEALED));
    assertThat(JSON.asJson(after)).doesNotContain(tokens.byUrl().values().iterator().next());
  }

  @Test
  void withTheSecretGoneTheHealSaysSoTriesWithoutItAndLeavesTheFaultVisible() throws Exception {
    DrillRun cut = cutOnTheRunsProxy();
    client.secrets().inNamespace("shop").withName(RunToxiproxy.name(run, "shop")).delete();

    RunInterception.Tokens tokens = interception.tokens(cut);
    assertThat(tokens.byUrl()).isEmpty();
    assertThat(tokens.missing())
        .contains("token Secret shop/" + RunToxiproxy.name(run, "shop"))
        .contains("is gone")
        .contains("without the token");
    List<LedgerEntry> left = new RunHealing(client).heal(cut, tokens.byUrl());

    assertThat(left).as("still in effect, and said so").singleElement();
    assertThat(left.getFirst().error()).contains("401");
    assertThat(proxy.proxies().get("to-payments").enabled()).isFalse();
  }

  /** The run's proxy up with its Secret's token, and a partition injected and in the ledger. */
  private DrillRun cutOnTheRunsProxy() throws Exception {
    interception.deploy(run);
    String token =
        RunToxiproxyToken.token(
            client.secrets().inNamespace("shop").withName(RunToxiproxy.name(run, "shop")).get());
    proxy = ToxiproxyServer.startWithToken("127.0.0.1", 0, token);
    URI url = URI.create("http://127.0.0.1:" + proxy.apiPort());
    DrillRun intercepted =
        withStatus(DrillRunStatuses.intercepted(run.getStatus(), url.toString()));
    PlannedFault fault =
        new PlannedFault(
            "cut",
            0,
            Duration.ZERO,
            Duration.ofSeconds(20),
            new Partition(List.of("to-payments")),
            List.of("to-payments"),
            1);
    DrillRunStatus status = intercepted.getStatus();
    try (ToxiproxyDriver driver = ToxiproxyDriver.connect(url, Duration.ofSeconds(5), token)) {
      driver.ensureProxies(
          List.of(new ProxySpec("to-payments", "127.0.0.1:" + freePort(), "127.0.0.1:1")));
      for (LedgerEntry e : driver.prepare(fault)) {
        driver.inject(fault, e);
        status =
            DrillRunStatuses.ledger(
                status, e.with(LedgerEntry.State.INJECTED, "2026-12-01T02:00:30Z", null, null));
      }
    }
    return withStatus(status);
  }

  private DrillRun withStatus(DrillRunStatus status) {
    DrillRun current = client.resource(run).get();
    current.setStatus(status);
    return client.resource(current).updateStatus();
  }

  private static void assertFromSecret(Container container, String env, String secret) {
    assertThat(container.getEnv())
        .filteredOn(v -> v.getName().equals(env))
        .singleElement()
        .satisfies(v -> {
          assertThat(v.getValue()).as("no literal").isNull();
          assertThat(v.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret);
          assertThat(v.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(RunToxiproxyToken.KEY);
        });
    assertThat(container.getEnv().stream().map(EnvVar::getValue))
        .as("no other variable holds a token")
        .allSatisfy(v -> assertThat(v == null || !v.matches("[0-9a-f]{64}")).isTrue());
  }

  private int status(String authorization) throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.apiPort() + "/proxies"));
    if (authorization != null) {
      r.header("Authorization", authorization);
    }
    return HttpClient.newHttpClient()
        .send(r.build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
