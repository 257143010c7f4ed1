package dev.firedrill.cluster.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.engine.fault.FaultLedger;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.ProxySpec;
import dev.firedrill.engine.run.Engine;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Service interception against Fabric8's mock API server in CRUD mode: redirected through the run's
 * Toxiproxy and restored byte for byte, from the ledger or from the annotation alone.
 */
@EnableKubernetesMockClient(crud = true)
class ServiceInterceptionIT {

  static KubernetesClient client;

  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final OwnerReference OWNER =
      new OwnerReferenceBuilder()
          .withApiVersion("firedrill.dev/v1alpha1")
          .withKind("DrillRun")
          .withName("weekly-1")
          .withUid("run-uid-1")
          .withController(true)
          .build();
  private static final Map<String, String> PROXY_PODS =
      Map.of("firedrill.dev/toxiproxy", "weekly-1");

  private final List<LedgerEntry> recorded = new CopyOnWriteArrayList<>();
  private final List<LedgerEntry> updated = new CopyOnWriteArrayList<>();
  private final FaultLedger ledger =
      new FaultLedger() {
        @Override
        public void record(LedgerEntry entry) {
          // A new interception's entry is durable before the Service changes.
          if (entry.state() == LedgerEntry.State.PLANNED) {
            assertThat(annotations(entry.undo().get("service")))
                .doesNotContainKey(ServiceInterception.ANNOTATION);
          }
          recorded.add(entry);
        }

        @Override
        public void update(LedgerEntry entry) {
          updated.add(entry);
        }
      };

