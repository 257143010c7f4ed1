package dev.firedrill.operator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.firedrill.cluster.report.ReportStore;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.operator.WithLockingApiServer;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec.Trigger;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus.AnomalySummary;
import dev.firedrill.operator.run.TestingRuns;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runs page of the running operator (Quarkus, JOSDK, Fabric8's mock API server in CRUD mode),
 * loaded in a real headless Chromium: a failed and a passed run of one drill and a run of a drill
 * whose name, message and anomaly carry markup. The page shows both verdicts with their anomalies,
 * logs no console message (no script runs, nothing is blocked or missing), keeps the hostile
 * strings as text, and its report link serves the report.html that {@link ReportStore} keeps in the
 * run's ConfigMaps. Leaves screenshots in {@code operator/target/runs-page/}; with {@code
 * -Dfiredrill.updateScreenshot=true} the page's also becomes {@code docs/images/runs-page.png}.
 */
@QuarkusTest
@WithLockingApiServer
class RunsPageIT {

  private static final String SCRIPT = "<script>alert(1)</script>";
  private static final String IMG = "<img src=x onerror=alert(2)>";
  private static final String FAILED_REPORT =
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\""
          + " href=\"data:,\"><title>report</title><style>body{font:14px sans-serif}</style></head>"
          + "<body><h1>weekly-pod-kill <b>Fail</b></h1><p>marker-of-the-failed-run</p></body></html>";

  @Inject KubernetesClient client;

  @TestHTTPResource("/runs")
  URI page;

  @BeforeAll
  static void needChromium() {
    HeadlessChromium.require();
  }

  @Test
  void failedAndPassedRunsRenderInChromiumWithTheirReportsAndHostileTextStaysText(
      @TempDir Path work) throws Exception {
    DrillSpec weekly =
        new DrillLoader()
            .loadFile(Path.of("..", "drills", "weekly-pod-kill.yaml"))
            .drills()
            .getFirst()
            .spec();
    DrillRun failed =
        create(
            "shop",
            "weekly-pod-kill-29409120",
            "weekly-pod-kill",
            Trigger.SCHEDULE,
            terminal(
                Verdict.FAIL,
                weekly,
                "2026-11-30T01:00:00Z",
                "2026-11-30T01:03:41Z",
                "noLostWrites: 2 acknowledged orders absent from the final read",
                2,
                List.of(
                    new AnomalySummary(
                        "noLostWrites",
                        "lost",
                        "order 4c1f acknowledged at 61.2 s is absent from the final read",
                        "4c1f",
                        List.of(1204L, 1205L),
                        List.of()),
                    new AnomalySummary(
                        "noLostWrites",
                        "lost",
                        "order 4c2a acknowledged at 61.4 s is absent from the final read",
                        "4c2a",
                        List.of(1210L, 1211L),
                        List.of()))));
    DrillRun passed =
        create(
            "shop",
            "weekly-pod-kill-29399040",
            "weekly-pod-kill",
            Trigger.SCHEDULE,
            terminal(
                Verdict.PASS,
                weekly,
                "2026-11-23T01:00:00Z",
                "2026-11-23T01:03:38Z",
                "every invariant held",
                0,
                List.of()));
    DrillRun hostile =
        create(
            "hostile",
            "hostile-run",
            "drill-" + SCRIPT,
            Trigger.CI,
            terminal(
                Verdict.FAIL,
                null,
                "2026-11-30T02:00:00Z",
                "2026-11-30T02:01:00Z",
                "message " + IMG,
                1,
                List.of(
                    new AnomalySummary(
                        "noDuplicates", "duplicate", "key " + SCRIPT, IMG, List.of(), List.of()))));
    store(failed, work.resolve("failed"), FAILED_REPORT);
    store(passed, work.resolve("passed"), FAILED_REPORT.replace("Fail", "Pass"));
    patchReportUrl(failed);
    patchReportUrl(passed);

    // The operator leaves terminal runs alone; wait until the page shows all three with reports.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() ->
            assertThat(get(page).body())
                .contains("weekly-pod-kill-29409120", "weekly-pod-kill-29399040", "hostile-run")
                .contains("/runs/shop/weekly-pod-kill-29409120/report.html"));

