package dev.firedrill.operator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec;
import dev.firedrill.operator.config.OperatorConfig;
import dev.firedrill.operator.config.OperatorConfig.ToxiproxyImplementation;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-run Toxiproxy's objects, names and address: no cluster. */
class RunToxiproxyTest {

  /** Settings with the Toxiproxy image and implementation under test. */
  private record Config(String toxiproxyImage, ToxiproxyImplementation toxiproxyImplementation)
      implements OperatorConfig {
    @Override
    public String namespace() {
      return "firedrill-system";
    }

    @Override
    public String runnerImage() {
      return "ghcr.io/firedrill/firedrill:1.0";
    }

    @Override
    public String runnerServiceAccount() {
      return "firedrill-runner";
    }

    @Override
    public String killSwitch() {
      return "firedrill-kill-switch";
    }
  }

  private static final Config EMBEDDED =
      new Config("ghcr.io/firedrill/firedrill:1.0", ToxiproxyImplementation.AUTO);
  private static final Config SHOPIFY =
      new Config("ghcr.io/shopify/toxiproxy:2.12.0", ToxiproxyImplementation.AUTO);

  private static DrillRun run(String name, String namespace) {
    DrillRun run = new DrillRun();
    run.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace(namespace).withUid("u1").build());
    run.setSpec(DrillRunSpec.of("d", DrillRunSpec.Trigger.MANUAL));
    return run;
  }

  @Test
  void theNameIsReadableWhenItCanBeAndAlwaysAValidUniqueDnsLabel() {
    assertThat(RunToxiproxy.name(run("weekly-1", "shop"), "shop"))
        .isEqualTo("firedrill-weekly-1-toxiproxy");
    String elsewhere = RunToxiproxy.name(run("weekly-1", "team-a"), "shop");
    assertThat(elsewhere)
        .as("a run of another namespace: its hash keeps two namespaces' runs apart")
        .matches("firedrill-weekly-1-[0-9a-f]{8}-toxiproxy")
        .isNotEqualTo(RunToxiproxy.name(run("weekly-1", "team-b"), "shop"));
    String dotted = RunToxiproxy.name(run("weekly.run-" + "x".repeat(80), "shop"), "shop");
    assertThat(dotted)
        .hasSizeLessThanOrEqualTo(63)
        .matches("[a-z]([-a-z0-9]*[a-z0-9])?")
        .startsWith("firedrill-weekly-run-")
        .endsWith("-toxiproxy");
  }

  @Test
  void theImplementationComesFromTheSettingOrTheImagesName() {
    assertThat(RunToxiproxy.implementation(EMBEDDED)).isEqualTo(ToxiproxyImplementation.EMBEDDED);
    assertThat(RunToxiproxy.implementation(SHOPIFY)).isEqualTo(ToxiproxyImplementation.SHOPIFY);
    assertThat(
            RunToxiproxy.implementation(
                new Config(
                    "registry.local:5000/mirror/toxiproxy@sha256:abc",
                    ToxiproxyImplementation.AUTO)))
        .isEqualTo(ToxiproxyImplementation.SHOPIFY);
    assertThat(
            RunToxiproxy.implementation(
                new Config("registry.local:5000/toxiproxy-fork:1", ToxiproxyImplementation.AUTO)))
        .isEqualTo(ToxiproxyImplementation.EMBEDDED);
    assertThat(
            RunToxiproxy.implementation(
                new Config("my.registry/proxy:1", ToxiproxyImplementation.SHOPIFY)))
        .as("the setting wins")
        .isEqualTo(ToxiproxyImplementation.SHOPIFY);
    assertThat(RunToxiproxy.args(ToxiproxyImplementation.EMBEDDED))
        .containsExactly("proxy", "--host", "0.0.0.0", "--port", "8474");
    assertThat(RunToxiproxy.args(ToxiproxyImplementation.SHOPIFY))
        .containsExactly("-host=0.0.0.0", "-port=8474", "-proxy-metrics");
  }

  @Test
  void theDeploymentIsOneRestrictedPodLabelledForTheInterceptedServicesAndProbed() {
    DrillRun run = run("weekly-1", "shop");
    Deployment d = RunToxiproxy.deployment(run, "shop", EMBEDDED);

    assertThat(d.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(d.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> {
          assertThat(o.getKind()).isEqualTo("DrillRun");
          assertThat(o.getUid()).isEqualTo("u1");
        });
    assertThat(d.getMetadata().getAnnotations())
        .containsEntry(RunnerJobs.RUN_NAMESPACE, "shop")
        .containsEntry(RunnerJobs.RUN_NAME, "weekly-1");
    assertThat(d.getSpec().getReplicas()).isEqualTo(1);
    assertThat(d.getSpec().getSelector().getMatchLabels()).isEqualTo(RunToxiproxy.podLabels(run));
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
        .isEqualTo(RunToxiproxy.podLabels(run))
        .containsEntry("app.kubernetes.io/name", "firedrill-toxiproxy")
        .containsEntry(RunnerJobs.RUN_LABEL, RunnerJobs.hash(run));
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).as("the image's own user").isNull();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    Container c = pod.getContainers().getFirst();
    assertThat(c.getImage()).isEqualTo("ghcr.io/firedrill/firedrill:1.0");
    assertThat(c.getArgs()).containsExactly("proxy", "--host", "0.0.0.0", "--port", "8474");
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getReadinessProbe().getTcpSocket().getPort().getStrVal())
        .as("the embedded API asks every request for the token: a TCP probe")
        .isEqualTo("api");
    assertThat(c.getEnv())
        .filteredOn(v -> v.getName().equals("FIREDRILL_PROXY_TOKEN"))
        .singleElement()
        .satisfies(v -> {
          assertThat(v.getValue()).isNull();
          assertThat(v.getValueFrom().getSecretKeyRef().getName())
              .isEqualTo(RunToxiproxy.name(run, "shop"));
          assertThat(v.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
        });
    assertThat(c.getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8474));

    PodSpec shopify =
        RunToxiproxy.deployment(run, "shop", SHOPIFY).getSpec().getTemplate().getSpec();
    assertThat(shopify.getSecurityContext().getRunAsUser())
        .as("Shopify's image has no user: a non-root one is given")
        .isEqualTo(65532L);
    assertThat(shopify.getContainers().getFirst().getEnv()).as("no token: it has none").isEmpty();
    assertThat(shopify.getContainers().getFirst().getReadinessProbe().getHttpGet().getPath())
        .isEqualTo("/version");
  }

  @Test
  void theTokenIsRandomPerRunAndItsSecretIsTheRunsLikeItsToxiproxy() {
    String token = RunToxiproxyToken.generate();
    assertThat(token).hasSize(64).matches("[0-9a-f]{64}");
    assertThat(RunToxiproxyToken.generate()).isNotEqualTo(token);
    assertThat(RunToxiproxyToken.needed(EMBEDDED)).isTrue();
    assertThat(RunToxiproxyToken.needed(SHOPIFY)).as("Shopify's API has no token").isFalse();

    DrillRun run = run("weekly-1", "shop");
    Secret secret = RunToxiproxyToken.secret(run, "shop", token);
    assertThat(secret.getMetadata().getName()).isEqualTo(RunToxiproxy.name(run, "shop"));
    assertThat(secret.getMetadata().getLabels())
        .isEqualTo(RunToxiproxy.service(run, "shop").getMetadata().getLabels());
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo("u1"));
    assertThat(RunToxiproxyToken.token(secret)).isEqualTo(token);
    assertThat(RunToxiproxyToken.secret(run, "firedrill-system", token).getMetadata())
        .satisfies(m -> {
          assertThat(m.getOwnerReferences()).isEmpty();
          assertThat(m.getName()).isEqualTo(RunToxiproxy.name(run, "firedrill-system"));
        });
    assertThat(RunToxiproxyToken.token(null)).isNull();
  }

  @Test
  void objectsInAnotherNamespaceThanTheRunHaveNoOwner() {
    DrillRun run = run("weekly-1", "team-a");
    assertThat(RunToxiproxy.deployment(run, "shop", EMBEDDED).getMetadata().getOwnerReferences())
        .as("an owner reference cannot cross namespaces (the collector would delete it)")
        .isEmpty();
    assertThat(RunToxiproxy.service(run, "shop").getMetadata().getOwnerReferences()).isEmpty();
  }

  @Test
  void theUrlIsTheServicesClusterAddressOnceItHasOne() {
    Service svc = RunToxiproxy.service(run("weekly-1", "shop"), "shop");
    assertThat(svc.getSpec().getSelector())
        .isEqualTo(RunToxiproxy.podLabels(run("weekly-1", "shop")));
    assertThat(RunToxiproxy.url(svc)).as("no address yet").isNull();
    assertThat(RunToxiproxy.url(withIp(svc, "10.96.4.2"))).isEqualTo("http://10.96.4.2:8474");
    assertThat(RunToxiproxy.url(withIp(svc, "fd00::4:2"))).isEqualTo("http://[fd00::4:2]:8474");
    assertThat(RunToxiproxy.url(withIp(svc, "None"))).isNull();
    assertThat(RunToxiproxy.State.of(null, svc)).isEqualTo(RunToxiproxy.State.ABSENT);
  }

  @Test
  void onlyTheRunsOwnObjectsCountAsItsToxiproxy() {
    DrillRun run = run("weekly-1", "shop");
    assertThat(RunToxiproxy.ours(RunToxiproxy.service(run, "shop").getMetadata().getLabels(), run))
        .isTrue();
    assertThat(RunToxiproxy.ours(Map.of("app.kubernetes.io/name", "firedrill-toxiproxy"), run))
        .isFalse();
    assertThat(RunToxiproxy.ours(null, run)).isFalse();
  }

  private static Service withIp(Service svc, String ip) {
    return new ServiceBuilder(svc).editSpec().withClusterIP(ip).endSpec().build();
  }
}
