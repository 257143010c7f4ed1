package dev.firedrill.cluster.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.ProxySpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Whether Services can be intercepted, judged from the Services as read: no API server. */
class InterceptionRulesTest {

  private static final List<ProxySpec> PROXIES =
      List.of(
          new ProxySpec("to-payments", null, null, "payments", 80),
          new ProxySpec("to-ledger", null, null, "ledger", null),
          new ProxySpec("plain", "127.0.0.1:1", "x:2"));

  private static Service service(String name, Map<String, String> selector, int... ports) {
    ServiceBuilder b =
        new ServiceBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("shop")
            .endMetadata()
            .withNewSpec()
            .withSelector(selector)
            .endSpec();
    for (int port : ports) {
      b.editSpec()
          .addNewPort()
          .withPort(port)
          .withTargetPort(new IntOrString(8080))
          .endPort()
          .endSpec();
    }
    return b.build();
  }

  /** {@code svc} as a run intercepted it: the annotation with its original selector and ports. */
  private static Service interceptedBy(String run, Service svc) {
    String annotation =
        InterceptedSpec.of(
                run, ServiceInterception.shadowName(svc.getMetadata().getName()), svc.getSpec())
            .annotation();
    return new ServiceBuilder(svc)
        .editMetadata()
        .addToAnnotations(ServiceInterception.ANNOTATION, annotation)
        .endMetadata()
        .editSpec()
        .withSelector(Map.of("app.kubernetes.io/name", "firedrill-toxiproxy"))
        .endSpec()
        .build();
  }

  @Test
  void theServicesAreTheProxiesServicesInOrderOnceEach() {
    List<ProxySpec> proxies =
        List.of(
            new ProxySpec("a", null, null, "ledger", 80),
            new ProxySpec("b", null, null, "payments", null),
            new ProxySpec("c", null, null, "ledger", 9090));
    assertThat(InterceptionRules.services(proxies)).containsExactly("ledger", "payments");
  }

  @Test
  void servicesThatExistWithSelectorsAndTheNamedPortsCanBeIntercepted() {
    Map<String, Service> services =
        Map.of(
            "payments", service("payments", Map.of("app", "payments"), 80, 9090),
            "ledger", service("ledger", Map.of("app", "ledger"), 8080));
    assertThat(InterceptionRules.problems("shop", PROXIES, services, "shop/r1", r -> true))
        .isEmpty();
  }

  @Test
  void everyReasonIsGivenAtOnceWithItsFix() {
    Map<String, Service> services =
        Map.of("ledger", service("ledger", Map.of("app", "ledger"), 8080, 9090));
    assertThat(InterceptionRules.problems("shop", PROXIES, services, "shop/r1", r -> true))
        .containsExactly(
            "Service shop/payments not found: nothing to intercept (fix: create it, or name an"
                + " existing Service in toxiproxy.proxies[].service)",
            "Service shop/ledger has ports [8080, 9090]: say which one proxy to-ledger is with"
                + " toxiproxy.proxies[].port");
  }

  @Test
  void aServiceWithoutASelectorOrAMissingPortIsRefused() {
    Service external =
        new ServiceBuilder(service("payments", null, 80))
            .editSpec()
            .withType("ExternalName")
            .withExternalName("pay.example.com")
            .endSpec()
            .build();
    Map<String, Service> services =
        Map.of("payments", external, "ledger", service("ledger", Map.of("app", "ledger"), 8080));
    assertThat(InterceptionRules.problems("shop", PROXIES, services, "shop/r1", r -> true))
        .singleElement()
        .asString()
        .startsWith("Service shop/payments has no selector");

    Map<String, Service> wrongPort =
        Map.of(
            "payments", service("payments", Map.of("app", "payments"), 81),
            "ledger", service("ledger", Map.of("app", "ledger"), 8080));
    assertThat(InterceptionRules.problems("shop", PROXIES, wrongPort, "shop/r1", r -> true))
        .containsExactly("Service shop/payments has no port 80 (it has [81])");
  }

  @Test
  void aHeadlessServiceOrOneWithAPortThatIsNotTcpIsRefused() {
    Service headless =
        new ServiceBuilder(service("payments", Map.of("app", "payments"), 80))
            .editSpec()
            .withClusterIP("None")
            .endSpec()
            .build();
    Service dns =
        new ServiceBuilder(service("ledger", Map.of("app", "ledger"), 8080))
            .editSpec()
            .addNewPort()
            .withPort(53)
            .withProtocol("UDP")
            .endPort()
            .endSpec()
            .build();
    assertThat(
            InterceptionRules.problems(
                "shop", PROXIES, Map.of("payments", headless, "ledger", dns), "shop/r1", r -> true))
        .containsExactly(
            "Service shop/payments is headless (clusterIP: None): its clients connect to pod"
                + " addresses on its own ports, which no targetPort moves to Toxiproxy's; give the"
                + " proxy listen and upstream instead",
            "Service shop/ledger has port 53/UDP, and Toxiproxy proxies TCP only (every port of"
                + " an intercepted Service goes through it); give the proxy listen and upstream"
                + " instead");
  }

  @Test
  void aServiceHeldByALiveRunIsRefusedOneHeldByAGoneRunOrThisRunIsNot() {
    Service payments = service("payments", Map.of("app", "payments"), 80);
    Map<String, Service> held =
        Map.of(
            "payments",
            interceptedBy("shop/other", payments),
            "ledger",
            service("ledger", Map.of("app", "ledger"), 8080));

    assertThat(
            InterceptionRules.problems(
                "shop", PROXIES, held, "shop/r1", Set.of("shop/other")::contains))
        .containsExactly(
            "Service shop/payments is already intercepted by run shop/other (annotation"
                + " firedrill.dev/intercepted): wait until that run ends or delete it (either"
                + " restores the Service), then run again");
    assertThat(
            InterceptionRules.problems(
                "shop", PROXIES, held, "shop/r1", Set.<String>of()::contains))
        .as("a gone run's Service is judged by its original spec: it will be restored first")
        .isEmpty();
    Map<String, Service> ours =
        Map.of(
            "payments",
            interceptedBy("shop/r1", payments),
            "ledger",
            service("ledger", Map.of("app", "ledger"), 8080));
    assertThat(InterceptionRules.problems("shop", PROXIES, ours, "shop/r1", r -> true))
        .as("this run's own interception (an operator restarted mid-Pending)")
        .isEmpty();
  }

  @Test
  void aGoneRunsServiceIsJudgedByItsOriginalPorts() {
    Service payments = service("payments", Map.of("app", "payments"), 81);
    Map<String, Service> held =
        Map.of(
            "payments",
            interceptedBy("shop/other", payments),
            "ledger",
            service("ledger", Map.of("app", "ledger"), 8080));
    assertThat(InterceptionRules.problems("shop", PROXIES, held, "shop/r1", r -> false))
        .containsExactly("Service shop/payments has no port 80 (it has [81])");
  }
}
