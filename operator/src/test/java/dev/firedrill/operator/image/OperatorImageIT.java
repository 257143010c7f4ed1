package dev.firedrill.operator.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.cluster.runner.LeaseRulesReview;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.operator.api.v1alpha1.Drill;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator image that Jib built at package (target/firedrill-operator-image.tar): what a
 * registry and a kubelet read from it, and, unpacked into a root filesystem without Docker and
 * started from its own entrypoint as its non-root user against Fabric8's mock API server, that it
 * serves the chart's probes and metrics and reconciles a Drill.
 */
@EnableKubernetesMockClient(https = false, crud = true)
class OperatorImageIT {

  static KubernetesClient client;
  static KubernetesMockServer server;

  private static final String VERSION = System.getProperty("firedrill.version");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Path tarball;
  private static ImageTarball image;

  @BeforeAll
  static void readTarball() throws Exception {
    tarball = ImageTarball.tarball();
    image = ImageTarball.read(tarball);
  }

  @Test
  void configStartsTheAppWithItsAotCacheAsANonRootUserOnTheChartsPort() {
    var config = image.config().path("config");

    assertThat(image.manifest().path("RepoTags").get(0).asText())
        .isEqualTo("ghcr.io/firedrill/firedrill-operator:" + VERSION);
    assertThat(image.command())
        .startsWith("/opt/java/openjdk/bin/java")
        .endsWith("-XX:AOTCache=/deployments/app.aot", "-jar", "/deployments/quarkus-run.jar")
        .contains("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
    assertThat(config.path("User").asText()).isEqualTo("65532:65532");
    assertThat(config.path("ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(config.path("Labels").path("org.opencontainers.image.title").asText())
        .isEqualTo("firedrill-operator");
    assertThat(config.path("Labels").path("org.opencontainers.image.version").asText())
        .isEqualTo(VERSION);
    assertThat(image.config().path("created").asText()).isEqualTo("1970-01-01T00:00:00Z");
  }

  /** Bottom up, by how often each changes: a Firedrill change rebuilds only the last layer. */
  @Test
  void layersSeparateTheRuntimeThirdPartyJarsAndFiredrillsOwnCode() {
    assertThat(image.layers())
        .extracting(ImageTarball.Layer::name)
        .containsExactly(
            "base", "java runtime", "third-party jars", "firedrill operator", "aot cache");
    assertThat(files("aot cache")).containsExactly("/deployments/app.aot");
    List<String> own = files("firedrill operator");
    assertThat(own)
        .contains("/deployments/quarkus-run.jar", "/deployments/quarkus/quarkus-application.dat")
        .anyMatch(p -> p.startsWith("/deployments/lib/main/dev.firedrill.firedrill-engine-"))
        .anyMatch(p -> p.startsWith("/deployments/app/firedrill-operator-"));
    assertThat(files("third-party jars"))
        .isNotEmpty()
        .allMatch(p -> p.startsWith("/deployments/lib/"))
        .noneMatch(p -> p.contains("/dev.firedrill."));
    assertThat(files("java runtime")).allMatch(p -> p.startsWith("/opt/java/openjdk/"));
    assertThat(image.layers().stream().flatMap(l -> l.entries().stream()))
        .noneMatch(e -> e.path().startsWith("/app"))
        .allMatch(e -> e.uid() == 0 && (e.path().equals("/tmp") || (e.mode() & 0022) == 0));
  }

  private static List<String> files(String layer) {
    return image.layer(layer).entries().stream()
        .filter(e -> !e.directory())
        .map(ImageTarball.Entry::path)
        .toList();
  }

  @Test
  void operatorFromTheImageServesProbesAndMetricsAndReconcilesADrill(@TempDir Path dir)
      throws Exception {
    ImageTarball.requireUnshare();
    Path rootfs = dir.resolve("rootfs");
    image.unpack(tarball, rootfs);
    client.namespaces().resource(namespace("firedrill-system", false)).create();
    client.namespaces().resource(namespace("shop", true)).create();
    // The image runs the prod profile, so leader election is on: answer JOSDK's permission check
    // (a SelfSubjectRulesReview, which the CRUD mock does not evaluate) as the chart's Role would.
    LeaseRulesReview.answer(server.expect());
    int port = freePort();
    // The mock server, by address: the image has no /etc/hosts (the kubelet mounts one).
    String apiServer = client.getMasterUrl().toString().replace("localhost", "127.0.0.1");
    Path log = dir.resolve("operator.log");

    Process operator =
        image
            .process(
                rootfs,
                Map.of(
                    "FIREDRILL_OPERATOR_NAMESPACE",
                    "firedrill-system",
                    "QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL",
                    apiServer,
                    "KUBERNETES_MASTER",
                    apiServer,
                    "QUARKUS_HTTP_PORT",
                    String.valueOf(port),
                    "QUARKUS_LOG_CONSOLE_JSON_ENABLED",
                    "true"),
                aotCacheRequired(image.command()))
            .redirectOutput(log.toFile())
            .start();
    try {
      String base = "http://127.0.0.1:" + port;
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions() // connection refused until the HTTP server listens
          .failFast("the operator exited; its log: " + log, () -> !operator.isAlive())
          .untilAsserted(
              () -> assertThat(get(base + "/q/health/ready").statusCode()).isEqualTo(200));
      assertThat(get(base + "/q/health/live").statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = get(base + "/q/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("jvm_memory_used_bytes");

      client.resource(drill()).create();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> {
            Drill stored =
                client.resources(Drill.class).inNamespace("shop").withName("weekly-pod-kill").get();
            assertThat(stored.getStatus()).isNotNull();
            assertThat(stored.getStatus().conditions())
                .anySatisfy(c -> assertThat(c.getStatus()).isEqualTo("True"));
          });

      // The chart's default log format: one JSON object per line.
      String firstLine = Files.readAllLines(log, StandardCharsets.UTF_8).getFirst();
      assertThat(new ObjectMapper().readTree(firstLine).has("message")).as(firstLine).isTrue();

      operator.descendants().forEach(ProcessHandle::destroy); // SIGTERM, as the kubelet sends
      assertThat(operator.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    } finally {
      operator.destroyForcibly();
    }
  }

  /**
   * The entrypoint with {@code -XX:AOTMode=on}: the JVM then refuses to start unless the image's
   * AOT cache maps, i.e. it was made by this runtime for these very files (their sizes and Jib's
   * modification times at /deployments). The entrypoint itself runs in the default {@code auto}
   * mode, which would start without a stale cache, only slower.
   */
  private static List<String> aotCacheRequired(List<String> entrypoint) {
    List<String> command = new java.util.ArrayList<>(entrypoint);
    command.add(1, "-XX:AOTMode=on");
    return command;
  }

  private static io.fabric8.kubernetes.api.model.Namespace namespace(String name, boolean drills) {
    var builder = new NamespaceBuilder().withNewMetadata().withName(name);
    if (drills) {
      builder.addToLabels("firedrill.dev/drills", "enabled");
    }
    return builder.endMetadata().build();
  }

  private static Drill drill() {
    Drill drill = new Drill();
    drill.setMetadata(
        new ObjectMetaBuilder().withName("weekly-pod-kill").withNamespace("shop").build());
    drill.setSpec(
        new DrillLoader()
            .loadFile(Path.of("..", "drills", "weekly-pod-kill.yaml"))
            .drills()
            .getFirst()
            .spec());
    return drill;
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
