package dev.firedrill.operator.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus.AnomalySummary;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runs page as a pure function of DrillRuns: grouping, order, links and escaping. */
class RunsPageTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final String SCRIPT = "<script>alert(1)</script>";

  @Test
  void runsAreGroupedByDrillSortedByNamespaceAndNameNewestRunFirst() {
    DrillRun older = run("shop", "kill-1", "weekly-pod-kill", "2026-11-23T02:00:00Z", Verdict.PASS);
    DrillRun newer = run("shop", "kill-2", "weekly-pod-kill", "2026-11-30T02:00:00Z", Verdict.FAIL);
    DrillRun other = run("billing", "b-1", "phantom-writes", "2026-11-30T03:00:00Z", Verdict.PASS);

    var groups = RunsPage.byDrill(List.of(older, other, newer));

    assertThat(groups.keySet()).containsExactly("billing/phantom-writes", "shop/weekly-pod-kill");
    assertThat(groups.get("shop/weekly-pod-kill"))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly("kill-2", "kill-1");
    String html = RunsPage.render(List.of(older, other, newer), NOW);
    assertThat(html.indexOf("phantom-writes")).isLessThan(html.indexOf("weekly-pod-kill"));
    assertThat(html.indexOf("kill-2")).isLessThan(html.indexOf("kill-1"));
    // The drill's badge is its newest run's verdict.
    assertThat(html).contains("weekly-pod-kill <span class=\"v Fail\">Fail</span></h2>");
    assertThat(html).contains("3 runs");
  }

  @Test
  void aRunWithAStoredReportLinksToItAndOneWithoutSaysSo() {
    DrillRun stored = run("shop", "with-report", "d", "2026-11-30T02:00:00Z", Verdict.PASS);
    DrillRun running = new DrillRun();
    running.setMetadata(new ObjectMetaBuilder().withName("running").withNamespace("shop").build());
    running.setSpec(DrillRunSpec.of("d", DrillRunSpec.Trigger.MANUAL));
    running.setStatus(status(RunPhase.RUNNING, null, "2026-12-01T09:58:30Z", null, null, null));

    String html = RunsPage.render(List.of(stored, running), NOW);

    assertThat(html).contains("<a href=\"/runs/shop/with-report/report.html\">report</a>");
    assertThat(html).contains("<span class=\"muted\">pending</span>");
    assertThat(html).contains("1m30s so far").contains("Running");
  }

  @Test
  void everyStringFromTheClusterIsEscaped() {
    DrillRun hostile = new DrillRun();
    hostile.setMetadata(
        new ObjectMetaBuilder().withName("run\"><b>x").withNamespace("ns" + SCRIPT).build());
    hostile.setSpec(DrillRunSpec.of("drill" + SCRIPT, DrillRunSpec.Trigger.CI));
    hostile.setStatus(
        status(
            RunPhase.COMPLETED,
            Verdict.FAIL,
            "2026-11-30T02:00:00Z",
            "2026-11-30T02:03:00Z",
            "lost <img src=x onerror=alert(2)>",
            new AnomalySummary(
                "noLostWrites" + SCRIPT, "lost'", "gone " + SCRIPT, "k&<", List.of(), List.of())));

    String html = RunsPage.render(List.of(hostile), NOW);

    assertThat(html.toLowerCase())
        .doesNotContain("<script")
        .doesNotContain("<img")
        .doesNotContain("<b>x");
    assertThat(html).contains("drill&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(html).contains("ns&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(html).contains("run&quot;&gt;&lt;b&gt;x");
    assertThat(html).contains("lost &lt;img src=x onerror=alert(2)&gt;");
    assertThat(html).contains("gone &lt;script&gt;").contains("k&amp;&lt;").contains("lost&#39;");
    // The report link's path segments are URL-encoded, then escaped.
    assertThat(html)
        .contains(
            "href=\"/runs/ns%3Cscript%3Ealert%281%29%3C%2Fscript%3E/run%22%3E%3Cb%3Ex/report.html\"");
    assertThat(html).contains("3m0s");
  }

  @Test
  void noRunsYetExplainsHowToStartOne() {
    assertThat(RunsPage.render(List.of(), NOW)).contains("No DrillRuns yet").contains("0 runs");
  }

  @Test
  void onlyTheFirstAnomaliesAreListed() {
    DrillRun run = run("shop", "many", "d", "2026-11-30T02:00:00Z", Verdict.FAIL);
    List<AnomalySummary> five =
        List.of(anomaly("a1"), anomaly("a2"), anomaly("a3"), anomaly("a4"), anomaly("a5"));
    DrillRunStatus s = run.getStatus();
    run.setStatus(
        new DrillRunStatus(
            s.phase(),
            s.verdict(),
            s.message(),
            s.startTime(),
            s.completionTime(),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            5,
            five,
            s.reportUrl(),
            null));

    String html = RunsPage.render(List.of(run), NOW);

    assertThat(html).contains("a1").contains("a3").doesNotContain("a4").doesNotContain("a5");
    assertThat(html).contains("<td class=\"num\">5</td>");
  }

  private static AnomalySummary anomaly(String message) {
    return new AnomalySummary("noLostWrites", "lost", message, null, List.of(), List.of());
  }

  private static DrillRun run(String ns, String name, String drill, String start, Verdict v) {
    DrillRun run = new DrillRun();
    run.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    run.setSpec(DrillRunSpec.of(drill, DrillRunSpec.Trigger.SCHEDULE));
    DrillRunStatus s =
        status(RunPhase.COMPLETED, v, start, start.replace(":00Z", ":30Z"), "done", null);
    run.setStatus(
        new DrillRunStatus(
            s.phase(),
            s.verdict(),
            s.message(),
            s.startTime(),
            s.completionTime(),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            0,
            null,
            "configmap:" + ns + "/" + name + "-report",
            null));
    return run;
  }

  private static DrillRunStatus status(
      RunPhase phase, Verdict v, String start, String end, String message, AnomalySummary a) {
    return new DrillRunStatus(
        phase,
        v,
        message,
        start,
        end,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        a == null ? null : 1,
        a == null ? null : List.of(a),
        v == null ? null : "configmap:x/y-report",
        null);
  }
}
