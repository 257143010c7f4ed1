package dev.firedrill.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** report.traceUrl needs the {{traceId}} placeholder; logContext is bounded. */
class ReportSettingsRulesTest {

  private static List<String> problems(String report) {
    return SetDrill.problems("report: " + report);
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
