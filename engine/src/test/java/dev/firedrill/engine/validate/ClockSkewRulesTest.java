package dev.firedrill.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.ClockSkew;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules of clockSkew: known processes, signed durations, a clock that moves and never stops.
 */
class ClockSkewRulesTest {

  private static final String DRILL =
      """
      target:
        processes:
          - name: orders
            command: [java, -jar, orders.jar]
      workload:
        type: set
        baseUrl: http://127.0.0.1:18080
        duration: 1m
        operations:
          add: {method: POST, path: /items, json: '{"id": "{{value}}"}'}
          read: {path: /items, extract: /ids}
      faults:
        - name: skew
          at: 10s
          duration: 20s
          clockSkew: SKEW
      invariants:
        - type: noLostWrites
      """;

  private static List<String> problems(String skew) {
    return new DrillLoader()
        .load("drill.yaml", DRILL.replace("SKEW", skew)).problems().stream()
            .map(Problem::format)
            .toList();
  }

  @Test
  void aSkewOfAKnownProcessWithASignedOffsetIsValid() {
    assertThat(problems("{processes: [orders], offset: -30s}")).isEmpty();
    assertThat(problems("{processes: [orders], offset: +1h30m, drift: -500ms}")).isEmpty();
    assertThat(problems("{processes: [orders], offset: 0s, drift: 100ms}")).isEmpty();
  }

  @Test
  void eachMistakeIsNamedWithItsFix() {
    assertThat(problems("{processes: [ordrs], offset: -30s}"))
        .singleElement()
        .asString()
        .startsWith("drill.yaml:16:29: faults[0].clockSkew.processes[0]: no process named 'ordrs'")
        .contains("did you mean 'orders'");
    assertThat(problems("{processes: [orders], offset: 30 seconds}"))
        .singleElement()
        .asString()
        .contains("faults[0].clockSkew.offset")
        .contains("30 seconds");
    assertThat(problems("{processes: [orders], offset: 0s}"))
        .containsExactly(
            "drill.yaml:16:46: faults[0].clockSkew.offset: an offset of zero and no drift leaves"
                + " the clock alone (fix: give an offset such as -30s or +2m, or a drift such as"
                + " 100ms)");
    assertThat(problems("{processes: [orders], offset: -1s, drift: -1s}"))
        .singleElement()
        .asString()
        .contains("faults[0].clockSkew.drift: a drift of -1s per second stops the clock");
    assertThat(problems("{offset: -1s}"))
        .singleElement()
        .asString()
        .contains("faults[0].clockSkew.processes");
  }

  @Test
  void signedDurationsParse() {
    assertThat(ClockSkew.signed("-1m30s")).isEqualTo(Duration.ofSeconds(-90));
    assertThat(ClockSkew.signed("+250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(ClockSkew.signed("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(ClockSkew.isSigned("--1s")).isFalse();
  }
}
