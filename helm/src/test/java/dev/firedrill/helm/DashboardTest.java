package dev.firedrill.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The dashboard shows what a team asks of its drills (runs, verdicts, anomalies, faults orphaned)
 * from the metrics the operator exports, and nothing it does not export.
 */
class DashboardTest {

  @Test
  void panelsCoverRunsVerdictsAnomaliesAndOrphanedFaults() {
    List<String> titles =
        StreamSupport.stream(Dashboard.json().path("panels").spliterator(), false)
            .map(p -> p.path("title").asText())
            .toList();

    assertThat(titles)
        .contains(
            "Runs",
            "Runs by verdict",
            "Verdicts by drill",
            "Anomalies by invariant",
            "Faults orphaned",
            "Faults injected, healed and orphaned",
            "Run duration",
            "Active runs");
  }

  private static final Pattern METRIC = Pattern.compile("\\bfiredrill_[a-z_]+\\b");

  @Test
  void queriesUseOnlyTheOperatorsMetricsAndEveryOneOfThem() {
    Set<String> used = new HashSet<>();
    for (Dashboard.Query query : Dashboard.queries()) {
      Matcher metric = METRIC.matcher(query.expr());
      boolean any = false;
      while (metric.find()) {
        any = true;
        used.add(metric.group());
        assertThat(Dashboard.OPERATOR_METRICS)
            .as("%s (%s): %s", query.panel(), query.refId(), query.expr())
            .contains(metric.group());
      }
      assertThat(any).as("%s reads a firedrill metric", query.panel()).isTrue();
    }
    assertThat(used).containsExactlyInAnyOrderElementsOf(Dashboard.OPERATOR_METRICS);
  }

  @Test
  void orphanedFaultsTurnRedAtOne() {
    JsonNode orphaned =
        StreamSupport.stream(Dashboard.json().path("panels").spliterator(), false)
            .filter(p -> p.path("title").asText().equals("Faults orphaned"))
            .findFirst()
            .orElseThrow();
    JsonNode steps = orphaned.path("fieldConfig").path("defaults").path("thresholds").path("steps");

    assertThat(steps.get(0).path("color").asText()).isEqualTo("green");
    assertThat(steps.get(1).path("color").asText()).isEqualTo("red");
    assertThat(steps.get(1).path("value").asInt()).isEqualTo(1);
  }

  @Test
  void panelsHaveUniqueIdsTheDataSourceVariableAndFitTheGrid() {
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : Dashboard.json().path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("unique id").isTrue();
      assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
      JsonNode grid = panel.path("gridPos");
      assertThat(grid.path("x").asInt() + grid.path("w").asInt()).isLessThanOrEqualTo(24);
      assertThat(panel.path("description").asText()).isNotBlank();
    }
    assertThat(Dashboard.json().path("uid").asText()).isEqualTo("firedrill-overview");
  }
}
