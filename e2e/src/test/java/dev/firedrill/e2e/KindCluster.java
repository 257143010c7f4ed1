package dev.firedrill.e2e;

import static org.awaitility.Awaitility.await;

import dev.firedrill.operator.api.v1alpha1.DrillRun;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The cluster the {@code *E2E} tests drive: the current kube context, with Firedrill installed by
 * the chart and the demo shop of {@code e2e/kind/shop/} in namespace {@value #SHOP}. {@link
 * #connect()} checks all of that first and fails at once, with what is missing and how to get it,
 * instead of letting each test time out.
 */
final class KindCluster implements AutoCloseable {

  /** The namespace of the shop and of the drills in e2e/kind/drills/. */
  static final String SHOP = "shop";

  /** The label every object of the shop carries; nothing else in {@value #SHOP} does. */
  static final String PART_OF = "app.kubernetes.io/part-of";

  static final String SHOP_NAME = "firedrill-demo-shop";

  /** The placeholder for the runner image in e2e/kind/shop/shop.yaml. */
  static final String IMAGE_PLACEHOLDER = "${FIREDRILL_IMAGE}";

  private static final String HOW =
      " These tests need a cluster with Firedrill installed and the runner image loaded: run"
          + " e2e/kind/run.sh, which creates one with kind (needs Docker, kind, kubectl and helm),"
          + " or see e2e/kind/README.md.";

  /** Where the repository is, for the shop's manifests and the drills. */
  final Path root;

  /** The packaged CLI, run as a process as CI runs it. */
  final Path cliJar;

  final KubernetesClient client;

  private KindCluster(Path root, Path cliJar, KubernetesClient client) {
    this.root = root;
    this.cliJar = cliJar;
    this.client = client;
  }

  /**
   * Connects to the current kube context and checks that the tests can run there: the packaged CLI
   * exists, the API answers, the CRDs are installed, the operator is Ready, the shop namespace is
   * opted in and the shop is up (applied from e2e/kind/shop/ when it is not).
   *
   * @throws IllegalStateException naming what is missing and how to fix it
   */
  static KindCluster connect() {
    Path root = Path.of(property("firedrill.e2e.root"));
    Path cliJar = Path.of(property("firedrill.cli.jar"));
    if (!Files.isRegularFile(cliJar)) {
      throw new IllegalStateException(
          "no packaged CLI at "
              + cliJar
              + " (fix: ./mvnw -pl cli -am package -DskipTests, or run e2e/kind/run.sh)");
    }
    // Fail fast: one attempt, short timeouts, no retries with backoff.
    Config config =
        new ConfigBuilder(Config.autoConfigure(null))
            .withConnectionTimeout(5_000)
            .withRequestTimeout(15_000)
            .withRequestRetryBackoffLimit(0)
            .build();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    KindCluster cluster = new KindCluster(root, cliJar, client);
    try {
      cluster.preflight(config);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
    return cluster;
  }

  private void preflight(Config config) {
    String where =
        "the current kube context ("
            + (config.getCurrentContext() == null
                ? "no context: no kubeconfig found"
                : config.getCurrentContext().getName())
            + ", "
            + config.getMasterUrl()
            + ")";
    try {
      client.getKubernetesVersion();
    } catch (KubernetesClientException e) {
      throw new IllegalStateException(
          "no Kubernetes API answers in " + where + ": " + rootCause(e) + "." + HOW, e);
    }
    for (String crd : List.of("drills.firedrill.dev", "drillruns.firedrill.dev")) {
      if (client.apiextensions().v1().customResourceDefinitions().withName(crd).get() == null) {
        throw new IllegalStateException("no CRD " + crd + " in " + where + "." + HOW);
      }
    }
    String operatorNamespace = System.getProperty("firedrill.e2e.operator-namespace");
    if (operatorNamespace == null) {
      operatorNamespace = "firedrill-system";
    }
    Deployment operator =
        client
            .apps()
            .deployments()
            .inNamespace(operatorNamespace)
            .withName("firedrill-operator")
            .get();
    if (operator == null || !available(operator)) {
      throw new IllegalStateException(
          "the operator (Deployment firedrill-operator in "
              + operatorNamespace
              + ") is "
              + (operator == null ? "not installed" : "not Ready")
              + " in "
              + where
              + " (see: kubectl -n "
              + operatorNamespace
              + " describe deployment firedrill-operator)."
              + HOW);
    }
    Namespace shop = client.namespaces().withName(SHOP).get();
    if (shop == null
        || !"enabled".equals(shop.getMetadata().getLabels().get("firedrill.dev/drills"))) {
      throw new IllegalStateException(
          "namespace "
              + SHOP
              + (shop == null ? " does not exist" : " is not opted in to drills")
              + " in "
              + where
              + " (fix: kubectl create namespace "
              + SHOP
              + "; kubectl label namespace "
              + SHOP
              + " firedrill.dev/drills=enabled)");
    }
    applyShop();
  }

  /**
   * Applies e2e/kind/shop/shop.yaml (server-side, so a second apply changes nothing) with the
   * runner image of this build, and waits until every Deployment of it is rolled out.
   */
  void applyShop() {
    String image = property("firedrill.e2e.image");
    String manifest;
    try {
      manifest =
          Files.readString(root.resolve("e2e/kind/shop/shop.yaml"))
              .replace(IMAGE_PLACEHOLDER, image);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the shop's manifests: " + e, e);
    }
    List<? extends Resource<HasMetadata>> objects =
        client
            .load(new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8)))
            .inNamespace(SHOP)
            .resources()
            .toList();
    for (Resource<HasMetadata> object : objects) {
      object.forceConflicts().serverSideApply();
    }
    for (Resource<HasMetadata> object : objects) {
      if (object.item() instanceof Deployment d) {
        awaitRolledOut(d.getMetadata().getName(), Duration.ofMinutes(3));
      }
    }
  }

  /**
   * Switches the shop's seeded bugs on one Deployment (empty: none) and restarts its pods even if
   * the value did not change: fresh in-memory state (stock, orders) and fresh connections to its
   * dependencies, so none predates a Service interception. Returns once the new pods are all Ready
   * and the old ones gone.
   */
  void setBugs(String deployment, String bugs) {
    client
        .apps()
        .deployments()
        .inNamespace(SHOP)
        .withName(deployment)
        .edit(d -> {
          var template = d.getSpec().getTemplate();
          var container = template.getSpec().getContainers().getFirst();
          List<EnvVar> env = new ArrayList<>();
          if (container.getEnv() != null) {
            container.getEnv().stream()
                .filter(e -> !e.getName().equals("FIREDRILL_DEMO_BUGS"))
                .forEach(env::add);
          }
          env.add(new EnvVar("FIREDRILL_DEMO_BUGS", bugs, null));
          container.setEnv(env);
          Map<String, String> annotations = new LinkedHashMap<>();
          if (template.getMetadata().getAnnotations() != null) {
            annotations.putAll(template.getMetadata().getAnnotations());
          }
          annotations.put("firedrill.dev/e2e-restarted-at", Instant.now().toString());
          template.getMetadata().setAnnotations(annotations);
          return d;
        });
    awaitRolledOut(deployment, Duration.ofMinutes(3));
  }

  /** Waits until the Deployment's current generation is fully rolled out and nothing else runs. */
  void awaitRolledOut(String deployment, Duration limit) {
    await("rollout of deployment/" + deployment + " in " + SHOP)
        .atMost(limit)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> {
          Deployment d = client.apps().deployments().inNamespace(SHOP).withName(deployment).get();
          if (d == null || !available(d)) {
            return false;
          }
          Map<String, String> selector = d.getSpec().getSelector().getMatchLabels();
          List<Pod> pods = client.pods().inNamespace(SHOP).withLabels(selector).list().getItems();
          return pods.size() == d.getSpec().getReplicas()
              && pods.stream().allMatch(p -> p.getMetadata().getDeletionTimestamp() == null);
        });
  }

  private static boolean available(Deployment d) {
    var s = d.getStatus();
    int want = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
    return s != null
        && Objects.equals(s.getObservedGeneration(), d.getMetadata().getGeneration())
        && Objects.requireNonNullElse(s.getUpdatedReplicas(), 0) == want
        && Objects.requireNonNullElse(s.getReadyReplicas(), 0) == want
        && Objects.requireNonNullElse(s.getReplicas(), 0) == want;
  }

  /** A Service of the shop, as the API has it now. */
  Service service(String name) {
    return client.services().inNamespace(SHOP).withName(name).get();
  }

  /** The uids of the pods of a shop Deployment (label {@code app}). */
  Set<String> podUids(String app) {
    return client.pods().inNamespace(SHOP).withLabel("app", app).list().getItems().stream()
        .map(p -> p.getMetadata().getUid())
        .collect(Collectors.toSet());
  }

  /** The names of the pods of a shop Deployment (label {@code app}). */
  Set<String> podNames(String app) {
    return client.pods().inNamespace(SHOP).withLabel("app", app).list().getItems().stream()
        .map(p -> p.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  /** A DrillRun of the shop namespace, or null. */
  DrillRun drillRun(String name) {
    return client.resources(DrillRun.class).inNamespace(SHOP).withName(name).get();
  }

  /** The innermost cause, which names what went wrong (the client's own message does not). */
  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.toString();
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property "
              + name
              + " is not set (fix: run these tests through Maven: ./mvnw -pl e2e -am verify"
              + " -Pkind-e2e -DskipTests, which sets it)");
    }
    return value;
  }

  @Override
  public void close() {
    client.close();
  }
}