    HttpResponse<String> answer = get(page);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(answer.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'none'"));

    HeadlessChromium chromium = new HeadlessChromium(work);
    HeadlessChromium.Page dom = chromium.dumpDom(page.toString());
    assertThat(dom.exit()).as("chromium --dump-dom; stderr:%n%s", dom.stderr()).isZero();
    assertThat(dom.console()).as("console messages of the runs page").isEmpty();
    String html = dom.stdout();
    assertThat(html).contains("<span class=\"v Fail\">Fail</span>");
    assertThat(html).contains("<span class=\"v Pass\">Pass</span>");
    assertThat(html).contains("order 4c1f acknowledged at 61.2 s is absent from the final read");
    assertThat(html).contains(weekly.description());
    // The failed run is the newest: first in its drill's table.
    assertThat(html.indexOf("weekly-pod-kill-29409120"))
        .isLessThan(html.indexOf("weekly-pod-kill-29399040"));
    // Hostile strings: text in the DOM, never elements.
    assertThat(html.toLowerCase()).doesNotContain("<script").doesNotContain("<img");
    assertThat(html).contains("drill-&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(html).contains("message &lt;img src=x onerror=alert(2)&gt;");
    assertThat(html).contains("key &lt;script&gt;alert(1)&lt;/script&gt;");

    // The report link serves the stored report.html, which Chromium renders with no console
    // message.
    URI report = page.resolve(href(html, "weekly-pod-kill-29409120"));
    HttpResponse<String> served = get(report);
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.body()).isEqualTo(FAILED_REPORT);
    HeadlessChromium.Page reportDom = chromium.dumpDom(report.toString());
    assertThat(reportDom.console()).as("console messages of the report").isEmpty();
    assertThat(reportDom.stdout()).contains("marker-of-the-failed-run");
    assertThat(get(page.resolve(href(html, "weekly-pod-kill-29399040"))).body())
        .contains("weekly-pod-kill <b>Pass</b>");

    // No stored report, an unknown file, a name that is no Kubernetes name: 404, escaped.
    assertThat(get(page.resolve("/runs/hostile/hostile-run/report.html")).statusCode())
        .isEqualTo(404);
    assertThat(get(page.resolve("/runs/shop/weekly-pod-kill-29409120/secrets")).statusCode())
        .isEqualTo(404);
    HttpResponse<String> bad = get(page.resolve("/runs/Shop%3Cb%3E/x/report.html"));
    assertThat(bad.statusCode()).isEqualTo(404);
    assertThat(bad.body()).doesNotContain("<b>");
    assertThat(get(page.resolve("/runs/shop/weekly-pod-kill-29409120/results.json")).body())
        .contains("\"verdict\"");

    Path shots = Path.of("target", "runs-page");
    Files.createDirectories(shots);
    Path png = shots.resolve("runs-page.png");
    Files.deleteIfExists(png);
    HeadlessChromium.Page shot = chromium.screenshot(png, "1280,820", page.toString());
    assertThat(shot.exit()).as("chromium --screenshot; stderr:%n%s", shot.stderr()).isZero();
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length).isGreaterThan(10_000);
    assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    if (Boolean.getBoolean("firedrill.updateScreenshot")) {
      Files.copy(
          png,
          Path.of("..", "docs", "images", "runs-page.png"),
          StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private DrillRun create(
      String ns, String name, String drill, Trigger trigger, DrillRunStatus status) {
    DrillRun created = new TestingRuns(client).run(ns, name, drill, trigger, status);
    if (created.getStatus() == null || !created.getStatus().terminal()) {
      created.setStatus(status);
      created = client.resource(created).updateStatus();
    }
    return created;
  }

  private void store(DrillRun run, Path dir, String reportHtml) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("report.html"), reportHtml);
    Files.writeString(
        dir.resolve("results.json"),
        "{\"verdict\": \"" + RunsPage.verdictName(run.getStatus().verdict()) + "\"}");
    new ReportStore(client).write(run, dir);
  }

  private void patchReportUrl(DrillRun run) {
    DrillRun latest = new TestingRuns(client).get(run);
    DrillRunStatus s = latest.getStatus();
    latest.setStatus(
        new DrillRunStatus(
            s.phase(),
            s.verdict(),
            s.message(),
            s.startTime(),
            s.completionTime(),
            s.drillGeneration(),
            s.snapshot(),
            s.seed(),
            s.runId(),
            s.runner(),
            s.toxiproxyUrl(),
            s.planned(),
            s.faults(),
            s.operations(),
            s.invariants(),
            s.anomalyCount(),
            s.anomalies(),
            "configmap:"
                + run.getMetadata().getNamespace()
                + "/"
                + ReportStore.indexName(run.getMetadata().getName()),
            s.conditions()));
    client.resource(latest).updateStatus();
  }

  private static DrillRunStatus terminal(
      Verdict verdict,
      DrillSpec snapshot,
      String start,
      String end,
      String message,
      int anomalyCount,
      List<AnomalySummary> anomalies) {
    return new DrillRunStatus(
        RunPhase.COMPLETED,
        verdict,
        message,
        start,
        end,
        1L,
        snapshot,
        42L,
        "r42",
        null,
        null,
        null,
        null,
        null,
        null,
        anomalyCount,
        anomalies,
        null,
        null);
  }

  private static String href(String html, String run) {
    Matcher m = Pattern.compile("href=\"(/runs/[^\"]*/" + run + "/report\\.html)\"").matcher(html);
    assertThat(m.find()).as("report link of %s", run).isTrue();
    return m.group(1);
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }
}
