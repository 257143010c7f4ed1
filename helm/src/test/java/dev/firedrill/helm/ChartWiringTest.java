package dev.firedrill.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The chart tells the operator what its design expects (docs/install.md, OperatorConfig): its
 * namespace, the runner's image and ServiceAccount, the Toxiproxy image, the kill switch, the log
 * format; and the optional parts render what they promise.
 */
class ChartWiringTest {

  private static final String VERSION = System.getProperty("firedrill.version");

  private static Container operator(Chart.Rendered rendered) {
    return rendered
        .one(Deployment.class, "firedrill-operator")
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .getFirst();
  }

  private static Map<String, String> env(Container container) {
    return container.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  @Test
  void operatorIsToldItsSettingsThroughTheEnvironment() {
    var rendered = Chart.render();
    Container operator = operator(rendered);

    assertThat(operator.getImage()).isEqualTo("ghcr.io/firedrill/firedrill-operator:" + VERSION);
    EnvVar namespace =
        operator.getEnv().stream()
            .filter(e -> e.getName().equals("FIREDRILL_OPERATOR_NAMESPACE"))
            .findFirst()
            .orElseThrow();
    assertThat(namespace.getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
    assertThat(env(operator))
        .containsEntry("FIREDRILL_OPERATOR_RUNNER_IMAGE", "ghcr.io/firedrill/firedrill:" + VERSION)
        .containsEntry("FIREDRILL_OPERATOR_RUNNER_SERVICE_ACCOUNT", "firedrill-runner")
        .containsEntry(
            "FIREDRILL_OPERATOR_TOXIPROXY_IMAGE", "ghcr.io/firedrill/firedrill:" + VERSION)
        .containsEntry("FIREDRILL_OPERATOR_KILL_SWITCH", "firedrill-kill-switch")
        .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true")
        .containsEntry("QUARKUS_HTTP_PORT", "8080")
        .doesNotContainKey("JAVA_TOOL_OPTIONS");
    // The ServiceAccount the operator names in its Jobs exists and is the runner role's subject.
    assertThat(rendered.one(ServiceAccount.class, "firedrill-runner").getMetadata().getNamespace())
        .isEqualTo(Chart.NAMESPACE);
    assertThat(rendered.one(ClusterRoleBinding.class, "firedrill-runner").getSubjects())
        .singleElement()
        .satisfies(s -> assertThat(s.getName()).isEqualTo("firedrill-runner"));
  }

  @Test
  void valuesChangeWhatTheOperatorIsTold() {
    var rendered =
        Chart.render(
            Map.of(
                "runner.image.digest", "sha256:" + "a".repeat(64),
                "runner.serviceAccount.name", "drills-runner",
                "interception.toxiproxyImage", "ghcr.io/shopify/toxiproxy:2.12.0",
                "killSwitch.name", "stop-all-drills",
                "operator.logging.format", "text",
                "operator.javaToolOptions", "-Xss512k"));
    Map<String, String> env = env(operator(rendered));

    assertThat(env)
        .containsEntry(
            "FIREDRILL_OPERATOR_RUNNER_IMAGE",
            "ghcr.io/firedrill/firedrill@sha256:" + "a".repeat(64))
        .containsEntry("FIREDRILL_OPERATOR_RUNNER_SERVICE_ACCOUNT", "drills-runner")
        .containsEntry("FIREDRILL_OPERATOR_TOXIPROXY_IMAGE", "ghcr.io/shopify/toxiproxy:2.12.0")
        .containsEntry("FIREDRILL_OPERATOR_KILL_SWITCH", "stop-all-drills")
        .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false")
        .containsEntry("JAVA_TOOL_OPTIONS", "-Xss512k");
    assertThat(rendered.one(ServiceAccount.class, "drills-runner")).isNotNull();
    assertThat(rendered.one(ClusterRoleBinding.class, "firedrill-runner").getSubjects())
        .singleElement()
        .satisfies(s -> assertThat(s.getName()).isEqualTo("drills-runner"));
  }

  @Test
  void probesAndServiceUseTheOperatorsHttpPort() {
    var rendered = Chart.render();
    Container operator = operator(rendered);
    Deployment deployment = rendered.one(Deployment.class, "firedrill-operator");
    Service service = rendered.one(Service.class, "firedrill-operator");

    assertThat(operator.getPorts())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.getName()).isEqualTo("http");
          assertThat(p.getContainerPort()).isEqualTo(8080);
        });
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    assertThat(operator.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    assertThat(service.getSpec().getPorts().getFirst().getTargetPort().getStrVal())
        .isEqualTo("http");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector())
        .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void optionalPartsAreOffByDefault() {
    var rendered = Chart.render();

    assertThat(rendered.names())
        .noneMatch(n -> n.contains("toxiproxy"))
        .noneMatch(n -> n.startsWith("ServiceMonitor"))
        .doesNotContain("ConfigMap/firedrill-kill-switch")
        .contains("ConfigMap/firedrill-dashboard");
  }

