package dev.firedrill.helm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The chart's Grafana dashboard (dashboards/firedrill.json) and the PromQL of its panels. */
final class Dashboard {

  /** What the operator exports (Micrometer's Prometheus names), per the operator's design. */
  static final List<String> OPERATOR_METRICS =
      List.of(
          "firedrill_runs_total",
          "firedrill_run_duration_seconds_count",
          "firedrill_run_duration_seconds_sum",
          "firedrill_run_duration_seconds_max",
          "firedrill_anomalies_total",
          "firedrill_faults_injected_total",
          "firedrill_faults_healed_total",
          "firedrill_faults_orphaned",
          "firedrill_runs_active");

  record Query(String panel, String refId, String expr) {

    /** The expression with Grafana's variables replaced by values Prometheus accepts. */
    String promql() {
      return expr.replace("$__rate_interval", "5m")
          .replace("$__range", "1h")
          .replace("$namespace", ".*")
          .replace("$drill", ".*");
    }
  }

  private Dashboard() {}

  static JsonNode json() {
    try {
      return Chart.JSON.readTree(Chart.DIR.resolve("dashboards/firedrill.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Query> queries() {
    List<Query> queries = new ArrayList<>();
    for (JsonNode panel : json().path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        queries.add(
            new Query(
                panel.path("title").asText(),
                target.path("refId").asText(),
                target.path("expr").asText()));
      }
    }
    return queries;
  }
}
