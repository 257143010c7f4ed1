package dev.firedrill.engine.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.check.history.History;
import dev.firedrill.engine.model.OtlpSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpExportTest {

  @Test
  void nothingAskedMeansNoExport() {
    assertThat(OtlpExport.target(null, Map.of())).isNull();
    assertThat(OtlpExport.afterRun(null, Map.of(), () -> History.of(), 0, "d", "r")).isNull();
  }

  @Test
  void theDrillsEndpointWinsAndItsHeadersAddToTheEnvironments() {
    OtlpExport.Target t =
        OtlpExport.target(
            new OtlpSpec("http://collector:4318/v1/traces", Map.of("x-team", "shop")),
            Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://other:4318",
                "OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer%20abc, x-team=env"));
    assertThat(t.endpoint()).isEqualTo("http://collector:4318/v1/traces");
    assertThat(t.headers())
        .containsEntry("authorization", "Bearer abc")
        .containsEntry("x-team", "shop");
  }

  @Test
  void theStandardEnvironmentAloneTurnsTheExportOn() {
    assertThat(
            OtlpExport.target(null, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318/"))
                .endpoint())
        .isEqualTo("http://c:4318/v1/traces");
    assertThat(
            OtlpExport.target(
                    null,
                    Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318",
                        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://t:4318/custom"))
                .endpoint())
        .isEqualTo("http://t:4318/custom");
  }

  @Test
  void grpcIsRefusedWithTheFix() {
    assertThatThrownBy(() ->
            OtlpExport.target(
                null,
                Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4317",
                    "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")))
        .hasMessageContaining("http/protobuf only")
        .hasMessageContaining("4318");
    assertThat(
            OtlpExport.afterRun(
                null,
                Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT",
                    "http://c:4317",
                    "OTEL_EXPORTER_OTLP_PROTOCOL",
                    "grpc"),
                () -> History.of(),
                0,
                "d",
                "r"))
        .startsWith("WARN traces not exported: OTEL_EXPORTER_OTLP_PROTOCOL=grpc");
  }

  @Test
  void anOtlpSectionWithoutAnyEndpointIsAWarning() {
    assertThat(OtlpExport.afterRun(new OtlpSpec(null, null), Map.of(), History::of, 0, "d", "r"))
        .startsWith("WARN traces not exported: report.otlp has no endpoint");
  }

  @Test
  void malformedHeaderEntriesAreSkipped() {
    assertThat(OtlpExport.parseHeaders("a=1,,=x,novalue,b = two%2C"))
        .containsExactly(Map.entry("a", "1"), Map.entry("b", "two,"));
  }
}