  @Test
  void serviceMonitorScrapesTheOperatorsMetrics() {
    var rendered =
        Chart.render(
            Map.of(
                "metrics.serviceMonitor.enabled", "true",
                "metrics.serviceMonitor.labels.release", "prometheus"));
    GenericKubernetesResource monitor =
        rendered.one(GenericKubernetesResource.class, "firedrill-operator");
    Service service = rendered.one(Service.class, "firedrill-operator");

    assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    Map<String, Object> endpoint = monitor.get("spec", "endpoints", 0);
    assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/q/metrics");
    Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
    assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selector);
  }

  @Test
  void engagedKillSwitchIsTheConfigMapTheOperatorWatches() {
    var rendered = Chart.render(Map.of("killSwitch.engaged", "true"));

    ConfigMap killSwitch = rendered.one(ConfigMap.class, "firedrill-kill-switch");
    assertThat(killSwitch.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(killSwitch.getData()).containsExactly(Map.entry("engaged", "true"));
    assertThat(env(operator(rendered)))
        .containsEntry("FIREDRILL_OPERATOR_KILL_SWITCH", killSwitch.getMetadata().getName());
  }

  @Test
  void sharedToxiproxyRunsTheEmbeddedServerFromTheRunnerImage() {
    var rendered =
        Chart.render(
            Map.of(
                "toxiproxy.enabled", "true",
                "toxiproxy.proxyPorts[0].name", "postgres",
                "toxiproxy.proxyPorts[0].port", "15432"));
    Container toxiproxy = toxiproxyContainer(rendered);
    Service service = rendered.one(Service.class, "firedrill-toxiproxy");

    assertThat(toxiproxy.getImage()).isEqualTo("ghcr.io/firedrill/firedrill:" + VERSION);
    assertThat(toxiproxy.getCommand()).as("the image's entrypoint is firedrill").isEmpty();
    assertThat(toxiproxy.getArgs()).containsExactly("proxy", "--host", "0.0.0.0", "--port", "8474");
    assertThat(toxiproxy.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/version");
    assertThat(service.getSpec().getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort())
        .containsExactly("api:8474", "postgres:15432");
    assertThat(rendered.one(Deployment.class, "firedrill-toxiproxy").getSpec().getReplicas())
        .as("proxies live in memory: one replica")
        .isEqualTo(1);
  }

  @Test
  void sharedToxiproxyCanBeShopifysServer() {
    var rendered =
        Chart.render(Map.of("toxiproxy.enabled", "true", "toxiproxy.implementation", "shopify"));
    Container toxiproxy = toxiproxyContainer(rendered);

    assertThat(toxiproxy.getImage()).isEqualTo("ghcr.io/shopify/toxiproxy:2.12.0");
    assertThat(toxiproxy.getArgs()).containsExactly("-host=0.0.0.0", "-port=8474");
  }

  @Test
  void dashboardConfigMapCarriesTheDashboardForGrafanasSidecar() throws IOException {
    var rendered = Chart.render(Map.of("grafanaDashboard.namespace", "monitoring"));

    ConfigMap dashboard = rendered.one(ConfigMap.class, "firedrill-dashboard");
    assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("monitoring");
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getData().get("firedrill.json"))
        .isEqualTo(Files.readString(Chart.DIR.resolve("dashboards/firedrill.json")).strip());
    assertThat(Chart.render(Map.of("grafanaDashboard.enabled", "false")).names())
        .doesNotContain("ConfigMap/firedrill-dashboard");
  }

  @Test
  void everyObjectCarriesTheChartsLabelsAndNamespace() {
    List<Chart.Rendered> renders =
        List.of(Chart.render(), Chart.render(Chart.ciValues().getFirst()));
    for (Chart.Rendered rendered : renders) {
      assertThat(rendered.objects())
          .allSatisfy(o -> {
            assertThat(o.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
                .containsEntry("app.kubernetes.io/part-of", "firedrill")
                .containsEntry("app.kubernetes.io/managed-by", "Helm");
            boolean clusterScoped = o.getKind().startsWith("Cluster");
            assertThat(o.getMetadata().getNamespace() == null)
                .as(o.getKind() + "/" + o.getMetadata().getName() + " namespace")
                .isEqualTo(clusterScoped);
          });
    }
  }

  private static Container toxiproxyContainer(Chart.Rendered rendered) {
    return rendered
        .one(Deployment.class, "firedrill-toxiproxy")
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .getFirst();
  }
}
