package dev.firedrill.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.LabelSelectorRequirement;
import dev.firedrill.engine.model.PodKill;
import dev.firedrill.engine.model.PodKillMode;
import dev.firedrill.engine.model.PodPhase;
import dev.firedrill.engine.model.ProxySpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of pod kills and proxies, on a cluster drill and a local one. */
class TimelineRulesTest {

  static final String CLUSTER =
      """
      target:
        namespace: shop
        selector: {app: orders}
      toxiproxy:
        proxies:
          - name: payments
            service: payments
            port: 8080
      workload:
        type: set
        baseUrl: http://orders.shop:8080
        duration: 2m
        operations:
          add: {method: POST, path: /orders, json: '{"id": "{{value}}"}'}
          read: {path: /orders, extract: /ids}
      faults:
        - name: kill
          at: 10s
          podKill: {mode: one}
      invariants:
        - type: noLostWrites
      """;

  static final String LOCAL =
      """
      target:
        processes:
          - name: orders
            command: [java, -jar, orders.jar]
          - name: payments
            command: [java, -jar, payments.jar]
      workload:
        type: set
        baseUrl: http://127.0.0.1:18080
        duration: 1m
        operations:
          add: {method: POST, path: /items, json: '{"id": "{{value}}"}'}
          read: {path: /items, extract: /ids}
      faults:
        - name: kill
          at: 10s
          podKill: {mode: one}
      invariants:
        - type: noLostWrites
      """;

  private final DrillLoader loader = new DrillLoader();

  private List<String> problems(String text) {
    return loader.load("drill.yaml", text).problems().stream().map(Problem::format).toList();
  }

  private LoadResult load(String text) {
    return loader.load("drill.yaml", text);
  }

  private static String kill(String base, String podKill) {
    return base.replace("podKill: {mode: one}", "podKill: " + podKill);
  }

  @Test
  void theBaseDrillsAreValid() {
    assertThat(problems(CLUSTER)).isEmpty();
    assertThat(problems(LOCAL)).isEmpty();
  }

  @Test
  void everyClusterFieldBindsWithChaosMeshModesAndTheOldPercentAlias() {
    LoadResult r =
        load(
            kill(
                CLUSTER,
                "{mode: random-max-percent, value: 50, namespace: payments-ns, selector: {app:"
                    + " payments}, matchExpressions: [{key: tier, operator: In, values: [web]},"
                    + " {key: canary, operator: DoesNotExist}], phases: [Running, Pending],"
                    + " gracePeriod: 5s}"));
    assertThat(r.problems()).isEmpty();
    PodKill k = (PodKill) r.drills().getFirst().spec().faults().getFirst().action();
    assertThat(k.mode()).isEqualTo(PodKillMode.RANDOM_MAX_PERCENT);
    assertThat(k.namespace()).isEqualTo("payments-ns");
    assertThat(k.matchExpressions())
        .containsExactly(
            new LabelSelectorRequirement(
                "tier", LabelSelectorRequirement.Operator.IN, List.of("web")),
            new LabelSelectorRequirement(
                "canary", LabelSelectorRequirement.Operator.DOES_NOT_EXIST, null));
    assertThat(k.phases()).containsExactly(PodPhase.RUNNING, PodPhase.PENDING);
    assertThat(k.gracePeriod()).isEqualTo("5s");

    PodKill old =
        (PodKill)
            load(kill(CLUSTER, "{mode: percent, value: 50}"))
                .drills()
                .getFirst()
                .spec()
                .faults()
                .getFirst()
                .action();
    assertThat(old.mode()).isEqualTo(PodKillMode.PERCENT);
    assertThat(old.mode().canonical()).isEqualTo(PodKillMode.FIXED_PERCENT);
    assertThat(problems(kill(CLUSTER, "{mode: fixed-percent, value: 50}"))).isEmpty();
  }

  @Test
  void modesNeedTheirValueAndPercentagesStopAtOneHundred() {
    assertThat(problems(kill(CLUSTER, "{mode: random-max-percent}")))
        .containsExactly(
            "drill.yaml:19:14: faults[0].podKill.value: mode random-max-percent needs a value"
                + " (fix: add value: 50 (at most this percent of the pods))");
    assertThat(problems(kill(CLUSTER, "{mode: fixed-percent, value: 150}")))
        .containsExactly(
            "drill.yaml:19:43: faults[0].podKill.value: mode fixed-percent takes a percentage,"
                + " and 150 is above 100 (fix: use 1 to 100)");
    assertThat(problems(kill(CLUSTER, "{mode: all, value: 2}")))
        .containsExactly(
            "drill.yaml:19:33: faults[0].podKill.value: value applies only to modes fixed,"
                + " fixed-percent, percent and random-max-percent (fix: remove value, or set"
                + " mode: fixed)");
    assertThat(problems(kill(CLUSTER, "{mode: fixed-precent}")))
        .singleElement()
        .asString()
        .contains("faults[0].podKill.mode")
        .contains("did you mean 'fixed-percent'?");
  }