  @BeforeEach
  void services() {
    client.services().inNamespace("shop").delete();
    client
        .services()
        .inNamespace("shop")
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withNamespace("shop")
                .withName("payments")
                .addToLabels("app", "payments")
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withClusterIP("10.0.0.12")
                .addToSelector("app", "payments")
                .addToSelector("tier", "api")
                .addNewPort()
                .withName("http")
                .withPort(80)
                .withProtocol("TCP")
                .withTargetPort(new IntOrString(8080))
                .endPort()
                .addNewPort()
                .withName("metrics")
                .withPort(9090)
                .withProtocol("TCP")
                .withTargetPort(new IntOrString("metrics"))
                .withAppProtocol("http")
                .endPort()
                .withSessionAffinity("None")
                .endSpec()
                .build())
        .create();
    client
        .services()
        .inNamespace("shop")
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withNamespace("shop")
                .withName("ledger")
                .addToAnnotations("team", "money")
                .endMetadata()
                .withNewSpec()
                .addToSelector("app", "ledger")
                .addNewPort()
                .withPort(8080)
                .endPort()
                .endSpec()
                .build())
        .create();
  }

  @Test
  void aServiceIsRoutedThroughTheProxyAndRestoredByteForByte() throws Exception {
    String before = specJson("payments");
    ServiceInterception interception = interception("shop/weekly-1");

    List<ProxySpec> proxies =
        interception.interceptAll(
            "shop",
            List.of(
                new ProxySpec("payments", null, null, "payments", 80),
                new ProxySpec("ledger", null, null, "ledger", null)));

    assertThat(proxies)
        .containsExactly(
            new ProxySpec("payments", "0.0.0.0:20000", "payments-firedrill-shadow.shop.svc:80"),
            new ProxySpec(
                "payments-port-9090", "0.0.0.0:20001", "payments-firedrill-shadow.shop.svc:9090"),
            new ProxySpec("ledger", "0.0.0.0:20002", "ledger-firedrill-shadow.shop.svc:8080"));
    Service redirected = service("payments");
    assertThat(redirected.getSpec().getSelector()).isEqualTo(PROXY_PODS);
    assertThat(redirected.getSpec().getPorts())
        .extracting(p -> p.getPort() + "->" + p.getTargetPort().getIntVal())
        .containsExactly("80->20000", "9090->20001");
    assertThat(redirected.getSpec().getClusterIP()).isEqualTo("10.0.0.12");
    assertThat(annotations("payments")).containsKey(ServiceInterception.ANNOTATION);
    Service shadow = service("payments-firedrill-shadow");
    assertThat(shadow.getSpec().getSelector())
        .containsExactlyInAnyOrderEntriesOf(Map.of("app", "payments", "tier", "api"));
    assertThat(shadow.getSpec().getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort() + "->" + p.getTargetPort().getValue())
        .containsExactly("http:80->8080", "metrics:9090->metrics");
    assertThat(shadow.getMetadata().getOwnerReferences()).containsExactly(OWNER);

    assertThat(recorded)
        .extracting(LedgerEntry::target)
        .containsExactly("shop/payments", "shop/ledger");
    LedgerEntry entry = recorded.getFirst();
    assertThat(entry.driver()).isEqualTo("service");
    assertThat(entry.occurrence()).isEqualTo("intercept:payments");
    assertThat(JSON.unmarshal(entry.undo().get("ports"), List.class)).hasSize(2);
    assertThat(updated).allMatch(e -> e.state() == LedgerEntry.State.INJECTED);

    List<LedgerEntry> healed =
        Engine.heal(updated, List.of(new ServiceHealer(client)), FaultLedger.NONE);

    assertThat(healed).allMatch(e -> e.state() == LedgerEntry.State.HEALED);
    assertThat(specJson("payments")).isEqualTo(before);
    assertThat(annotations("payments")).isEmpty();
    assertThat(annotations("ledger")).containsExactly(Map.entry("team", "money"));
    assertThat(service("payments-firedrill-shadow")).isNull();
    assertThat(service("ledger-firedrill-shadow")).isNull();

    // Healing twice changes nothing and succeeds.
    new ServiceHealer(client).heal(entry);
    assertThat(specJson("payments")).isEqualTo(before);
  }

  @Test
  void aCrashedRunsServiceIsRestoredFromTheAnnotationAlone() throws Exception {
    String before = specJson("payments");
    interception("shop/crashed-1").intercept("shop", "payments", Map.of(80, "payments"), null);
    // The run's process and its ledger are gone; only the Service's annotation is left.

    assertThatThrownBy(() ->
            interception("shop/next-2").intercept("shop", "payments", Map.of(80, "payments"), null))
        .hasMessage(
            "Service shop/payments is already intercepted by run shop/crashed-1 (annotation"
                + " firedrill.dev/intercepted): wait until that run ends or delete it (either"
                + " restores the Service), then run again");

    assertThat(new ServiceHealer(client).restore("shop", "payments")).isTrue();
    assertThat(specJson("payments")).isEqualTo(before);
    assertThat(new ServiceHealer(client).restore("shop", "payments")).isFalse();

    // The next run records the true original, not the crashed run's redirect.
    recorded.clear();
    interception("shop/next-2").intercept("shop", "payments", Map.of(80, "payments"), null);
    new ServiceHealer(client).heal(recorded.getFirst());
    assertThat(specJson("payments")).isEqualTo(before);
  }

  @Test
  void anEntryHealsEvenWhenTheAnnotationWasRemovedByHand() throws Exception {
    String before = specJson("payments");
    LedgerEntry entry =
        interception("shop/weekly-1")
            .intercept("shop", "payments", Map.of(80, "payments"), null)
            .entry();
    client
        .services()
        .inNamespace("shop")
        .withName("payments")
        .edit(s -> {
          s.getMetadata().getAnnotations().remove(ServiceInterception.ANNOTATION);
          return s;
        });

    new ServiceHealer(client).heal(entry);

    assertThat(specJson("payments")).isEqualTo(before);
  }

  @Test
  void aRefusedLedgerWriteLeavesTheServiceUntouched() {
    String before = specJson("payments");
    FaultLedger refusing =
        new FaultLedger() {
          @Override
          public void record(LedgerEntry entry) {
            throw new IllegalStateException("status write conflict");
          }

          @Override
          public void update(LedgerEntry entry) {}
        };
    ServiceInterception interception =
        new ServiceInterception(
            client,
            refusing,
            InstantSource.system(),
            new ServiceInterception.Run("shop/weekly-1", OWNER, PROXY_PODS, 20000));

    assertThatThrownBy(() -> interception.intercept("shop", "payments", Map.of(), null))
        .hasMessage("status write conflict");
    assertThat(specJson("payments")).isEqualTo(before);
    assertThat(service("payments-firedrill-shadow")).isNull();
  }

  @Test
  void theProxiesOpenBeforeTheServicePointsAtThemAndAFailureThereChangesNothing() throws Exception {
    String before = specJson("payments");
    List<List<ProxySpec>> opened = new CopyOnWriteArrayList<>();
    ServiceInterception interception =
        new ServiceInterception(
            client,
            ledger,
            InstantSource.system(),
            new ServiceInterception.Run("shop/weekly-1", OWNER, PROXY_PODS, 20000),
            proxies -> {
              assertThat(service("payments-firedrill-shadow")).as("the shadow first").isNotNull();
              assertThat(annotations("payments"))
                  .as("the Service is not redirected yet")
                  .doesNotContainKey(ServiceInterception.ANNOTATION);
              opened.add(proxies);
            });

    List<ProxySpec> proxies =
        interception.interceptAll(
            "shop", List.of(new ProxySpec("payments", null, null, "payments", 80)));

    assertThat(opened).containsExactly(proxies);
    assertThat(new ServiceHealer(client).restore("shop", "payments")).isTrue();

    recorded.clear();
    ServiceInterception failing =
        new ServiceInterception(
            client,
            ledger,
            InstantSource.system(),
            new ServiceInterception.Run("shop/weekly-2", OWNER, PROXY_PODS, 20000),
            p -> {
              throw new java.io.IOException("Toxiproxy at http://10.0.0.9:8474 refused");
            });
    assertThatThrownBy(() -> failing.intercept("shop", "payments", Map.of(80, "payments"), null))
        .hasMessage("Toxiproxy at http://10.0.0.9:8474 refused");
    assertThat(specJson("payments")).isEqualTo(before);
    assertThat(annotations("payments")).doesNotContainKey(ServiceInterception.ANNOTATION);
    // The entry recorded first heals the half-done interception: the shadow goes.
    new ServiceHealer(client).heal(recorded.getFirst());
    assertThat(service("payments-firedrill-shadow")).isNull();
    assertThat(specJson("payments")).isEqualTo(before);
  }

  @Test
  void theSameRunInterceptingAgainGetsTheSameProxies() throws Exception {
    List<ProxySpec> first =
        interception("shop/weekly-1")
            .interceptAll("shop", List.of(new ProxySpec("payments", null, null, "payments", 80)));
    List<ProxySpec> again =
        interception("shop/weekly-1")
            .interceptAll("shop", List.of(new ProxySpec("payments", null, null, "payments", 80)));
    assertThat(again).isEqualTo(first);
  }

  @Test
  void whatCannotBeInterceptedIsRefusedClearly() {
    ServiceInterception interception = interception("shop/weekly-1");
    assertThatThrownBy(() -> interception.intercept("shop", "nope", Map.of(), null))
        .hasMessage(
            "Service shop/nope not found: nothing to intercept (fix: create it, or name an"
                + " existing Service in toxiproxy.proxies[].service)");
    assertThatThrownBy(() -> interception.intercept("shop", "payments", Map.of(81, "p"), null))
        .hasMessage("Service shop/payments has no port 81 (it has [80, 9090])");
    assertThatThrownBy(() -> interception.intercept("shop", "payments", Map.of(), "payments"))
        .hasMessage(
            "Service shop/payments has ports [80, 9090]: say which one proxy payments is with"
                + " toxiproxy.proxies[].port");
    assertThat(annotations("payments")).doesNotContainKey(ServiceInterception.ANNOTATION);
  }

  @Test
  void longServiceNamesGetAShadowNameWithinSixtyThreeCharacters() {
    String name = "a".repeat(60);
    assertThat(ServiceInterception.shadowName(name))
        .hasSizeLessThanOrEqualTo(63)
        .endsWith("-firedrill-shadow");
    assertThat(ServiceInterception.shadowName("payments")).isEqualTo("payments-firedrill-shadow");
  }

  private ServiceInterception interception(String run) {
    return new ServiceInterception(
        client,
        ledger,
        InstantSource.system(),
        new ServiceInterception.Run(run, OWNER, PROXY_PODS, 20000));
  }

  private static Service service(String name) {
    return client.services().inNamespace("shop").withName(name).get();
  }

  private static String specJson(String name) {
    return JSON.asJson(service(name).getSpec());
  }

  private static Map<String, String> annotations(String name) {
    Map<String, String> a = service(name).getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }
}
