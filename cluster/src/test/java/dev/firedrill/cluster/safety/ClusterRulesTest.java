package dev.firedrill.cluster.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import org.junit.jupiter.api.Test;

/** A clockSkew is refused in a cluster with the field, the reason and the fix. */
class ClusterRulesTest {

  @Test
  void aClockSkewIsRefusedInACluster() {
    LoadResult loaded =
        new DrillLoader()
            .load(
                "drill.yaml",
                """
                target:
                  namespace: shop
                  selector: {app: orders}
                  processes:
                    - name: orders
                      command: [java, -jar, orders.jar]
                workload:
                  type: set
                  baseUrl: http://orders.shop:8080
                  duration: 1m
                  operations:
                    add: {method: POST, path: /orders, json: '{"id": "{{value}}"}'}
                    read: {path: /orders, extract: /ids}
                faults:
                  - name: skew
                    at: 10s
                    duration: 20s
                    clockSkew: {processes: [orders], offset: -30s}
                invariants:
                  - type: noLostWrites
                """);

    assertThat(loaded.problems()).isEmpty();
    assertThat(ClusterRules.problems(loaded.drills().getFirst().spec()))
        .contains(
            "spec.faults[0].clockSkew: moving a clock needs libfaketime preloaded into the"
                + " target's processes, which a cluster run cannot do safely yet (fix: run the drill"
                + " locally with firedrill run; docs/time-travel.md says what a cluster would"
                + " need)");
  }
}