  @Test
  void aKillInAnotherNamespaceNeedsItsOwnSelectorAndNeverKubeSystem() {
    assertThat(problems(kill(CLUSTER, "{namespace: payments-ns}")))
        .containsExactly(
            "drill.yaml:19:14: faults[0].podKill.selector: the kill names namespace payments-ns,"
                + " where the target's selector does not apply, and no selector of its own: it"
                + " would kill any pod there (fix: add podKill.selector (e.g. app: payments) or"
                + " podKill.matchExpressions)");
    assertThat(problems(kill(CLUSTER, "{namespace: kube-system, selector: {k8s-app: kube-dns}}")))
        .containsExactly(
            "drill.yaml:19:26: faults[0].podKill.namespace: 'kube-system' is never a legal target"
                + " (fix: kill pods of your application's namespace, labelled"
                + " firedrill.dev/drills=enabled)");
    assertThat(problems(kill(CLUSTER, "{namespace: shop}"))).isEmpty();
  }

  @Test
  void theKillsSelectorIsMergedOverTheTargetsInItsNamespaceAndAloneElsewhere() {
    dev.firedrill.engine.model.Target target =
        new dev.firedrill.engine.model.Target("shop", Map.of("app", "orders", "tier", "web"), null);
    PodKill payments =
        new PodKill(null, null, null, Map.of("app", "payments"), null, null, null, null, null);
    PodKill canary =
        new PodKill(null, null, "shop", Map.of("track", "canary"), null, null, null, null, null);
    PodKill elsewhere =
        new PodKill(null, null, "pay", Map.of("app", "payments"), null, null, null, null, null);
    assertThat(payments.labelsOver(target))
        .containsExactly(Map.entry("app", "payments"), Map.entry("tier", "web"));
    assertThat(canary.labelsOver(target))
        .containsExactly(
            Map.entry("app", "orders"), Map.entry("tier", "web"), Map.entry("track", "canary"));
    assertThat(elsewhere.labelsOver(target)).containsExactly(Map.entry("app", "payments"));
  }

  @Test
  void matchExpressionsFollowKubernetesRulesForValues() {
    assertThat(problems(kill(CLUSTER, "{matchExpressions: [{key: tier, operator: In}]}")))
        .containsExactly(
            "drill.yaml:19:34: faults[0].podKill.matchExpressions[0].values: operator In needs"
                + " at least one value (fix: add values: [web] (the label values to match))");
    assertThat(
            problems(
                kill(CLUSTER, "{matchExpressions: [{key: tier, operator: Exists, values: [a]}]}")))
        .containsExactly(
            "drill.yaml:19:72: faults[0].podKill.matchExpressions[0].values: operator Exists"
                + " takes no values (fix: remove values, or use In / NotIn)");
    assertThat(problems(kill(CLUSTER, "{matchExpressions: [{key: 'bad key', operator: Exists}]}")))
        .singleElement()
        .asString()
        .contains("faults[0].podKill.matchExpressions[0].key");
  }

  @Test
  void gracePeriodIsWholeSecondsAndRestartAfterIsLocalOnly() {
    assertThat(problems(kill(CLUSTER, "{gracePeriod: 1500ms}")))
        .containsExactly(
            "drill.yaml:19:28: faults[0].podKill.gracePeriod: Kubernetes takes a grace period in"
                + " whole seconds, and 1500ms is not (fix: use e.g. 0s, 5s or 30s)");
    assertThat(problems(kill(CLUSTER, "{restartAfter: 2s}")))
        .containsExactly(
            "drill.yaml:19:29: faults[0].podKill.restartAfter: restartAfter applies to local"
                + " processes; a pod's controller replaces a killed pod (fix: remove"
                + " restartAfter)");
    assertThat(problems(kill(CLUSTER, "{phases: [Running, Running]}")))
        .containsExactly(
            "drill.yaml:19:33: faults[0].podKill.phases[1]: phase Running is listed twice (fix:"
                + " list each phase once)");
  }

