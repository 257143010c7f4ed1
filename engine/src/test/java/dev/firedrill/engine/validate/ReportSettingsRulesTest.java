package dev.firedrill.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** report.traceUrl needs the {{traceId}} placeholder; logContext is bounded. */
class ReportSettingsRulesTest {

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
      invariants:
        - type: noLostWrites
      report: REPORT
      """;

  private static List<String> problems(String report) {
    return new DrillLoader()
        .load("drill.yaml", DRILL.replace("REPORT", report)).problems().stream()
            .map(Problem::format)
            .toList();
  }

  @Test
  void jaegerTempoAndZipkinLinksAreValid() {
    assertThat(problems("{traceUrl: 'http://jaeger:16686/trace/{{traceId}}', logContext: 3}"))
        .isEmpty();
    assertThat(problems("{traceUrl: 'https://zipkin.example/zipkin/traces/{{traceId}}'}"))
        .isEmpty();
  }

  @Test
  void aLinkWithoutThePlaceholderOrTooMuchContextIsRefused() {
    assertThat(problems("{traceUrl: 'http://jaeger:16686/trace/'}"))
        .singleElement()
        .asString()
        .contains("report.traceUrl");
    assertThat(problems("{logContext: 50}"))
        .singleElement()
        .asString()
        .contains("report.logContext");
  }
}
