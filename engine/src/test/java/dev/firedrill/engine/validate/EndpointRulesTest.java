package dev.firedrill.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.EndpointPolicy;
import dev.firedrill.engine.model.Pause;
import dev.firedrill.engine.model.PodKillMode;
import dev.firedrill.engine.model.Workload;
import dev.firedrill.engine.plan.Plan;
import dev.firedrill.engine.plan.Planner;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Endpoints, the register mix and value range, and pause modes: what loads, with its defaults, and
 * every mistake named with its line, field and fix.
 */
class EndpointRulesTest {
  private final DrillLoader loader = new DrillLoader();

  private static final String DRILL =
      """
      target:
        processes:
          - {name: e1, command: [etcd1], port: 2379}
          - {name: e2, command: [etcd2], port: 22379}
          - {name: e3, command: [etcd3], port: 32379}
      workload:
        type: kv
        endpoints: [http://127.0.0.1:2379, http://127.0.0.1:22379, http://127.0.0.1:32379]
        endpointPolicy: perClient
        duration: 1m
        mix: {read: 6, write: 3, cas: 1}
        values: 20
        operations:
          read: {path: "/v2/keys/{{key}}", extract: /node/value}
          write: {method: PUT, path: "/v2/keys/{{key}}", form: {value: "{{value}}"}}
          cas: {method: PUT, path: "/v2/keys/{{key}}", query: {prevValue: "{{expected}}"}, form: {value: "{{value}}"}}
      faults:
        - name: freeze
          at: 10s
          duration: 2s
          every: 10s
          pause: {processes: [e1, e2, e3], mode: one}
      invariants:
        - type: linearizable
          model: cas-register
      """;

  private List<String> problems(String yaml) {
    return loader.load("drill.yaml", yaml).problems().stream().map(Problem::format).toList();
  }

  @Test
  void aDrillOverThreeMembersLoadsWithItsPolicyMixAndValues() {
    LoadResult r = loader.load("drill.yaml", DRILL);
    assertThat(r.problems()).isEmpty();
    Workload w = r.drills().getFirst().spec().workload();
    assertThat(w.baseUrls()).hasSize(3);
    assertThat(w.primaryUrl()).isEqualTo("http://127.0.0.1:2379");
    assertThat(w.policy()).isEqualTo(EndpointPolicy.PER_CLIENT);
    assertThat(w.mixOrDefault().casWeight(true)).isEqualTo(1);
    assertThat(w.valuesOrDefault()).isEqualTo(20);
  }

  @Test
  void defaultsAreRoundRobinAnEqualMixAndValuesZeroToFour() {
    String plain =
        DRILL
            .replace("  endpointPolicy: perClient\n", "")
            .replace("  mix: {read: 6, write: 3, cas: 1}\n", "")
            .replace("  values: 20\n", "");
    Workload w = loader.load("drill.yaml", plain).drills().getFirst().spec().workload();
    assertThat(w.policy()).isEqualTo(EndpointPolicy.ROUND_ROBIN);
    assertThat(w.mixOrDefault().readWeight()).isEqualTo(1);
    assertThat(w.mixOrDefault().casWeight(true)).isEqualTo(1);
    assertThat(w.mixOrDefault().casWeight(false)).isZero();
    assertThat(w.valuesOrDefault()).isEqualTo(5);
  }

  @Test
  void aWorkloadNeedsBaseUrlOrEndpointsAndNotBoth() {
    String neither =
        DRILL.replace(
            "  endpoints: [http://127.0.0.1:2379, http://127.0.0.1:22379, http://127.0.0.1:32379]\n",
            "");
    assertThat(problems(neither))
        .containsExactly(
            "drill.yaml:7:3: workload.baseUrl: the workload has no baseUrl: its requests have"
                + " nowhere to go (fix: add baseUrl: http://localhost:8080, or endpoints:"
                + " [http://host-1:2379, http://host-2:2379] to spread operations over several"
                + " members)");
    String both =
        DRILL.replace("  endpointPolicy:", "  baseUrl: http://127.0.0.1:2379\n  endpointPolicy:");
    assertThat(problems(both))
        .containsExactly(
            "drill.yaml:8:14: workload.endpoints: both baseUrl and endpoints are given: operations"
                + " go to endpoints, so baseUrl would be ignored (fix: list http://127.0.0.1:2379"
                + " in endpoints and remove baseUrl, or remove endpoints)");
  }

