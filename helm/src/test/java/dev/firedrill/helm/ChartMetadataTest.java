package dev.firedrill.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The chart is released with the images: its version and appVersion are the Maven version. */
class ChartMetadataTest {

  @Test
  void chartVersionAndAppVersionAreTheProjectVersion() {
    String project = System.getProperty("firedrill.version");
    JsonNode chart = Chart.readYaml(Chart.DIR.resolve("Chart.yaml"));

    assertThat(project).as("set by the helm module's pom").isNotBlank();
    assertThat(chart.path("apiVersion").asText()).isEqualTo("v2");
    assertThat(chart.path("name").asText()).isEqualTo("firedrill");
    assertThat(chart.path("version").asText()).isEqualTo(project);
    assertThat(chart.path("appVersion").asText()).isEqualTo(project);
  }
}