  @Test
  void aLocalKillRefusesTheFieldsItWouldIgnore() {
    assertThat(
            problems(
                kill(
                    LOCAL,
                    "{selector: {app: orders}, gracePeriod: 5s, namespace: shop, phases:"
                        + " [Running], matchExpressions: [{key: a, operator: Exists}]}")))
        .containsExactlyInAnyOrder(
            "drill.yaml:17:68: faults[0].podKill.namespace: namespace applies to pods; this kill"
                + " acts on local processes (SIGKILL), not on pods (fix: remove namespace)",
            "drill.yaml:17:25: faults[0].podKill.selector: selector applies to pods; this kill"
                + " acts on local processes (SIGKILL), not on pods (fix: remove selector, or name"
                + " the processes with podKill.processes)",
            "drill.yaml:17:111: faults[0].podKill.matchExpressions: matchExpressions apply to"
                + " pods; this kill acts on local processes (SIGKILL), not on pods (fix: remove"
                + " them)",
            "drill.yaml:17:82: faults[0].podKill.phases: phases apply to pods; this kill acts on"
                + " local processes (SIGKILL), not on pods (fix: remove phases)",
            "drill.yaml:17:53: faults[0].podKill.gracePeriod: gracePeriod applies to pods; this"
                + " kill acts on local processes (SIGKILL), not on pods (fix: remove gracePeriod"
                + " (restartAfter sets when the process comes back))");
  }

  @Test
  void aKillThatMaxPodsDownWouldAlwaysVetoIsRefused() {
    String guarded = CLUSTER.replace("invariants:", "guardrails:\n  - maxPodsDown: 1\ninvariants:");
    assertThat(problems(kill(guarded, "{mode: fixed, value: 2}")))
        .containsExactly(
            "drill.yaml:19:14: faults[0].podKill: the kill takes 2 at once, more than guardrails"
                + " maxPodsDown (1) allows: it would be vetoed every time (fix: kill fewer (mode:"
                + " fixed, value: 1), or raise maxPodsDown)");
    String local = LOCAL.replace("invariants:", "guardrails:\n  - maxPodsDown: 1\ninvariants:");
    assertThat(problems(kill(local, "{mode: all}")))
        .singleElement()
        .asString()
        .contains("the kill takes 2 at once");
    assertThat(problems(kill(guarded, "{mode: one}"))).isEmpty();
  }

  @Test
  void aProxyIsEitherListenAndUpstreamOrAService() {
    assertThat(
            problems(
                CLUSTER.replace(
                    "service: payments\n      port: 8080",
                    "service: payments\n      listen: 0.0.0.0:1")))
        .containsExactly(
            "drill.yaml:8:15: toxiproxy.proxies[0].listen: a proxy is either a Service to"
                + " intercept or listen + upstream, not both (fix: remove listen and upstream (the"
                + " run routes the Service through Toxiproxy), or remove service)");
    assertThat(problems(CLUSTER.replace("service: payments\n      port: 8080", "port: 8080")))
        .containsExactlyInAnyOrder(
            "drill.yaml:7:13: toxiproxy.proxies[0].port: port applies only with service (fix:"
                + " remove port, or add service)",
            "drill.yaml:6:7: toxiproxy.proxies[0]: the proxy says neither where it listens nor"
                + " what it forwards to (fix: give listen and upstream (e.g. listen:"
                + " 127.0.0.1:28081, upstream: payments:8080), or, in a cluster, service:"
                + " payments)");
    assertThat(
            problems(
                CLUSTER.replace("toxiproxy:\n", "toxiproxy:\n  url: http://toxiproxy.shop:8474\n")))
        .singleElement()
        .asString()
        .contains("toxiproxy.proxies[0].service: a Service is intercepted through the run's own");
    ProxySpec p = load(CLUSTER).drills().getFirst().spec().toxiproxy().proxies().getFirst();
    assertThat(p.intercepts()).isTrue();
    assertThat(p.port()).isEqualTo(8080);
  }

  @Test
  void aServiceProxyInALocalDrillIsRefused() {
    String local =
        LOCAL.replace(
            "workload:",
            "toxiproxy:\n  proxies:\n    - name: payments\n      service: payments\nworkload:");
    assertThat(problems(local))
        .containsExactly(
            "drill.yaml:10:16: toxiproxy.proxies[0].service: Service interception needs a cluster"
                + " run, and this drill runs local processes (fix: give listen and upstream for a"
                + " local run)");
  }
}