  @Test
  void anEndpointThatIsNoUrlOrIsListedTwiceIsNamedByItsIndex() {
    String bad =
        DRILL.replace(
            "[http://127.0.0.1:2379, http://127.0.0.1:22379, http://127.0.0.1:32379]",
            "[http://127.0.0.1:2379, 127.0.0.1:22379, http://127.0.0.1:2379]");
    assertThat(problems(bad))
        .containsExactly(
            "drill.yaml:8:38: workload.endpoints[1]: '127.0.0.1:22379' is not an http or https URL"
                + " (fix: write it as http://host:port (a base URL; paths come from the"
                + " operations))",
            "drill.yaml:8:55: workload.endpoints[2]: http://127.0.0.1:2379 is listed twice: it"
                + " would get twice the share of operations (fix: list each member once)");
  }

  @Test
  void anOperationTakesBaseUrlOrEndpointsNotBoth() {
    String both =
        DRILL.replace(
            "read: {path:",
            "read: {baseUrl: http://127.0.0.1:2379, endpoints: [http://127.0.0.1:2379], path:");
    assertThat(problems(both))
        .containsExactly(
            "drill.yaml:14:55: workload.operations.read.endpoints: both baseUrl and endpoints are"
                + " given for read (fix: keep one: baseUrl for one service, endpoints for several"
                + " members)");
  }

  @Test
  void mixAndValuesApplyOnlyToRegistersAndCasNeedsItsOperation() {
    String noCas = DRILL.replaceAll("(?m)^    cas: .*\\n", "");
    assertThat(problems(noCas))
        .containsExactly(
            "drill.yaml:11:33: workload.mix.cas: cas has weight 1 but the workload maps no cas"
                + " operation (fix: add workload.operations.cas, or remove mix.cas)",
            "drill.yaml:24:12: invariants[0].model: model cas-register needs a cas operation (fix:"
                + " add workload.operations.cas, or use model: register)");
    String zero = DRILL.replace("{read: 6, write: 3, cas: 1}", "{read: 0, write: 0, cas: 0}");
    assertThat(problems(zero))
        .containsExactly(
            "drill.yaml:11:8: workload.mix: every weight is 0: the workload would issue no"
                + " operation (fix: give read or write a weight above 0, e.g. read: 1)");
    String set =
        """
        workload:
          type: set
          baseUrl: http://127.0.0.1:18080
          duration: 1m
          values: 9
          operations:
            add: {method: POST, path: /items, json: '{"id": "{{value}}"}'}
            read: {path: /items, extract: /ids}
        """;
    assertThat(problems(set).stream().filter(p -> p.contains("workload.")))
        .containsExactly(
            "drill.yaml:5:11: workload.values: values applies to register and kv workloads (read,"
                + " write, cas), not to a set workload (fix: remove workload.values)");
  }

  @Test
  void aPauseModeNeedsItsValueAndChoosesBySeedAnewEachOccurrence() {
    assertThat(problems(DRILL.replace("mode: one}", "mode: fixed}")))
        .containsExactly(
            "drill.yaml:22:12: faults[0].pause.value: mode fixed needs a value (fix: add value: 2"
                + " (how many processes))");
    assertThat(problems(DRILL.replace("mode: one}", "value: 2}")))
        .containsExactly(
            "drill.yaml:22:45: faults[0].pause.value: value applies only to modes fixed,"
                + " fixed-percent, percent and random-max-percent (fix: remove value, or set mode:"
                + " fixed)");

    LoadResult r = loader.load("drill.yaml", DRILL);
    var spec = r.drills().getFirst().spec();
    Set<List<String>> chosen = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) {
      Plan plan = Planner.plan(spec, seed);
      assertThat(plan.faults()).hasSize(5);
      plan.faults()
          .forEach(f -> {
            assertThat(f.targets()).hasSize(1).isSubsetOf("e1", "e2", "e3");
            chosen.add(f.targets());
          });
      assertThat(Planner.plan(spec, seed).faults())
          .extracting(f -> f.targets())
          .isEqualTo(plan.faults().stream().map(f -> f.targets()).toList());
    }
    assertThat(chosen).containsExactlyInAnyOrder(List.of("e1"), List.of("e2"), List.of("e3"));
    assertThat(new Pause(List.of("a", "b")).modeOrDefault()).isEqualTo(PodKillMode.ALL);
  }
}
