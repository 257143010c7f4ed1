package dev.firedrill.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.Partition;
import dev.firedrill.engine.plan.Planner;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A partition between groups: its rules, and the links it plans to act on. */
class PartitionRulesTest {

  static final String CLUSTER_OF_THREE =
      """
      target:
        processes:
          - {name: e1, command: [etcd], port: 2379, ports: [2380]}
          - {name: e2, command: [etcd], port: 22379, ports: [22380]}
          - {name: e3, command: [etcd], port: 32379, ports: [32380]}
          - {name: app, command: [app], port: 8080}
      toxiproxy:
        proxies:
          - {name: peer-e1, listen: "127.0.0.1:2381", upstream: "127.0.0.1:2380"}
          - {name: peer-e2, listen: "127.0.0.1:22381", upstream: "127.0.0.1:22380"}
          - {name: peer-e3, listen: "127.0.0.1:32381", upstream: "127.0.0.1:32380"}
          - {name: to-app, listen: "127.0.0.1:18080", upstream: "127.0.0.1:8080"}
      workload:
        type: kv
        baseUrl: http://127.0.0.1:2379
        duration: 1m
        operations:
          read: {path: "/v2/keys/k/{{key}}", extract: /node/value}
          write: {method: PUT, path: "/v2/keys/k/{{key}}", form: {value: "{{value}}"}}
      faults:
        - name: cut
          at: 10s
          duration: 10s
          partition: PARTITION
      invariants:
        - type: linearizable
          model: register
      """;

  private final DrillLoader loader = new DrillLoader();

  private List<String> problems(String partition) {
    return loader
        .load("drill.yaml", CLUSTER_OF_THREE.replace("PARTITION", partition))
        .problems()
        .stream()
        .map(Problem::format)
        .toList();
  }

  @Test
  void aPartitionBetweenGroupsPlansEveryLinkIntoTheirMembersAndNoOther() {
    LoadResult loaded =
        loader.load(
            "drill.yaml", CLUSTER_OF_THREE.replace("PARTITION", "{between: [[e1, e2], [e3]]}"));
    assertThat(loaded.problems()).isEmpty();
    var spec = loaded.drills().getFirst().spec();
    Partition p = (Partition) spec.faults().getFirst().action();
    assertThat(p.between()).containsExactly(List.of("e1", "e2"), List.of("e3"));
    assertThat(Planner.plan(spec, 1).faults().getFirst().targets())
        .as("the link into app, in no group, is left alone")
        .containsExactly("peer-e1", "peer-e2", "peer-e3");
  }

  @Test
  void aPartitionNamesProxiesOrGroupsNotBothNorNeither() {
    assertThat(problems("{between: [[e1], [e3]], proxies: [peer-e1]}"))
        .anySatisfy(p -> assertThat(p).contains("names both proxies and between"));
    assertThat(problems("{}"))
        .anySatisfy(p -> assertThat(p).contains("names no proxies and no groups"));
    assertThat(problems("{proxies: [peer-e1]}")).isEmpty();
  }

  @Test
  void groupsAreTwoOrMoreDisjointDeclaredAndReachedByALink() {
    assertThat(problems("{between: [[e1, e2, e3]]}"))
        .anySatisfy(p -> assertThat(p).contains("needs two groups or more, got 1"));
    assertThat(problems("{between: [[e1, e2], [e2, e3]]}"))
        .anySatisfy(p ->
            assertThat(p)
                .contains("faults[0].partition.between[1][0]")
                .contains("process e2 is in more than one group"));
    assertThat(problems("{between: [[e1], [e9]]}"))
        .anySatisfy(p -> assertThat(p).contains("between[1][0]").contains("e9"));
    String noLinkIntoE3 =
        CLUSTER_OF_THREE
            .replace("PARTITION", "{between: [[e1, e2], [e3]]}")
            .replace(
                "    - {name: peer-e3, listen: \"127.0.0.1:32381\", upstream:"
                    + " \"127.0.0.1:32380\"}\n",
                "");
    assertThat(loader.load("drill.yaml", noLinkIntoE3).problems().stream().map(Problem::format))
        .anySatisfy(p -> assertThat(p).contains("no proxy leads into process e3"));
  }

  @Test
  void aPartitionBetweenGroupsNeedsTheEmbeddedProxy() {
    String external =
        CLUSTER_OF_THREE
            .replace("PARTITION", "{between: [[e1, e2], [e3]]}")
            .replace("toxiproxy:\n", "toxiproxy:\n  url: http://127.0.0.1:8474\n");
    assertThat(loader.load("drill.yaml", external).problems().stream().map(Problem::format))
        .anySatisfy(p -> assertThat(p).contains("needs the embedded proxy"));
  }
}
