package dev.firedrill.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.firedrill.operator.WithLockingApiServer;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The running operator's /q/metrics carries the run metrics the Grafana dashboard queries: a run
 * whose Drill does not exist ends Errored, and it is counted.
 */
@QuarkusTest
@WithLockingApiServer
class RunMetricsIT {

  @Inject KubernetesClient client;

  @TestHTTPResource("/q/metrics")
  URI metrics;

  @Test
  void anEndedRunIsCountedByVerdictAndTheGaugesAreExported() {
    DrillRun run = new DrillRun();
    run.setMetadata(
        new ObjectMetaBuilder().withName("orphan-run").withNamespace("metrics").build());
    run.setSpec(DrillRunSpec.of("no-such-drill", DrillRunSpec.Trigger.MANUAL));
    client.resource(run).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() ->
            assertThat(scrape())
                .contains(
                    "firedrill_runs_total{drill=\"no-such-drill\",namespace=\"metrics\",verdict=\"ERROR\"} 1.0")
                .contains("firedrill_runs_active ")
                .contains("firedrill_faults_orphaned 0.0")
                .contains("firedrill_faults_injected_total ")
                .contains("firedrill_faults_healed_total ")
                .contains("firedrill_run_duration_seconds_count "));
  }

  private String scrape() throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
